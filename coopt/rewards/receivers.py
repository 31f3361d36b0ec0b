"""What this app does when another app tells it something (connected in ``apps.py``)."""

from typing import Any

from coopt.referrals.models import Referral

from .services import rewards_for_referral_event


def on_referral_progressed(sender: Any, *, referral: Referral, event: str, **kwargs: Any) -> None:
    rewards_for_referral_event(referral=referral, event=event)
