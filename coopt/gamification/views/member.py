"""Member pages: my points and level, history, leaderboards, contests (G1–G3)."""

from datetime import timedelta

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coopt.accounts.access import member_required
from coopt.accounts.http import MemberRequest

from ..limits import visit_days_per_month
from ..selectors.contests import (
    STANDINGS_SIZE,
    access_contest,
    contest_standing_of,
    contest_standings,
    contest_winners,
    contests_past,
    contests_running,
    contests_upcoming,
)
from ..selectors.points import (
    Period,
    badges_to_earn,
    department_board,
    departments_of,
    leaderboard,
    leaderboard_standing_of,
    member_summary,
    period_bounds,
    point_table,
    points_history,
)

HISTORY_PER_PAGE = 30
PAST_CONTESTS_SHOWN = 20


@member_required
@require_GET
def points(request: MemberRequest) -> HttpResponse:
    """My points, level, the next threshold, badges, and what counts."""
    membership = request.membership
    return render(
        request,
        "gamification/points.html",
        {
            "summary": member_summary(member=membership),
            "to_earn": badges_to_earn(member=membership),
            "point_table": point_table(tenant=request.tenant),
            "visit_days_per_month": visit_days_per_month(tenant=request.tenant),
            "recent": points_history(member=membership)[:5],
        },
    )


@member_required
@require_GET
def history(request: MemberRequest) -> HttpResponse:
    membership = request.membership
    page = Paginator(points_history(member=membership), HISTORY_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "gamification/history.html",
        {"page_obj": page, "events": page.object_list, "querystring_base": ""},
    )


@member_required
@require_GET
def leaderboard_page(request: MemberRequest) -> HttpResponse:
    """Who earned the most points this month, quarter or year; optionally in one department."""
    tenant = request.tenant
    period = request.GET.get("period", Period.MONTH)
    if period not in Period.ALL:
        period = Period.MONTH
    departments = list(departments_of(tenant=tenant))
    department = None
    if raw := request.GET.get("department", ""):
        department = next((d for d in departments if str(d.pk) == raw), None)
        if department is None:
            raise Http404
    start, end = period_bounds(period=period)
    rows = leaderboard(
        tenant=tenant, period=period, department=department, viewer=request.membership
    )
    own = None
    if not any(row.is_you for row in rows):
        own = leaderboard_standing_of(
            viewer=request.membership, period=period, department=department
        )
    return render(
        request,
        "gamification/leaderboard.html",
        {
            "rows": rows,
            "own": own,
            "period": period,
            "periods": [
                (Period.MONTH, _("This month")),
                (Period.QUARTER, _("This quarter")),
                (Period.YEAR, _("This year")),
            ],
            "start": start,
            "last_day": end - timedelta(days=1),
            "departments": departments,
            "department": department,
            "department_rows": (
                department_board(tenant=tenant, period=period)
                if departments and department is None
                else []
            ),
        },
    )


@member_required
@require_GET
def contests(request: MemberRequest) -> HttpResponse:
    tenant = request.tenant
    viewer = request.membership
    running = []
    for contest in contests_running(tenant=tenant):
        top = contest_standings(contest=contest, viewer=viewer, limit=3)
        own = None
        if not any(row.is_you for row in top):
            own = contest_standing_of(contest=contest, viewer=viewer)
        running.append((contest, top, own))
    return render(
        request,
        "gamification/contests.html",
        {
            "running": running,
            "upcoming": contests_upcoming(tenant=tenant),
            "past": contests_past(tenant=tenant)[:PAST_CONTESTS_SHOWN],
        },
    )


@member_required
@require_GET
def contest(request: MemberRequest, contest_id: int) -> HttpResponse:
    contest = access_contest(request.membership, contest_id)
    standings = contest_standings(contest=contest, viewer=request.membership, limit=STANDINGS_SIZE)
    own = None
    if not any(row.is_you for row in standings):
        own = contest_standing_of(contest=contest, viewer=request.membership)
    return render(
        request,
        "gamification/contest.html",
        {
            "contest": contest,
            "standings": standings,
            "own": own,
            "winners": contest_winners(contest=contest),
        },
    )
