"""The jobs a digest may offer (D3), loaded in two queries and indexed for the matching.

The catalogue of a run is the tenant's published jobs of the digest's window (the
only new matches) and its featured jobs; the jobs deferred to the batch's members are
added to it per batch. A worker keeps the catalogue of the run it works on for a
short while (``CACHE_FOR``): the batches of a run share one window, and reading 20,000
jobs again for each batch of 500 members would be most of the batch's queries' time.
A job closed meanwhile may still be offered by the batches of those few minutes, and
the offers rendered from it (kept with the catalogue) keep its title of then.
"""

import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from typing import Any

from django.db.models import Q
from django.urls import reverse

from coopt.jobs.models import Job
from coopt.tenants.models import Tenant

from ..matching import FAMILY_WEIGHT, LOCATION_WEIGHT, SECTOR_WEIGHT
from ..models import DigestRun

CACHE_FOR = 120.0  # seconds
CACHED_RUNS = 4  # a worker alternates between a few runs at most (tenants, frequencies)
_cache: dict[tuple[object, ...], tuple[float, "Catalogue"]] = {}


@dataclass
class DigestJob:
    """What a digest needs of a job: no description, tag names included."""

    pk: int
    title: str
    published_at: datetime | None
    family_id: int | None = None
    family: str = ""
    sector_id: int | None = None
    sector: str = ""
    featured: bool = False
    in_window: bool = False
    locations: list[tuple[int, str]] = field(default_factory=list)  # (tag id, name), by name

    @cached_property
    def path(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def recency(self) -> float:
        return self.published_at.timestamp() if self.published_at else 0.0


@dataclass
class Catalogue:
    """Jobs by id, with the window's jobs indexed by tag and job family."""

    jobs: dict[int, DigestJob]
    # tag id → {job id: the points the tag gives the job}: a location, family or sector
    # weight of ``matching``.
    by_tag: dict[int, dict[int, int]]
    by_family: dict[int, list[int]]
    featured: list[DigestJob]  # newest first
    rank: dict[int, tuple[float, int]]  # job id → (recency, id): how score ties are broken
    # The offers rendered from these jobs, kept as long as the catalogue (``render``).
    rendered: dict[Any, Any] = field(default_factory=dict)

    def with_jobs(self, extra: dict[int, DigestJob]) -> "Catalogue":
        """A copy that also holds ``extra`` (not in the window: no new matches)."""
        if not extra:
            return self
        rank = {**self.rank, **{pk: (job.recency, pk) for pk, job in extra.items()}}
        return replace(self, jobs={**self.jobs, **extra}, rank=rank)


def catalogue_for_run(*, run: DigestRun, since: datetime, extra_ids: set[int]) -> Catalogue:
    """The run's catalogue (kept for ``CACHE_FOR``), with the jobs ``extra_ids`` added."""
    key = (run.pk, run.tenant_id, run.period, run.started_at)
    cached = _cache.get(key)
    if cached is None or time.monotonic() - cached[0] > CACHE_FOR:
        if len(_cache) >= CACHED_RUNS:
            _cache.pop(min(_cache, key=lambda k: _cache[k][0]))
        cached = (time.monotonic(), load_catalogue(tenant=run.tenant, since=since))
        _cache[key] = cached
    catalogue = cached[1]
    missing = extra_ids - catalogue.jobs.keys()
    if missing:
        catalogue = catalogue.with_jobs(
            _load_jobs(tenant=run.tenant, since=since, condition=Q(pk__in=sorted(missing)))
        )
    return catalogue


def load_catalogue(
    *, tenant: Tenant, since: datetime, extra_ids: set[int] | None = None
) -> Catalogue:
    """The published jobs of the window, the featured ones and ``extra_ids``: 2 queries."""
    condition = Q(published_at__gte=since) | Q(featured__isnull=False)
    if extra_ids:
        condition |= Q(pk__in=sorted(extra_ids))
    jobs = _load_jobs(tenant=tenant, since=since, condition=condition)
    by_tag: dict[int, dict[int, int]] = defaultdict(dict)
    by_family: dict[int, list[int]] = defaultdict(list)
    for job in jobs.values():
        if not job.in_window:
            continue
        weighted = [(pk, LOCATION_WEIGHT) for pk, _name in job.locations]
        weighted += [(job.family_id, FAMILY_WEIGHT)] if job.family_id else []
        weighted += [(job.sector_id, SECTOR_WEIGHT)] if job.sector_id else []
        for tag_id, weight in weighted:
            by_tag[tag_id][job.pk] = by_tag[tag_id].get(job.pk, 0) + weight
        if job.family_id:
            by_family[job.family_id].append(job.pk)
    featured = [job for job in jobs.values() if job.featured]
    featured.sort(key=lambda job: (-job.recency, -job.pk))
    return Catalogue(
        jobs=jobs,
        by_tag=dict(by_tag),
        by_family=dict(by_family),
        featured=featured,
        rank={pk: (job.recency, pk) for pk, job in jobs.items()},
    )


def _load_jobs(*, tenant: Tenant, since: datetime, condition: Q) -> dict[int, DigestJob]:
    published = Job.objects.filter(condition, tenant=tenant, status=Job.Status.PUBLISHED)
    rows = published.values_list(
        "pk",
        "title",
        "published_at",
        "job_family_id",
        "job_family__name",
        "sector_id",
        "sector__name",
        "featured__id",
    )
    jobs: dict[int, DigestJob] = {}
    for pk, title, published_at, family_id, family, sector_id, sector, featured_id in rows:
        jobs[pk] = DigestJob(
            pk=pk,
            title=title,
            published_at=published_at,
            family_id=family_id,
            family=family or "",
            sector_id=sector_id,
            sector=sector or "",
            featured=featured_id is not None,
            in_window=published_at is not None and published_at >= since,
        )
    locations = Job.locations.through.objects.filter(job_id__in=published.values("pk"))
    for job_id, tag_id, name in locations.order_by("tag__name").values_list(
        "job_id", "tag_id", "tag__name"
    ):
        jobs[job_id].locations.append((tag_id, name))
    return jobs
