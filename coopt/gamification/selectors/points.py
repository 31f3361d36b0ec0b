"""Reads for points, levels, badges and leaderboards, scoped to one tenant."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from coopt.accounts.models import Department, Membership
from coopt.tenants.models import Tenant

from ..badges import BADGES, Badge
from ..levels import Level, level_for_points, levels_of, next_level, points_of
from ..models import DEFAULT_POINTS, NETWORK_ACTIONS, Action, MemberBadge, PointEvent, PointRule
from ..names import public_name

LEADERBOARD_SIZE = 50


class Period:
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    ALL = (MONTH, QUARTER, YEAR)


def point_values(*, tenant: Tenant) -> dict[str, int]:
    """Points per action: the tenant's table, with the defaults for rows not seeded yet."""
    values = dict(DEFAULT_POINTS)
    values.update(PointRule.objects.filter(tenant=tenant).values_list("action", "points"))
    return {str(action): points for action, points in values.items()}


@dataclass(frozen=True)
class PointRow:
    action: str
    label: str
    points: int


def point_table(*, tenant: Tenant) -> list[PointRow]:
    """The actions that earn points in the tenant, with their points (network-only actions
    in a network)."""
    values = point_values(tenant=tenant)
    network = tenant.mode == Tenant.Mode.NETWORK
    return [
        PointRow(action.value, str(action.label), values[action.value])
        for action in Action
        if action in DEFAULT_POINTS and (network or action not in NETWORK_ACTIONS)
    ]


@dataclass(frozen=True)
class Summary:
    points: int
    level: Level
    next_level: Level | None
    points_to_next: int
    progress_percent: int
    levels: list[Level]
    badges: list[tuple[Badge, datetime]]


def member_summary(*, member: Membership) -> Summary:
    """Points, level, next threshold and earned badges of one member."""
    points = points_of(member=member)
    levels = levels_of(tenant=member.tenant)
    level = level_for_points(points=points, levels=levels)
    upcoming = next_level(level=level, levels=levels)
    if upcoming is None:
        to_next, percent = 0, 100
    else:
        span = upcoming.threshold - level.threshold
        to_next = upcoming.threshold - points
        percent = int(100 * (points - level.threshold) / span) if span else 100
    earned = dict(MemberBadge.objects.filter(member=member).values_list("key", "awarded_at"))
    badges = [(badge, earned[badge.key]) for badge in BADGES if badge.key in earned]
    return Summary(points, level, upcoming, to_next, percent, levels, badges)


def badges_to_earn(*, member: Membership) -> list[Badge]:
    earned = set(MemberBadge.objects.filter(member=member).values_list("key", flat=True))
    return [badge for badge in BADGES if badge.key not in earned]


def points_history(*, member: Membership) -> QuerySet[PointEvent]:
    """The member's awards, newest first (0-point events are counted, not shown)."""
    return PointEvent.objects.filter(member=member).exclude(points=0).order_by("-created_at", "-id")


def period_bounds(*, period: str, now: datetime | None = None) -> tuple[datetime, datetime]:
    """The current calendar month, quarter or year in the site's time zone: [start, end)."""
    local = timezone.localtime(now or timezone.now())
    if period == Period.YEAR:
        first_month, months = 1, 12
    elif period == Period.QUARTER:
        first_month, months = 3 * ((local.month - 1) // 3) + 1, 3
    else:
        first_month, months = local.month, 1
    start = local.replace(month=first_month, day=1, hour=0, minute=0, second=0, microsecond=0)
    end_month = first_month + months
    end_year = start.year + (end_month - 1) // 12
    end_month = (end_month - 1) % 12 + 1
    # zoneinfo zones compute the offset from the wall time: a date replaced across a
    # daylight-saving change still gets the right offset.
    end = start.replace(year=end_year, month=end_month)
    return start, end


@dataclass(frozen=True)
class Ranked:
    rank: int
    member: Membership
    score: int
    name: object
    is_you: bool


def ranked(rows: list[tuple[int, int]], *, viewer: Membership | None) -> list[Ranked]:
    """(member id, score) pairs, best first, to ranks: equal scores share a rank (1, 1, 3).

    Every member is ranked; only those who opted in are named (``public_name``)."""
    members = Membership.objects.select_related("user", "tenant").in_bulk(
        [member_id for member_id, _score in rows]
    )
    result: list[Ranked] = []
    previous, rank = None, 0
    for position, (member_id, score) in enumerate(rows, start=1):
        if score != previous:
            rank, previous = position, score
        member = members[member_id]
        result.append(
            Ranked(
                rank=rank,
                member=member,
                score=score,
                name=public_name(member),
                is_you=viewer is not None and member.pk == viewer.pk,
            )
        )
    return result


def _leaderboard_totals(
    *, tenant: Tenant, period: str, department: Department | None, now: datetime | None
) -> QuerySet:
    """(member, total) rows of the members with points in the period, unordered."""
    start, end = period_bounds(period=period, now=now)
    events = PointEvent.objects.filter(
        tenant=tenant, created_at__gte=start, created_at__lt=end, member__is_active=True
    )
    if department is not None:
        events = events.filter(member__department=department)
    return events.values("member").annotate(total=Sum("points")).filter(total__gt=0)


def leaderboard(
    *,
    tenant: Tenant,
    period: str,
    department: Department | None = None,
    viewer: Membership | None = None,
    now: datetime | None = None,
    limit: int = LEADERBOARD_SIZE,
) -> list[Ranked]:
    """The members with the most points earned in the period, in two queries."""
    totals = _leaderboard_totals(tenant=tenant, period=period, department=department, now=now)
    rows = totals.order_by("-total", "member").values_list("member", "total")[:limit]
    return ranked(list(rows), viewer=viewer)


def own_standing(totals: QuerySet, *, viewer: Membership, field: str) -> Ranked | None:
    """The viewer's own rank in ``totals`` (member, ``field``) rows, wherever it falls, so
    that a member always sees it: 1 + the members with more. None without a score."""
    mine = totals.filter(member=viewer.pk).order_by().values_list(field, flat=True).first()
    if not mine:
        return None
    ahead = totals.filter(**{f"{field}__gt": mine}).count()
    return Ranked(rank=ahead + 1, member=viewer, score=mine, name=public_name(viewer), is_you=True)


def leaderboard_standing_of(
    *,
    viewer: Membership,
    period: str,
    department: Department | None = None,
    now: datetime | None = None,
) -> Ranked | None:
    """The viewer's rank on the leaderboard, even below the ones listed."""
    totals = _leaderboard_totals(
        tenant=viewer.tenant, period=period, department=department, now=now
    )
    return own_standing(totals, viewer=viewer, field="total")


@dataclass(frozen=True)
class DepartmentRow:
    rank: int
    name: str
    score: int
    members: int


def department_board(
    *, tenant: Tenant, period: str, now: datetime | None = None
) -> list[DepartmentRow]:
    """Departments by the points their active members earned in the period, in one query."""
    start, end = period_bounds(period=period, now=now)
    rows = (
        PointEvent.objects.filter(
            tenant=tenant,
            created_at__gte=start,
            created_at__lt=end,
            member__is_active=True,
            member__department__isnull=False,
        )
        .values("member__department__name")
        .annotate(total=Sum("points"), members=Count("member", distinct=True))
        .filter(total__gt=0)
        .order_by("-total", "member__department__name")
    )
    result: list[DepartmentRow] = []
    previous, rank = None, 0
    for position, row in enumerate(rows, start=1):
        if row["total"] != previous:
            rank, previous = position, row["total"]
        result.append(
            DepartmentRow(rank, row["member__department__name"], row["total"], row["members"])
        )
    return result


def departments_of(*, tenant: Tenant) -> QuerySet[Department]:
    return Department.objects.filter(tenant=tenant).order_by("name")
