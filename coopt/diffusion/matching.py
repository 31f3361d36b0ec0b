"""Matching (D1): which active members of a tenant fit a job, and why.

The score is a pure function of the reasons (``score``); the selectors gather
the reasons for many members, or many jobs, in a fixed number of queries.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import translation

from coopt.accounts.models import Membership
from coopt.gamification.levels import (
    BEGINNER,
    CONFIRMED,
    EXPERT,
    level_for_points,
    levels_of,
)
from coopt.gamification.models import MemberScore
from coopt.jobs.models import Job
from coopt.referrals.models import Referral, Status
from coopt.taxonomy.models import Tag
from coopt.tenants.models import Tenant

LOCATION_WEIGHT = 3
FAMILY_WEIGHT = 3
SECTOR_WEIGHT = 2
LEVEL_WEIGHTS = {BEGINNER: 0, CONFIRMED: 1, EXPERT: 2}
PAST_SUCCESS_WEIGHT = 2
PAST_SUCCESS_CAP = 3  # at most this many past successes count (6 points)
SUCCESS_STATUSES = (Status.MET, Status.HIRED)


@dataclass
class Reasons:
    """Why a member fits a job: the tags they follow, their level, their past successes."""

    locations: list[str] = field(default_factory=list)
    family: str = ""
    sector: str = ""
    level: str = BEGINNER
    past_successes: int = 0
    success_family: str = ""  # the job family those past successes were in

    @property
    def followed(self) -> list[str]:
        return [*self.locations, *[name for name in (self.family, self.sector) if name]]

    @property
    def is_relevant(self) -> bool:
        """An overlap or a past success: what is worth explaining (the level alone is not)."""
        return bool(self.followed) or self.past_successes > 0


def score(reasons: Reasons) -> int:
    """The match score. The level only adds to a relevant match: an expert with nothing
    in common with the job is not a match for it."""
    if not reasons.is_relevant:
        return 0
    total = LOCATION_WEIGHT * len(reasons.locations)
    total += FAMILY_WEIGHT if reasons.family else 0
    total += SECTOR_WEIGHT if reasons.sector else 0
    total += PAST_SUCCESS_WEIGHT * min(reasons.past_successes, PAST_SUCCESS_CAP)
    total += LEVEL_WEIGHTS.get(reasons.level, 0)
    return total


@dataclass
class Match:
    member: Membership
    score: int
    reasons: Reasons

    def explanation(self) -> str:
        """The reasons in the member's language (their own, else the tenant's)."""
        from coopt.notifications.language import reader_language

        from .explain import explanation

        language = reader_language(self.member.user.language, self.member)
        with translation.override(language):
            return explanation(self.reasons)


def _job_tags(job: Job) -> tuple[dict[int, Tag], set[int]]:
    """The job's tags by id (one query) and the ids of its locations."""
    ids = [pk for pk in (job.job_family_id, job.sector_id) if pk]
    tags = {
        tag.pk: tag
        for tag in Tag.objects.filter(Q(jobs=job) | Q(pk__in=ids), tenant_id=job.tenant_id)
    }
    location_ids = {pk for pk in tags if pk not in ids}
    return tags, location_ids


def _fill_tag(reasons: Reasons, *, job: Job, tag: Tag, location_ids: set[int]) -> None:
    if tag.pk in location_ids:
        reasons.locations.append(tag.name)
    elif tag.pk == job.job_family_id:
        reasons.family = tag.name
    elif tag.pk == job.sector_id:
        reasons.sector = tag.name


def _levels_by_member(*, tenant: Tenant, member_ids: list[int]) -> dict[int, str]:
    """Level keys from the cached point totals: two queries for any number of members."""
    levels = levels_of(tenant=tenant)
    points = dict(
        MemberScore.objects.filter(member_id__in=member_ids).values_list("member_id", "points")
    )
    return {pk: level_for_points(points=points.get(pk, 0), levels=levels).key for pk in member_ids}


def match_members(*, job: Job, limit: int | None = None) -> list[Match]:
    """Active members of the job's tenant with a score above 0, best first.

    Six queries whatever the number of members: the job's tags, the interests, the
    past successes, the level settings, the scores and the members.
    """
    tags, location_ids = _job_tags(job)
    reasons: dict[int, Reasons] = defaultdict(Reasons)
    active = Q(membership__tenant_id=job.tenant_id, membership__is_active=True)
    # Referrers only: a client company's recruiter is never one, even marked a member.
    active &= Q(membership__is_member=True, membership__client__isnull=True)
    interests = Membership.interests.through.objects.filter(active, tag_id__in=list(tags))
    for member_id, tag_id in interests.order_by("tag__name").values_list("membership_id", "tag_id"):
        _fill_tag(reasons[member_id], job=job, tag=tags[tag_id], location_ids=location_ids)
    if job.job_family_id:
        successes = (
            Referral.objects.filter(
                tenant_id=job.tenant_id,
                job__job_family_id=job.job_family_id,
                status__in=SUCCESS_STATUSES,
                referrer__is_active=True,
                referrer__is_member=True,
                referrer__client__isnull=True,
            )
            .values("referrer_id")
            .annotate(count=Count("id"))
        )
        for row in successes:
            reasons[row["referrer_id"]].past_successes = row["count"]
            reasons[row["referrer_id"]].success_family = tags[job.job_family_id].name
    if not reasons:
        return []
    for member_id, level in _levels_by_member(tenant=job.tenant, member_ids=list(reasons)).items():
        reasons[member_id].level = level
    members = Membership.objects.filter(pk__in=list(reasons)).select_related("user", "tenant")
    matches = [Match(member=m, score=score(reasons[m.pk]), reasons=reasons[m.pk]) for m in members]
    matches = [match for match in matches if match.score > 0]
    matches.sort(key=lambda match: (-match.score, match.member.pk))
    return matches[:limit] if limit is not None else matches


def reasons_for_jobs(
    *,
    membership: Membership,
    jobs: Iterable[Job],
    interest_ids: set[int] | None = None,
    with_level: bool = False,
) -> dict[int, Reasons]:
    """Why each job fits the member, for a page of jobs (their locations prefetched).

    Two queries whatever the number of jobs: the interests (none when given) and the
    past successes by job family; two more for the level, only ``with_level`` (the
    explanation does not name the level, so the board does without).
    """
    jobs = list(jobs)
    if not jobs:
        return {}
    if interest_ids is None:
        interest_ids = set(membership.interests.values_list("id", flat=True))
    successes = dict(
        Referral.objects.filter(
            referrer=membership,
            status__in=SUCCESS_STATUSES,
            job__job_family__isnull=False,
        )
        .values("job__job_family_id")
        .annotate(count=Count("id"))
        .values_list("job__job_family_id", "count")
    )
    level = BEGINNER
    if with_level:
        level = _levels_by_member(tenant=membership.tenant, member_ids=[membership.pk])[
            membership.pk
        ]
    found: dict[int, Reasons] = {}
    for job in jobs:
        reasons = Reasons(level=level)
        reasons.locations = sorted(
            tag.name for tag in job.locations.all() if tag.pk in interest_ids
        )
        if job.job_family_id in interest_ids and job.job_family is not None:
            reasons.family = job.job_family.name
        if job.sector_id in interest_ids and job.sector is not None:
            reasons.sector = job.sector.name
        if job.job_family_id and successes.get(job.job_family_id):
            reasons.past_successes = successes[job.job_family_id]
            reasons.success_family = job.job_family.name if job.job_family else ""
        found[job.pk] = reasons
    return found
