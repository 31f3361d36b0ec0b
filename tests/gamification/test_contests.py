"""Contests (G3): standings on one kind of referral event within the dates, winners
computed after the end (all tied at the top win), announced once to every member."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from coopt.accounts.models import Membership
from coopt.gamification.models import Contest, ContestWinner
from coopt.gamification.selectors.contests import contest_standing_of, contest_standings
from coopt.gamification.services import (
    ContestError,
    contest_close,
    contest_create,
    contest_delete,
    contest_update,
)
from coopt.gamification.tasks import close_ended_contests
from coopt.jobs.models import Job
from coopt.notifications.models import Notification
from coopt.referrals.models import Status
from coopt.taxonomy.models import Tag
from coopt.tenants.models import Tenant

from .. import factories as f
from ..conftest import World

PARIS = ZoneInfo("Europe/Paris")
BEFORE = dt.datetime(2025, 2, 27, 10, 0, tzinfo=PARIS)
MARCH_START = dt.datetime(2025, 3, 1, tzinfo=PARIS)
DURING = dt.datetime(2025, 3, 10, 10, 0, tzinfo=PARIS)
MARCH_END = dt.datetime(2025, 4, 1, tzinfo=PARIS)
AFTER = dt.datetime(2025, 4, 1, 0, 5, tzinfo=PARIS)


def make_contest(
    world: World,
    *,
    criterion: str = "confirmed",
    job_family: Tag | None = None,
    starts_at: dt.datetime = MARCH_START,
    ends_at: dt.datetime = MARCH_END,
) -> Contest:
    with time_machine.travel(BEFORE, tick=False):
        return contest_create(
            tenant=world.acme,
            author=world.admin,
            title="March for Sales",
            criterion=criterion,
            job_family=job_family,
            prize="A weekend for two",
            starts_at=starts_at,
            ends_at=ends_at,
        )


def at(
    when: dt.datetime,
    member: Membership,
    job: Job,
    *,
    count: int = 1,
    confirmed: bool = False,
    status: str = Status.RECOMMENDED,
) -> None:
    """``count`` referrals by ``member`` made at ``when``, confirmed or moved on as told."""
    with time_machine.travel(when, tick=False):
        for _number in range(count):
            f.refer(referrer=member, job=job, confirmed=confirmed, status=status)


def test_standings_count_the_criterion_within_the_dates(world):
    contest = make_contest(world)
    at(BEFORE, world.member, world.job, confirmed=True, count=3)  # before: not counted
    at(DURING, world.member, world.job, confirmed=True, count=2)
    at(DURING, world.expert, world.job, count=4)  # made, not confirmed
    at(DURING, world.admin, world.job, status="hired")  # a hire was confirmed too
    at(AFTER, world.admin, world.job, confirmed=True, count=5)  # after: not counted
    rows = contest_standings(contest=contest)
    assert [(row.member, row.rank, row.score) for row in rows] == [
        (world.member, 1, 2),
        (world.admin, 2, 1),
    ]


def test_a_job_family_restricts_what_counts(world):
    sales = f.make_tag(world.acme, "Sales", kind=Tag.Kind.FAMILY)
    sales_job = f.make_job(world.acme, title="Sales rep", job_family=sales)
    contest = make_contest(world, criterion="made", job_family=sales)
    at(DURING, world.member, sales_job, count=2)
    at(DURING, world.expert, world.job, count=3)
    assert [(row.member, row.score) for row in contest_standings(contest=contest)] == [
        (world.member, 2)
    ]


def test_the_winners_are_computed_after_the_end_and_announced_once(world):
    contest = make_contest(world)
    at(DURING, world.member, world.job, confirmed=True, count=2)
    at(DURING, world.expert, world.job, confirmed=True, count=1)
    f.leaderboard_opt_in(world.member)

    with time_machine.travel(DURING, tick=False):
        assert close_ended_contests.delay().get() == 0  # not over yet
    assert not ContestWinner.objects.exists()

    with time_machine.travel(AFTER, tick=False):
        assert close_ended_contests.delay().get() == 1
        assert close_ended_contests.delay().get() == 0  # a second run does nothing
        assert contest_close(contest_id=contest.pk) is False

    contest.refresh_from_db()
    assert contest.announced_at is not None and contest.winners_computed_at is not None
    assert [(w.member, w.score) for w in contest.winners.all()] == [(world.member, 2)]
    announced = Notification.objects.filter(subject_ref=f"contest:{contest.pk}")
    active = world.acme.memberships.filter(is_active=True).count()
    assert announced.count() == active
    assert announced.filter(recipient=world.member).count() == 1
    assert "You won" in announced.get(recipient=world.member).text
    other = announced.get(recipient=world.recruiter).text
    assert "March for Sales" in other and world.member.display_name in other
    assert "A weekend for two" in other
    assert not Notification.objects.filter(recipient__tenant=world.globex).exists()


def test_everyone_tied_at_the_top_wins(world):
    contest = make_contest(world, criterion="made")
    at(DURING, world.member, world.job, count=2)
    at(DURING, world.expert, world.job, count=2)
    at(DURING, world.admin, world.job, count=1)
    with time_machine.travel(AFTER, tick=False):
        contest_close(contest_id=contest.pk)
    winners = set(ContestWinner.objects.filter(contest=contest).values_list("member", flat=True))
    assert winners == {world.member.pk, world.expert.pk}
    assert [row.rank for row in contest_standings(contest=contest)] == [1, 1, 3]


def test_a_contest_nobody_scored_in_has_no_winner(world):
    contest = make_contest(world, criterion="hired")
    at(DURING, world.member, world.job)
    with time_machine.travel(AFTER, tick=False):
        assert contest_close(contest_id=contest.pk) is True
    assert not ContestWinner.objects.exists()
    note = Notification.objects.get(recipient=world.member, subject_ref=f"contest:{contest.pk}")
    assert "no winner" in note.text


def test_the_announcement_names_a_winner_only_if_they_opted_in(world):
    contest = make_contest(world, criterion="made")
    at(DURING, world.member, world.job)
    with time_machine.travel(AFTER, tick=False):
        contest_close(contest_id=contest.pk)
    text = Notification.objects.get(
        recipient=world.expert, subject_ref=f"contest:{contest.pk}"
    ).text
    assert "Anonymous" in text
    assert world.member.display_name not in text


def test_announcements_are_in_each_members_language(world):
    world.expert.user.language = "fr"
    world.expert.user.save(update_fields=["language"])
    contest = make_contest(world, criterion="made")
    with time_machine.travel(AFTER, tick=False):
        contest_close(contest_id=contest.pk)
    english = Notification.objects.get(recipient=world.recruiter).text
    french = Notification.objects.get(recipient=world.expert).text
    assert english.startswith("The contest")
    assert "March for Sales" in french


def test_a_contest_must_end_after_it_starts(world):
    with pytest.raises(ContestError):
        make_contest(world, starts_at=MARCH_END, ends_at=MARCH_START)
    assert not Contest.objects.exists()


def test_a_contest_cannot_end_in_the_past(world):
    with time_machine.travel(AFTER, tick=False), pytest.raises(ContestError):
        contest_create(
            tenant=world.acme,
            author=world.admin,
            title="Too late",
            starts_at=MARCH_START,
            ends_at=MARCH_END,
            criterion="made",
            prize="-",
        )


def test_another_tenants_job_family_is_refused(world):
    theirs = f.make_tag(world.globex, "Finance", kind=Tag.Kind.FAMILY)
    with pytest.raises(ContestError):
        make_contest(world, job_family=theirs)


def test_a_closed_contest_can_no_longer_change_or_go(world):
    contest = make_contest(world)
    with time_machine.travel(AFTER, tick=False):
        contest_close(contest_id=contest.pk)
    with pytest.raises(ContestError):
        contest_update(contest=contest, title="Changed")
    with pytest.raises(ContestError):
        contest_delete(contest=contest)
    assert Contest.objects.get(pk=contest.pk).title == "March for Sales"


def test_an_open_contest_can_change_and_go(world):
    contest = make_contest(world)
    with time_machine.travel(BEFORE, tick=False):
        contest_update(contest=contest, prize="Two weekends")
        assert Contest.objects.get(pk=contest.pk).prize == "Two weekends"
        contest_delete(contest=contest)
    assert not Contest.objects.exists()


def test_a_tenants_pages_show_its_own_contests_only(world):
    def running(tenant: Tenant, author: Membership) -> Contest:
        now = dt.datetime.now(tz=PARIS)
        return contest_create(
            tenant=tenant,
            author=author,
            title=f"{tenant.name} contest",
            starts_at=now - dt.timedelta(days=1),
            ends_at=now + dt.timedelta(days=5),
            criterion="made",
            prize="A bike",
        )

    ours, theirs = running(world.acme, world.admin), running(world.globex, world.outsider)
    page = world.client_for(world.member).get("/contests/")
    assert [contest for contest, _top, _own in page.context["running"]] == [ours]
    office = world.client_for(world.outsider).get("/office/gamification/contests/")
    assert list(office.context["contests"]) == [theirs]


def test_an_opted_in_winner_is_named_in_the_announcement(world):
    contest = make_contest(world, criterion="made")
    at(DURING, world.member, world.job)
    f.leaderboard_opt_in(world.member)
    with time_machine.travel(AFTER, tick=False):
        contest_close(contest_id=contest.pk)
    text = Notification.objects.get(
        recipient=world.expert, subject_ref=f"contest:{contest.pk}"
    ).text
    assert world.member.display_name in text


def test_a_member_sees_their_own_standing_in_a_contest_below_the_top_three(world):
    contest = make_contest(world, criterion="made")
    for member in (world.expert, world.admin, world.recruiter):
        at(DURING, member, world.job, count=2)
    at(DURING, world.member, world.job)
    with time_machine.travel(DURING, tick=False):
        page = world.client_for(world.member).get("/contests/")
    [(_contest, top, own)] = page.context["running"]
    assert not any(row.is_you for row in top)
    assert own is not None
    assert (own.rank, own.score, own.is_you, str(own.name)) == (4, 1, True, "Anonymous")
    assert 'data-testid="own-standing" data-rank="4"' in page.content.decode()
    standing = contest_standing_of(contest=contest, viewer=world.member)
    assert standing is not None
    assert standing.rank == 4
