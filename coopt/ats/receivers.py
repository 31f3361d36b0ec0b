"""What the ATS app does when the referrals tell it something (connected in ``apps.py``)."""

from typing import Any

from coopt.referrals.models import Referral
from coopt.referrals.services.events import CONFIRMED

from .services import candidate_push_queue


def on_referral_progressed(sender: Any, *, referral: Referral, event: str, **kwargs: Any) -> None:
    """The person confirmed: their referral goes to the company's ATS, after the commit."""
    if event == CONFIRMED:
        candidate_push_queue(referral=referral)
