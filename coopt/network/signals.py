"""What the network app tells the apps above it, without knowing them.

``sponsee_joined`` is sent inside ``sponsorship_join``'s transaction with the sponsor and the
new member (``sponsee``): the points for sponsoring (G1) are awarded by gamification.
Receivers write in that transaction and must be idempotent.
"""

from django.dispatch import Signal

sponsee_joined = Signal()
