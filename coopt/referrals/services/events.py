"""What a referral's progress means elsewhere: points (G1) and rewards (W2).

Called by the referral services inside their transaction, so the points and
ledger entries are written with the change or not at all. Both handlers are
idempotent: one referral and event never count twice.
"""

from ..models import Referral

MADE = "made"
CONFIRMED = "confirmed"


def referral_event(*, referral: Referral, event: str) -> None:
    """``event`` is MADE, CONFIRMED, or the new pipeline status."""
    from coopt.gamification.services import points_for_referral_event
    from coopt.rewards.services import rewards_for_referral_event

    points_for_referral_event(referral=referral, event=event)
    rewards_for_referral_event(referral=referral, event=event)
