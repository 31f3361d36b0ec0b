"""What a digest offers each member of a batch (D3), in a fixed number of queries.

A digest holds, in this order and never a job twice:

1. the jobs the recruiter features (``FeaturedJob``, still published);
2. the jobs a targeted send deferred to it because the member was over the cap (D6);
3. the member's best new matches: jobs published within the digest's window, in the
   order of ``matching.score`` (from the member's interests, level and past successes).

A job the member already has a ``Delivery`` for (a targeted send, an earlier digest)
is left out, except the deferred ones, which are what the digest is for.

The queries are per batch, never per member: the window's jobs with their tags (two,
see ``catalogue``), and for the batch's members their interests, deliveries,
past successes by job family and level (four). Scoring happens in memory through the
catalogue's tag → jobs index, so a member is only scored against the jobs that share
a tag or a job family with them, and the reasons (for the "why") are built for the
jobs offered only.
"""

import heapq
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count

from coopt.accounts.models import Membership
from coopt.gamification.levels import BEGINNER, level_for_points, levels_of
from coopt.gamification.models import MemberScore
from coopt.jobs.models import Job
from coopt.referrals.models import Referral
from coopt.tenants.models import Tenant

from ..matching import PAST_SUCCESS_CAP, PAST_SUCCESS_WEIGHT, SUCCESS_STATUSES, Reasons
from ..models import Delivery
from .catalogue import Catalogue, DigestJob

WINDOWS: dict[str, timedelta] = {
    Membership.DigestFrequency.WEEKLY: timedelta(days=7),
    Membership.DigestFrequency.MONTHLY: timedelta(days=31),
}
BEST_MATCHES = 5


@dataclass
class Offer:
    job: DigestJob
    reasons: Reasons
    deferred_id: int | None = None  # the deferred Delivery this offer settles


@dataclass
class MemberFacts:
    """What the batch's members bring to the matching, loaded in four queries."""

    interests: dict[int, set[int]]
    delivered: dict[int, set[int]]  # member → job ids with a Delivery (published jobs)
    deferred: dict[int, dict[int, int]]  # member → {job id: deferred Delivery id}
    successes: dict[int, dict[int, int]]  # member → {job family id: count}
    levels: dict[int, str]

    @property
    def deferred_job_ids(self) -> set[int]:
        return {job_id for jobs in self.deferred.values() for job_id in jobs}


def load_member_facts(*, tenant: Tenant, member_ids: list[int]) -> MemberFacts:
    interests: dict[int, set[int]] = defaultdict(set)
    for member_id, tag_id in Membership.interests.through.objects.filter(
        membership_id__in=member_ids
    ).values_list("membership_id", "tag_id"):
        interests[member_id].add(tag_id)
    delivered: dict[int, set[int]] = defaultdict(set)
    deferred: dict[int, dict[int, int]] = defaultdict(dict)
    for pk, member_id, job_id, status in Delivery.objects.filter(
        member_id__in=member_ids, job__status=Job.Status.PUBLISHED
    ).values_list("pk", "member_id", "job_id", "status"):
        delivered[member_id].add(job_id)
        if status == Delivery.Status.DEFERRED:
            deferred[member_id][job_id] = pk
    successes: dict[int, dict[int, int]] = defaultdict(dict)
    for member_id, family_id, count in (
        Referral.objects.filter(
            referrer_id__in=member_ids,
            status__in=SUCCESS_STATUSES,
            job__job_family__isnull=False,
        )
        .values("referrer_id", "job__job_family_id")
        .annotate(n=Count("id"))
        .values_list("referrer_id", "job__job_family_id", "n")
    ):
        successes[member_id][family_id] = count
    levels = levels_of(tenant=tenant)
    points = dict(
        MemberScore.objects.filter(member_id__in=member_ids).values_list("member_id", "points")
    )
    return MemberFacts(
        interests=interests,
        delivered=delivered,
        deferred=deferred,
        successes=successes,
        levels={
            pk: level_for_points(points=points.get(pk, 0), levels=levels).key for pk in member_ids
        },
    )


def reasons_for(
    job: DigestJob, *, interests: set[int], successes: dict[int, int], level: str
) -> Reasons:
    """The member's reasons for a job, as ``matching.reasons_for_jobs`` gives them."""
    reasons = Reasons(level=level)
    reasons.locations = [name for tag_id, name in job.locations if tag_id in interests]
    reasons.family = job.family if job.family_id in interests else ""
    reasons.sector = job.sector if job.sector_id in interests else ""
    if job.family_id and successes.get(job.family_id):
        reasons.past_successes = successes[job.family_id]
        reasons.success_family = job.family
    return reasons


def offers_for(member_id: int, *, catalogue: Catalogue, facts: MemberFacts) -> list[Offer]:
    """The member's digest: featured, then deferred, then the best new matches."""
    interests = facts.interests.get(member_id, set())
    successes = facts.successes.get(member_id, {})
    delivered = facts.delivered.get(member_id, set())
    deferred = facts.deferred.get(member_id, {})
    level = facts.levels.get(member_id, BEGINNER)

    def offer(job: DigestJob) -> Offer:
        reasons = reasons_for(job, interests=interests, successes=successes, level=level)
        return Offer(job=job, reasons=reasons, deferred_id=deferred.get(job.pk))

    offers = [
        offer(job) for job in catalogue.featured if job.pk in deferred or job.pk not in delivered
    ]
    offers += [
        offer(catalogue.jobs[job_id])
        for job_id in sorted(deferred)
        if job_id in catalogue.jobs and not catalogue.jobs[job_id].featured
    ]
    taken = {o.job.pk for o in offers} | delivered
    return offers + [
        offer(catalogue.jobs[pk])
        for pk in _best_matches(
            catalogue=catalogue, interests=interests, successes=successes, taken=taken
        )
    ]


def _best_matches(
    *, catalogue: Catalogue, interests: set[int], successes: dict[int, int], taken: set[int]
) -> list[int]:
    """The ids of the best new matches, best first.

    The same order as ``matching.score`` without building the reasons of every
    candidate: the points of the followed tags and past successes, summed through the
    indexes. The level is left out: it adds the same to every relevant match of a member.
    """
    points: dict[int, int] = defaultdict(int)
    for tag_id in interests:
        for job_id, weight in catalogue.by_tag.get(tag_id, {}).items():
            points[job_id] += weight
    for family_id, count in successes.items():
        bonus = PAST_SUCCESS_WEIGHT * min(count, PAST_SUCCESS_CAP)
        for job_id in catalogue.by_family.get(family_id, []):
            points[job_id] += bonus
    rank = catalogue.rank
    best = heapq.nlargest(
        BEST_MATCHES,
        (job_id for job_id, n in points.items() if n > 0 and job_id not in taken),
        key=lambda job_id: (points[job_id], *rank[job_id]),
    )
    return best
