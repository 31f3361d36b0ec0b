"""The audience editor's call (D1), against a hand-written query over the same tables.

The editor's call is what the page does each time the recruiter edits the audience:
``audience.summary`` (the size, what the fixed rules took out, and the best 100 with
their reasons: one statement, ``audience.ranked_with_counts``, then the 100 members and
their interests). The floor is one
SQL statement written by hand that returns the audience's size and its best 100 ids with
their scores: the least any implementation has to pay for the same answer. Before
timing, both are checked to give the same size and the same 100.

Both run warm on the same jobs (a seeded sample of the tenant's jobs), one job after the
other, several passes; the medians and the 95th percentiles are over every call.
"""

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from coopt.diffusion import audience
from coopt.diffusion.audience import AudienceSpec
from coopt.diffusion.matching import (
    FAMILY_WEIGHT,
    LOCATION_WEIGHT,
    PAST_SUCCESS_CAP,
    PAST_SUCCESS_WEIGHT,
    SECTOR_WEIGHT,
    SUCCESS_STATUSES,
)
from coopt.diffusion.models import Delivery
from coopt.gamification.levels import level_settings_of
from coopt.jobs.models import Job
from coopt.tenants.models import Tenant

JOBS = 25
PASSES = 3
SEED = 7

FLOOR_SQL = f"""
WITH tagged AS (
    SELECT membership_id AS id,
           SUM(CASE WHEN tag_id = ANY(%(locations)s) THEN {LOCATION_WEIGHT}
                    WHEN tag_id = %(family)s THEN {FAMILY_WEIGHT}
                    WHEN tag_id = %(sector)s THEN {SECTOR_WEIGHT} ELSE 0 END) AS points
    FROM accounts_membership_interests
    WHERE tag_id = ANY(%(tags)s)
    GROUP BY membership_id
), success AS (
    SELECT r.referrer_id AS id,
           {PAST_SUCCESS_WEIGHT} * LEAST(COUNT(*), {PAST_SUCCESS_CAP}) AS points
    FROM referrals_referral r JOIN jobs_job j ON j.id = r.job_id
    WHERE r.tenant_id = %(tenant)s AND j.job_family_id = %(family)s
      AND r.status = ANY(%(statuses)s)
    GROUP BY r.referrer_id
), audience AS (
    SELECT m.id,
           COALESCE(t.points, 0) + COALESCE(s.points, 0)
           + CASE WHEN ms.points >= %(expert)s THEN 2
                  WHEN ms.points >= %(confirmed)s THEN 1 ELSE 0 END AS score
    FROM tagged t
    FULL JOIN success s ON s.id = t.id
    JOIN accounts_membership m ON m.id = COALESCE(t.id, s.id)
    LEFT JOIN gamification_memberscore ms ON ms.member_id = m.id
    WHERE m.tenant_id = %(tenant)s AND m.is_member AND m.is_active AND m.notify_targeted
      AND NOT EXISTS (
          SELECT 1 FROM diffusion_delivery d WHERE d.job_id = %(job)s AND d.member_id = m.id
      )
)
SELECT id, score, COUNT(*) OVER () AS size FROM audience ORDER BY score DESC, id LIMIT 100
"""  # noqa: S608 - constants only; every value is a parameter


@dataclass
class AudienceResult:
    prefix: str = "audience"
    deliveries: int = 0  # rows in the delivery ledger while measured
    editor_ms: list[float] = field(default_factory=list)
    floor_ms: list[float] = field(default_factory=list)
    statement_ms: list[float] = field(default_factory=list)  # ranked_with_counts alone
    sizes: list[int] = field(default_factory=list)
    jobs: int = 0
    explain: str = ""

    @property
    def ratio(self) -> float:
        return statistics.median(self.editor_ms) / statistics.median(self.floor_ms)

    def figures(self) -> list[tuple[str, float, str]]:
        name = self.prefix
        found: list[tuple[str, float, str]] = [
            (f"{name}_median", round(statistics.median(self.editor_ms), 1), "ms"),
            (f"{name}_p95", round(percentile(self.editor_ms, 95), 1), "ms"),
            (f"{name}_floor_median", round(statistics.median(self.floor_ms), 1), "ms"),
            (f"{name}_ratio", round(self.ratio, 2), "x"),
        ]
        if self.prefix == "audience":
            found.append((f"{name}_size_median", int(statistics.median(self.sizes)), "members"))
        return found


def percentile(values: list[float], rank: int) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(rank / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def pick_jobs(tenant: Tenant, count: int = JOBS) -> list[Job]:
    ids = sorted(
        Job.objects.filter(tenant=tenant, status=Job.Status.PUBLISHED).values_list("pk", flat=True)
    )
    chosen = random.Random(SEED).sample(ids, min(count, len(ids)))
    return list(Job.objects.filter(pk__in=chosen).select_related("tenant").order_by("pk"))


def editor_call(job: Job, spec: AudienceSpec) -> int:
    """The editor's call (``audience.summary``: the counts and the best 100 with their
    reasons, or ``counts`` then ``sample`` where there is no ``summary``); returns the size."""
    summary = getattr(audience, "summary", None)
    if summary is not None:
        found = summary(job=job, spec=spec)
        size, members = found.counts.size, found.sample
    else:
        size = audience.counts(job=job, spec=spec).size
        members = audience.sample(job=job, spec=spec, size=audience.SAMPLE_SIZE)
    # What the page shows of each: the name, the reasons, the level.
    for item in members:
        _ = (item.member.display_name, item.followed, item.level, item.past_successes)
    return int(size)


def floor_params(job: Job) -> dict[str, Any]:
    levels = level_settings_of(tenant=job.tenant)
    locations = list(job.locations.values_list("pk", flat=True))
    return {
        "locations": locations,
        "family": job.job_family_id,
        "sector": job.sector_id,
        "tags": [*locations, *(pk for pk in (job.job_family_id, job.sector_id) if pk)],
        "tenant": job.tenant_id,
        "statuses": [str(status) for status in SUCCESS_STATUSES],
        "expert": levels.expert_threshold,
        "confirmed": levels.confirmed_threshold,
        "job": job.pk,
    }


def floor_call(job: Job) -> tuple[int, list[tuple[int, int]]]:
    """The hand-written query: the size and the best 100 (id, score)."""
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL, floor_params(job))
        rows = cursor.fetchall()
    return (rows[0][2] if rows else 0), [(row[0], row[1]) for row in rows]


def _timed(call: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    result = call(*args, **kwargs)
    return result, (time.perf_counter() - started) * 1000


def measure(
    tenant: Tenant, *, prefix: str = "audience", log: Callable[[str], None] = print
) -> AudienceResult:
    """The editor's call and the floor, interleaved, job after job, ``PASSES`` times; then
    one pass of the product's statement alone (``ranked_with_counts``) to split it."""
    jobs = pick_jobs(tenant)
    spec = AudienceSpec()
    result = AudienceResult(prefix=prefix, jobs=len(jobs), deliveries=Delivery.objects.count())
    for job in jobs:  # warm-up, and the check that both give the same answer
        size = editor_call(job, spec)
        floor_size, top = floor_call(job)
        ranked = audience.ranked(job=job, spec=spec, limit=audience.SAMPLE_SIZE)
        if floor_size != size or [(r[0], r[1]) for r in ranked] != top:
            raise AssertionError(f"job {job.pk}: the floor ({floor_size}) disagrees ({size})")
    for _pass in range(PASSES):
        for job in jobs:
            size, editor_ms = _timed(editor_call, job, spec)
            result.editor_ms.append(editor_ms)
            result.sizes.append(size)
            _rows, floor_ms = _timed(floor_call, job)
            result.floor_ms.append(floor_ms)
    for job in jobs:
        limit = audience.SAMPLE_SIZE
        statement = _timed(audience.ranked_with_counts, job=job, spec=spec, limit=limit)
        result.statement_ms.append(statement[1])
    log(f"{prefix}: {len(jobs)} jobs x {PASSES} passes, {result.deliveries} deliveries")
    first_pass = zip(result.sizes[: len(jobs)], jobs, strict=True)
    largest = max(first_pass, key=lambda pair: pair[0])[1]
    result.explain = explain(largest)
    return result


def explain(job: Job) -> str:
    """EXPLAIN ANALYZE of the product's statement and of the floor, for the largest
    audience of the sample: where the time goes."""
    spec = AudienceSpec()
    captured: list[tuple[str, Any]] = []

    def capture(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        audience.summary(job=job, spec=spec)
    product = [query for query in captured if "WITH tagged" in query[0]]
    queries = [*product, (FLOOR_SQL, floor_params(job))]
    parts = []
    names = ("summary()", "floor")
    for name, (sql, params) in zip(names, queries, strict=True):
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        parts.append(f"-- {name}, job {job.pk}\n{plan}")
    return "\n\n".join(parts)
