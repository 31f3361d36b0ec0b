"""What a referral's progress means elsewhere: points (G1) and rewards (W2).

Called by the referral services inside their transaction. The apps that care connect to
``referral_progressed`` (gamification and rewards, in their ``AppConfig.ready``), so the
points and ledger entries are written with the change or not at all. Their receivers are
idempotent: one referral and event never count twice.
"""

from ..models import Referral
from ..signals import referral_progressed

MADE = "made"
CONFIRMED = "confirmed"


def referral_event(*, referral: Referral, event: str) -> None:
    """``event`` is MADE, CONFIRMED, or the new pipeline status."""
    referral_progressed.send(sender=Referral, referral=referral, event=event)
