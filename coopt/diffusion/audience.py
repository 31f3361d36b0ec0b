"""The audience of a targeted send (D1): who gets the job, ranked, and why.

An ``AudienceSpec`` is the recruiter's edit of the default audience (the members the
matching finds): tags added to or removed from the ones matched on, departments and
single members added or taken out. Only referrers are ever in it: members
(``is_member``) who are not a client company's recruiter (``client``), whatever the
edit adds. Three rules always hold and are counted apart:
members who opted out of targeted e-mails, inactive members and members who already
received the job are never in it.

The queries are plain SQL over the tables the matching reads, so that a tenant of
200,000 members is counted and ranked in one pass by the database (see
docs/performance.md); the score is the one of ``coopt.diffusion.matching.score``,
written as SQL with the same weights (tests/diffusion/test_audience.py holds them
equal).
"""

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Q

from coopt.accounts.models import Department, Membership
from coopt.gamification.levels import BEGINNER, CONFIRMED, EXPERT, level_settings_of
from coopt.jobs.models import Job
from coopt.referrals.models import Referral
from coopt.taxonomy.models import Tag
from coopt.taxonomy.selectors import active_tags

from .matching import (
    FAMILY_WEIGHT,
    LEVEL_WEIGHTS,
    LOCATION_WEIGHT,
    PAST_SUCCESS_CAP,
    PAST_SUCCESS_WEIGHT,
    SECTOR_WEIGHT,
    SUCCESS_STATUSES,
)
from .models import Delivery

SAMPLE_SIZE = 100
KIND_WEIGHTS = {
    Tag.Kind.LOCATION: LOCATION_WEIGHT,
    Tag.Kind.FAMILY: FAMILY_WEIGHT,
    Tag.Kind.SECTOR: SECTOR_WEIGHT,
}


@dataclass
class AudienceSpec:
    """The recruiter's changes to the default audience; all lists hold ids of the tenant."""

    add_tags: list[int] = field(default_factory=list)
    remove_tags: list[int] = field(default_factory=list)
    add_departments: list[int] = field(default_factory=list)
    remove_departments: list[int] = field(default_factory=list)
    add_members: list[int] = field(default_factory=list)
    remove_members: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, list[int]]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> "AudienceSpec":
        data = data or {}
        return cls(**{name: [int(pk) for pk in data.get(name, [])] for name in cls.names()})

    @classmethod
    def names(cls) -> list[str]:
        return list(cls.__dataclass_fields__)


@dataclass
class Counts:
    """The audience size and what the three fixed rules took out."""

    size: int = 0
    opted_out: int = 0
    inactive: int = 0
    already_sent: int = 0


@dataclass
class AudienceMember:
    """One member of the sample, with the reasons the recruiter sees."""

    member: Membership
    score: int
    followed: list[str]
    past_successes: int
    level: str
    by_department: bool
    by_hand: bool


@dataclass
class Query:
    """The SQL pieces of one audience: the candidates, their score and level."""

    sql_with: str
    sql_from: str
    params: list[Any]
    tag_weights: dict[int, int]


def matched_tags(*, job: Job, spec: AudienceSpec) -> dict[int, Tag]:
    """The tags matched on: the job's own plus the added ones, minus the removed ones
    (one query)."""
    own = [pk for pk in (job.job_family_id, job.sector_id) if pk]
    # The job's locations by a subquery on its own rows (the join the reverse relation
    # makes, with DISTINCT, reads every job's locations).
    locations = Job.locations.through.objects.filter(job_id=job.pk).values("tag_id")
    found = (
        active_tags(job.tenant_id)
        .filter(Q(pk__in=locations) | Q(pk__in=[*own, *spec.add_tags]))
        .exclude(pk__in=spec.remove_tags)
    )
    return {tag.pk: tag for tag in found}


def _ids(values: list[Any]) -> tuple[str, list[Any]]:
    """An SQL list of placeholders; ``(NULL)`` for none, which matches nothing."""
    if not values:
        return "(NULL)", []
    return "(" + ", ".join(["%s"] * len(values)) + ")", list(values)


def _in(column: str, values: list[int], *, negate: bool = False) -> tuple[str, list[int]]:
    """``column IN (…)``, or ``NOT IN``; an empty list is false (``IN``) or true (``NOT IN``)."""
    if not values:
        return ("1 = 1" if negate else "1 = 0"), []
    placeholders, params = _ids(values)
    return f"{column} {'NOT IN' if negate else 'IN'} {placeholders}", params


def build_query(*, job: Job, spec: AudienceSpec, tags: dict[int, Tag] | None = None) -> Query:
    """The candidates (before the three fixed rules) with their tag score and successes."""
    tags = matched_tags(job=job, spec=spec) if tags is None else tags
    weights = {pk: KIND_WEIGHTS.get(Tag.Kind(tag.kind), 0) for pk, tag in tags.items()}
    interests = Membership.interests.through._meta.db_table
    tag_list, tag_params = _ids(list(weights))
    cases = " ".join("WHEN %s THEN %s" for _pk in weights)
    case_params = [value for pk, weight in weights.items() for value in (pk, weight)]
    tag_score = f"CASE i.tag_id {cases} ELSE 0 END" if weights else "0"
    family_in_spec = job.job_family_id in weights or job.job_family_id in spec.add_tags
    statuses, status_params = _ids([str(status) for status in SUCCESS_STATUSES])
    # Only table names and placeholders are interpolated; every value is a parameter.
    sql_with = f"""
        WITH tagged AS (
            SELECT i.membership_id AS member_id, SUM({tag_score}) AS tag_score
            FROM {interests} i
            WHERE i.tag_id IN {tag_list}
            GROUP BY i.membership_id
        ), success AS (
            SELECT r.referrer_id AS member_id, COUNT(*) AS n
            FROM {Referral._meta.db_table} r
            JOIN {Job._meta.db_table} j ON j.id = r.job_id
            WHERE r.tenant_id = %s AND j.job_family_id = %s AND r.status IN {statuses}
            GROUP BY r.referrer_id
        )"""  # noqa: S608
    with_params = [*case_params, *tag_params, job.tenant_id]
    with_params += [job.job_family_id if family_in_spec else None, *status_params]
    add_deps, add_deps_params = _in("m.department_id", spec.add_departments)
    add_members, add_members_params = _in("m.id", spec.add_members)
    remove_deps, remove_deps_params = _in("m.department_id", spec.remove_departments, negate=True)
    remove_members, remove_members_params = _in("m.id", spec.remove_members, negate=True)
    sql_from = f"""
        FROM {Membership._meta.db_table} m
        LEFT JOIN tagged t ON t.member_id = m.id
        LEFT JOIN success s ON s.member_id = m.id
        LEFT JOIN gamification_memberscore ms ON ms.member_id = m.id
        LEFT JOIN {Delivery._meta.db_table} d ON d.job_id = %s AND d.member_id = m.id
        WHERE m.tenant_id = %s AND m.is_member AND m.client_id IS NULL
          AND (t.member_id IS NOT NULL OR s.member_id IS NOT NULL
               OR {add_deps} OR {add_members})
          AND {remove_members}
          AND (m.department_id IS NULL OR {remove_deps})"""
    from_params = [job.pk, job.tenant_id, *add_deps_params, *add_members_params]
    from_params += [*remove_members_params, *remove_deps_params]
    return Query(
        sql_with=sql_with,
        sql_from=sql_from,
        params=[*with_params, *from_params],
        tag_weights=weights,
    )


def _level_sql(job: Job) -> tuple[str, list[int]]:
    settings = level_settings_of(tenant=job.tenant)
    points = "COALESCE(ms.points, 0)"
    sql = f"CASE WHEN {points} >= %s THEN 2 WHEN {points} >= %s THEN 1 ELSE 0 END"
    return sql, [settings.expert_threshold, settings.confirmed_threshold]


def _score_sql(level_sql: str) -> str:
    """``matching.score`` in SQL: the level counts only alongside an overlap or a success."""
    weights = LEVEL_WEIGHTS
    assert (weights[BEGINNER], weights[CONFIRMED], weights[EXPERT]) == (0, 1, 2)
    cap = PAST_SUCCESS_CAP
    success = f"{PAST_SUCCESS_WEIGHT} * (CASE WHEN s.n > {cap} THEN {cap} ELSE s.n END)"
    return f"""CASE WHEN t.member_id IS NULL AND s.member_id IS NULL THEN 0
        ELSE COALESCE(t.tag_score, 0) + COALESCE({success}, 0) + {level_sql} END"""


# The three fixed rules: active, not opted out, not already sent the job. The ledger is
# LEFT JOINed on (job, member), unique, so "already sent" is one hash or anti join.
ALLOWED = "(m.is_active AND m.notify_targeted AND d.member_id IS NULL)"
EXCLUSIONS = (
    "CASE WHEN NOT m.is_active THEN 1 ELSE 0 END",
    "CASE WHEN m.is_active AND NOT m.notify_targeted THEN 1 ELSE 0 END",
    "CASE WHEN m.is_active AND m.notify_targeted AND d.member_id IS NOT NULL THEN 1 ELSE 0 END",
)


def _counts_of(row: tuple[Any, ...]) -> Counts:
    size, inactive, opted_out, already_sent = (value or 0 for value in row)
    return Counts(size=size, opted_out=opted_out, inactive=inactive, already_sent=already_sent)


def counts(*, job: Job, spec: AudienceSpec, tags: dict[int, Tag] | None = None) -> Counts:
    """The audience size and the members each fixed rule kept out (one query).

    A member kept out for more than one reason counts once, under the first that
    applies: inactive, then opted out, then already sent.
    """
    query = build_query(job=job, spec=spec, tags=tags)
    sums = ", ".join(f"SUM({case})" for case in EXCLUSIONS)
    sql = f"""{query.sql_with}
        SELECT SUM(CASE WHEN {ALLOWED} THEN 1 ELSE 0 END), {sums}
        {query.sql_from}"""  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, query.params)
        return _counts_of(cursor.fetchone())


def _with_len(query: Query) -> int:
    """How many of the query's parameters belong to its WITH clause."""
    return query.sql_with.count("%s")


def _ranked_select(job: Job) -> tuple[str, list[Any]]:
    """The SELECT list of a ranked row, ``(id, score, level weight, successes)``."""
    level_sql, level_params = _level_sql(job)
    score_sql = _score_sql(level_sql)
    select = f"m.id, {score_sql} AS score, {level_sql} AS level, COALESCE(s.n, 0) AS successes"
    return select, [*level_params, *level_params]


def ranked(
    *, job: Job, spec: AudienceSpec, limit: int | None = None, tags: dict[int, Tag] | None = None
) -> list[tuple[int, int, int, int]]:
    """``(member id, score, level weight, past successes)`` of the audience, best first
    (ties: oldest membership first)."""
    query = build_query(job=job, spec=spec, tags=tags)
    select, select_params = _ranked_select(job)
    sql = f"""{query.sql_with}
        SELECT {select}
        {query.sql_from} AND {ALLOWED}
        ORDER BY score DESC, m.id"""
    params = [*query.params[: _with_len(query)], *select_params]
    params += query.params[_with_len(query) :]
    if limit is not None:
        sql += " LIMIT %s"
        params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]


def ranked_with_counts(
    *, job: Job, spec: AudienceSpec, limit: int, tags: dict[int, Tag] | None = None
) -> tuple[Counts, list[tuple[int, int, int, int]]]:
    """``counts`` and ``ranked(limit=…)`` in one statement, one pass over the candidates:
    the counts are window sums over every candidate, the rows the best of the allowed."""
    query = build_query(job=job, spec=spec, tags=tags)
    select, select_params = _ranked_select(job)
    cases = (f"CASE WHEN {ALLOWED} THEN 1 ELSE 0 END", *EXCLUSIONS)
    names = ("size", "inactive", "opted_out", "already_sent")  # the order of _counts_of
    windows = ", ".join(
        f"SUM({case}) OVER () AS {name}" for case, name in zip(cases, names, strict=True)
    )
    sql = f"""{query.sql_with}
        SELECT * FROM (
            SELECT {select}, CASE WHEN {ALLOWED} THEN 1 ELSE 0 END AS allowed, {windows}
            {query.sql_from}
        ) audience
        ORDER BY allowed DESC, score DESC, id
        LIMIT %s"""  # noqa: S608
    params = [*query.params[: _with_len(query)], *select_params]
    params += [*query.params[_with_len(query) :], limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return Counts(), []
    found = [tuple(row[:4]) for row in rows if row[4]]
    return _counts_of(tuple(rows[0][5:])), found


LEVEL_BY_WEIGHT = {2: EXPERT, 1: CONFIRMED, 0: BEGINNER}


def iter_members(*, job: Job, spec: AudienceSpec) -> Iterator[tuple[int, int, str]]:
    """Every member of the audience as ``(member id, score, level key)``, best first."""
    for member_id, member_score, level, _successes in ranked(job=job, spec=spec):
        yield member_id, member_score, LEVEL_BY_WEIGHT[level]


def sample(
    *,
    job: Job,
    spec: AudienceSpec,
    size: int = SAMPLE_SIZE,
    tags: dict[int, Tag] | None = None,
) -> list[AudienceMember]:
    """The best ``size`` members with their reasons: five queries, or three with ``tags``."""
    tags = matched_tags(job=job, spec=spec) if tags is None else tags
    return _with_reasons(ranked(job=job, spec=spec, limit=size, tags=tags), spec=spec, tags=tags)


def _with_reasons(
    rows: list[tuple[int, int, int, int]], *, spec: AudienceSpec, tags: dict[int, Tag]
) -> list[AudienceMember]:
    """The ranked rows as members with their reasons (two queries)."""
    if not rows:
        return []
    ids = [row[0] for row in rows]
    members = Membership.objects.select_related("user", "department").in_bulk(ids)
    followed: dict[int, list[str]] = {pk: [] for pk in ids}
    interests = Membership.interests.through.objects.filter(
        membership_id__in=ids, tag_id__in=list(tags)
    )
    for member_id, tag_id in interests.values_list("membership_id", "tag_id"):
        followed[member_id].append(tags[tag_id].name)
    added_departments = set(spec.add_departments)
    added_members = set(spec.add_members)
    return [
        AudienceMember(
            member=members[member_id],
            score=member_score,
            followed=sorted(followed[member_id]),
            past_successes=successes,
            level=LEVEL_BY_WEIGHT[level],
            by_department=members[member_id].department_id in added_departments,
            by_hand=member_id in added_members,
        )
        for member_id, member_score, level, successes in rows
    ]


@dataclass
class Summary:
    """What the editor shows: the size, the exclusions, the best members and their reasons."""

    counts: Counts
    sample: list[AudienceMember]
    tags: dict[int, Tag]


def summary(*, job: Job, spec: AudienceSpec, size: int = SAMPLE_SIZE) -> Summary:
    """The editor's whole audience view in five queries, whatever the tenant's size: the
    tags, the level settings, the counts with the best ``size``, their members and their
    interests."""
    tags = matched_tags(job=job, spec=spec)
    found_counts, rows = ranked_with_counts(job=job, spec=spec, limit=size, tags=tags)
    return Summary(
        counts=found_counts,
        sample=_with_reasons(rows, spec=spec, tags=tags),
        tags=tags,
    )


def spec_choices(*, job: Job) -> dict[str, Any]:
    """What the editor offers: the tenant's tags by kind and its departments."""
    tags = active_tags(job.tenant_id).order_by("kind", "name")
    return {
        "tags": list(tags),
        "departments": list(Department.objects.filter(tenant_id=job.tenant_id).order_by("name")),
    }
