"""Badges (G3): milestones a member reaches once, defined in code.

A badge is earned when the member's count of one action reaches a number; the
MemberBadge row (unique per member and key) records it once.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Action


@dataclass(frozen=True)
class Badge:
    key: str
    action: str
    count: int
    name: Promise
    description: Promise


BADGES: tuple[Badge, ...] = (
    Badge(
        "first_referral",
        Action.REFERRAL_MADE,
        1,
        _("First referral"),
        _("You recommended someone for the first time."),
    ),
    Badge(
        "first_confirmed",
        Action.REFERRAL_CONFIRMED,
        1,
        _("First confirmed referral"),
        _("A person you recommended confirmed their interest."),
    ),
    Badge(
        "first_interview",
        Action.INTERVIEW,
        1,
        _("First interview"),
        _("A person you recommended was interviewed."),
    ),
    Badge(
        "first_hire",
        Action.HIRE,
        1,
        _("First hire"),
        _("A person you recommended was hired."),
    ),
    Badge(
        "ten_referrals",
        Action.REFERRAL_MADE,
        10,
        _("10 referrals"),
        _("You recommended ten people."),
    ),
    Badge(
        "five_hires",
        Action.HIRE,
        5,
        _("Talent scout"),
        _("Five people you recommended were hired."),
    ),
    Badge(
        "first_share",
        Action.SHARE,
        1,
        _("Messenger"),
        _("Someone opened a job through your link."),
    ),
)

BADGES_BY_KEY = {badge.key: badge for badge in BADGES}


def badges_for_action(action: str) -> list[Badge]:
    return [badge for badge in BADGES if badge.action == action]
