"""What this app does when another app tells it something (connected in ``apps.py``)."""

from typing import Any

from coopt.accounts.models import Membership
from coopt.referrals.models import Referral

from .models import Action as PointAction
from .services import points_award, points_for_referral_event


def on_referral_progressed(sender: Any, *, referral: Referral, event: str, **kwargs: Any) -> None:
    points_for_referral_event(referral=referral, event=event)


def on_sponsee_joined(
    sender: Any, *, sponsor: Membership, sponsee: Membership, **kwargs: Any
) -> None:
    """A member brought someone into the network: the sponsorship's points (G1), once."""
    points_award(member=sponsor, action=PointAction.SPONSORSHIP, ref=f"sponsee:{sponsee.pk}")
