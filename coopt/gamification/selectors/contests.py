"""Reads for contests: lists, access, standings."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from coopt.accounts.models import Membership
from coopt.tenants.models import Tenant

from ..models import Action, Contest, PointEvent
from ..names import public_name
from .points import Ranked, own_standing, ranked

CRITERION_ACTIONS: dict[str, str] = {
    Contest.Criterion.MADE: Action.REFERRAL_MADE,
    Contest.Criterion.CONFIRMED: Action.REFERRAL_CONFIRMED,
    Contest.Criterion.MET: Action.INTERVIEW,
    Contest.Criterion.HIRED: Action.HIRE,
}
STANDINGS_SIZE = 20


def access_contest(member: Membership, contest_id: int) -> Contest:
    """A contest of the member's tenant, or 404: every member sees every contest."""
    return get_object_or_404(
        Contest.objects.select_related("job_family"), tenant_id=member.tenant_id, pk=contest_id
    )


def contests_of(*, tenant: Tenant) -> QuerySet[Contest]:
    return Contest.objects.filter(tenant=tenant).select_related("job_family")


def contests_running(*, tenant: Tenant, now: datetime | None = None) -> QuerySet[Contest]:
    now = now or timezone.now()
    return (
        contests_of(tenant=tenant).filter(starts_at__lte=now, ends_at__gt=now).order_by("ends_at")
    )


def contests_upcoming(*, tenant: Tenant, now: datetime | None = None) -> QuerySet[Contest]:
    now = now or timezone.now()
    return contests_of(tenant=tenant).filter(starts_at__gt=now).order_by("starts_at")


def contests_past(*, tenant: Tenant, now: datetime | None = None) -> QuerySet[Contest]:
    now = now or timezone.now()
    return contests_of(tenant=tenant).filter(ends_at__lte=now).order_by("-ends_at")


def _contest_scores(contest: Contest) -> QuerySet:
    events = PointEvent.objects.filter(
        tenant_id=contest.tenant_id,
        action=CRITERION_ACTIONS[contest.criterion],
        created_at__gte=contest.starts_at,
        created_at__lt=contest.ends_at,
        member__is_active=True,
    )
    if contest.job_family_id is not None:
        events = events.filter(referral__job__job_family_id=contest.job_family_id)
    return events.values("member").annotate(score=Count("id"))


def contest_standings(
    *, contest: Contest, viewer: Membership | None = None, limit: int | None = None
) -> list[Ranked]:
    """Active members by the number of counted referral events in [start, end).

    An event counts when it happened within the contest, whenever the referral was
    made; with a job family, only referrals for jobs of that family count.
    """
    rows = _contest_scores(contest).order_by("-score", "member")
    pairs = rows.values_list("member", "score")
    if limit is not None:
        pairs = pairs[:limit]
    return ranked(list(pairs), viewer=viewer)


def contest_standing_of(*, contest: Contest, viewer: Membership) -> Ranked | None:
    """The viewer's rank in the contest, even below the standings listed."""
    return own_standing(_contest_scores(contest), viewer=viewer, field="score")


@dataclass(frozen=True)
class Winner:
    member: Membership
    score: int
    public_name: object  # their name if they opted in, else "Anonymous"


def contest_winners(*, contest: Contest) -> list[Winner]:
    """The stored winners, in order."""
    winners = contest.winners.select_related("member__user", "member__tenant")
    return [
        Winner(member=winner.member, score=winner.score, public_name=public_name(winner.member))
        for winner in winners
    ]
