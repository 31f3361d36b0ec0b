"""Levels (G2): beginner, confirmed, expert, computed from a member's points.

The keys are fixed (other apps, e.g. rewards by level, depend on them); each
tenant names them and sets the thresholds.
"""

from dataclasses import dataclass

from django.utils.functional import Promise

from coopt.accounts.models import Membership
from coopt.tenants.models import Tenant

from .models import LevelKey, LevelSettings, MemberScore

BEGINNER = LevelKey.BEGINNER.value
CONFIRMED = LevelKey.CONFIRMED.value
EXPERT = LevelKey.EXPERT.value
LEVEL_KEYS = (BEGINNER, CONFIRMED, EXPERT)


@dataclass(frozen=True)
class Level:
    key: str
    name: str | Promise  # the default names stay lazy: translated where they are shown
    threshold: int


def level_settings_of(*, tenant: Tenant) -> LevelSettings:
    """The tenant's settings, or unsaved defaults (0 / 100 / 300)."""
    found = LevelSettings.objects.filter(tenant=tenant).first()
    return found if found is not None else LevelSettings(tenant=tenant)


def levels_of(*, tenant: Tenant, settings: LevelSettings | None = None) -> list[Level]:
    """The three levels in order, with the tenant's names (or the translated defaults)."""
    s = settings if settings is not None else level_settings_of(tenant=tenant)
    return [
        Level(BEGINNER, s.beginner_name or LevelKey.BEGINNER.label, 0),
        Level(CONFIRMED, s.confirmed_name or LevelKey.CONFIRMED.label, s.confirmed_threshold),
        Level(EXPERT, s.expert_name or LevelKey.EXPERT.label, s.expert_threshold),
    ]


def level_for_points(*, points: int, levels: list[Level]) -> Level:
    """The highest level whose threshold the points reach (a threshold is inclusive)."""
    current = levels[0]
    for level in levels:
        if points >= level.threshold:
            current = level
    return current


def next_level(*, level: Level, levels: list[Level]) -> Level | None:
    index = [lv.key for lv in levels].index(level.key)
    return levels[index + 1] if index + 1 < len(levels) else None


def points_of(*, member: Membership) -> int:
    score = MemberScore.objects.filter(member=member).values_list("points", flat=True).first()
    return score or 0


def level_of(*, member: Membership) -> Level:
    levels = levels_of(tenant=member.tenant)
    return level_for_points(points=points_of(member=member), levels=levels)


def level_key_of(*, member: Membership) -> str:
    """The level key, "beginner", "confirmed" or "expert", from the member's points."""
    return level_of(member=member).key


def level_key_at_referral(*, referral_id: int) -> str | None:
    """The referrer's level when they made the referral, if it was kept (referrals made
    before levels were kept have none: the caller falls back on the current level)."""
    from .models import ReferralLevel

    return (
        ReferralLevel.objects.filter(referral_id=referral_id)
        .values_list("level", flat=True)
        .first()
    )
