"""Leaderboards (G3): points earned in the month, quarter or year; by department;
names shown only when the member opted in."""

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import time_machine
from django.utils import translation

from coopt.accounts.models import Membership
from coopt.gamification.models import Action
from coopt.gamification.selectors.points import (
    Ranked,
    leaderboard,
    leaderboard_standing_of,
    period_bounds,
)
from coopt.gamification.services import points_award

from .. import factories as f

PARIS = ZoneInfo("Europe/Paris")
# Wednesday 14 May 2025, noon in Paris: month = May, quarter = April–June, year = 2025.
NOW = dt.datetime(2025, 5, 14, 12, 0, tzinfo=PARIS)


def award_at(when: dt.datetime, member: Membership, action: str, ref: str) -> None:
    with time_machine.travel(when, tick=False):
        points_award(member=member, action=action, ref=ref)


def scores(rows: Iterable[Ranked]) -> list[tuple[str, int, int]]:
    return [(row.member.user.email, row.rank, row.score) for row in rows]


def test_period_bounds_are_calendar_periods_in_the_site_time_zone():
    assert period_bounds(period="month", now=NOW) == (
        dt.datetime(2025, 5, 1, tzinfo=PARIS),
        dt.datetime(2025, 6, 1, tzinfo=PARIS),
    )
    assert period_bounds(period="quarter", now=NOW) == (
        dt.datetime(2025, 4, 1, tzinfo=PARIS),
        dt.datetime(2025, 7, 1, tzinfo=PARIS),
    )
    assert period_bounds(period="year", now=NOW) == (
        dt.datetime(2025, 1, 1, tzinfo=PARIS),
        dt.datetime(2026, 1, 1, tzinfo=PARIS),
    )
    december = dt.datetime(2025, 12, 31, 23, 30, tzinfo=PARIS)
    assert period_bounds(period="quarter", now=december)[1] == dt.datetime(2026, 1, 1, tzinfo=PARIS)


def test_a_midnight_in_paris_belongs_to_the_new_month():
    # 31 May 23:30 UTC is already 1 June in Paris.
    late = dt.datetime(2025, 5, 31, 23, 30, tzinfo=dt.UTC)
    assert period_bounds(period="month", now=late)[0] == dt.datetime(2025, 6, 1, tzinfo=PARIS)


def test_each_period_counts_the_points_earned_within_it(world):
    award_at(NOW, world.member, Action.HIRE, "may")  # 100, this month
    award_at(dt.datetime(2025, 4, 2, tzinfo=PARIS), world.expert, Action.HIRE, "april")
    award_at(dt.datetime(2025, 4, 3, tzinfo=PARIS), world.expert, Action.ANSWER, "april")
    award_at(dt.datetime(2025, 2, 1, tzinfo=PARIS), world.admin, Action.HIRE, "feb")
    award_at(dt.datetime(2025, 2, 2, tzinfo=PARIS), world.admin, Action.HIRE, "feb2")
    award_at(dt.datetime(2024, 12, 31, 23, 0, tzinfo=PARIS), world.recruiter, Action.HIRE, "old")

    month = leaderboard(tenant=world.acme, period="month", now=NOW)
    quarter = leaderboard(tenant=world.acme, period="quarter", now=NOW)
    year = leaderboard(tenant=world.acme, period="year", now=NOW)

    assert scores(month) == [("member@acme.test", 1, 100)]
    assert scores(quarter) == [("expert@acme.test", 1, 105), ("member@acme.test", 2, 100)]
    assert scores(year) == [
        ("admin@acme.test", 1, 200),
        ("expert@acme.test", 2, 105),
        ("member@acme.test", 3, 100),
    ]


def test_equal_scores_share_a_rank(world):
    for member in (world.member, world.expert):
        award_at(NOW, member, Action.HIRE, "x")
    award_at(NOW, world.admin, Action.ANSWER, "x")
    rows = leaderboard(tenant=world.acme, period="month", now=NOW)
    assert [row.rank for row in rows] == [1, 1, 3]


def test_a_department_board_counts_its_members_only(world):
    sales = f.make_department(world.acme, "Sales")
    world.member.department = sales
    world.member.save(update_fields=["department"])
    award_at(NOW, world.member, Action.ANSWER, "x")
    award_at(NOW, world.expert, Action.HIRE, "x")
    rows = leaderboard(tenant=world.acme, period="month", department=sales, now=NOW)
    assert scores(rows) == [("member@acme.test", 1, 5)]


def test_other_tenants_and_deactivated_members_are_left_out(world):
    award_at(NOW, world.outsider_member, Action.HIRE, "x")
    award_at(NOW, world.expert, Action.HIRE, "x")
    world.expert.is_active = False
    world.expert.save(update_fields=["is_active"])
    award_at(NOW, world.member, Action.ANSWER, "x")
    assert scores(leaderboard(tenant=world.acme, period="month", now=NOW)) == [
        ("member@acme.test", 1, 5)
    ]


def test_only_members_who_opted_in_are_named_and_every_rank_stays_true(world):
    award_at(NOW, world.member, Action.HIRE, "x")  # 100
    award_at(NOW, world.expert, Action.INTERVIEW, "x")  # 30
    award_at(NOW, world.admin, Action.ANSWER, "x")  # 5
    f.leaderboard_opt_in(world.admin)
    with translation.override("en"):
        rows = leaderboard(tenant=world.acme, period="month", now=NOW)
        named = [(row.rank, str(row.name)) for row in rows]
    assert named == [(1, "Anonymous"), (2, "Anonymous"), (3, world.admin.display_name)]


def test_a_member_who_opts_out_again_is_anonymous_again(world):
    award_at(NOW, world.member, Action.HIRE, "x")
    f.leaderboard_opt_in(world.member)
    f.leaderboard_opt_in(world.member, shown=False)
    [row] = leaderboard(tenant=world.acme, period="month", now=NOW)
    assert str(row.name) == "Anonymous"


def test_the_board_takes_two_queries_however_many_members(world, django_assert_num_queries):
    sales = f.make_department(world.acme, "Sales")
    for number in range(30):
        member = f.make_member(world.acme, department=sales)
        award_at(NOW, member, Action.ANSWER, f"x{number}")
        if number % 3 == 0:
            f.leaderboard_opt_in(member)
    with django_assert_num_queries(2), translation.override("en"):
        rows = leaderboard(tenant=world.acme, period="year", now=NOW)
        names = [str(row.name) for row in rows]
    assert len(names) == 30
    assert names.count("Anonymous") == 20


def test_a_member_below_the_list_still_sees_their_own_rank(world):
    for number in range(3):
        award_at(NOW, f.make_member(world.acme), Action.HIRE, f"x{number}")
    award_at(NOW, world.member, Action.ANSWER, "x")
    rows = leaderboard(tenant=world.acme, period="month", viewer=world.member, now=NOW, limit=2)
    assert not any(row.is_you for row in rows)
    own = leaderboard_standing_of(viewer=world.member, period="month", now=NOW)
    assert own is not None
    assert (own.rank, own.score, own.is_you) == (4, 5, True)
    assert leaderboard_standing_of(viewer=world.expert, period="month", now=NOW) is None


def test_the_viewer_is_marked(world):
    award_at(NOW, world.member, Action.HIRE, "x")
    award_at(NOW, world.expert, Action.HIRE, "y")
    rows = leaderboard(tenant=world.acme, period="month", viewer=world.member, now=NOW)
    assert [row.is_you for row in rows if row.member == world.member] == [True]
    assert sum(row.is_you for row in rows) == 1


def test_departments_are_ranked_by_their_members_points(world, django_assert_num_queries):
    from coopt.gamification.selectors.points import department_board

    sales, tech = f.make_department(world.acme, "Sales"), f.make_department(world.acme, "Tech")
    for member, department in ((world.member, sales), (world.expert, sales), (world.admin, tech)):
        member.department = department
        member.save(update_fields=["department"])
    award_at(NOW, world.member, Action.ANSWER, "a")
    award_at(NOW, world.expert, Action.ANSWER, "b")
    award_at(NOW, world.admin, Action.HIRE, "c")
    award_at(NOW, world.recruiter, Action.HIRE, "d")  # no department: not on this board
    with django_assert_num_queries(1):
        rows = department_board(tenant=world.acme, period="month", now=NOW)
    assert [(r.rank, r.name, r.score, r.members) for r in rows] == [
        (1, "Tech", 100, 1),
        (2, "Sales", 10, 2),
    ]
