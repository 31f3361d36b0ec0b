"""What the referral app tells the apps above it, without knowing them.

``referral_progressed`` is sent inside the referral service's transaction, with the
referral and the event (MADE, CONFIRMED or the new pipeline status). Receivers (points,
rewards) write in that same transaction and must be idempotent; an exception in one rolls
the whole change back, so it is sent with ``send``, never ``send_robust``.
"""

from django.dispatch import Signal

referral_progressed = Signal()
