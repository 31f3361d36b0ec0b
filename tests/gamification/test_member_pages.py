"""Member pages: /points/, history, leaderboard, contests."""

import datetime as dt

import time_machine
from django.urls import reverse
from django.utils import timezone

from coopt.audit.actors import Actor
from coopt.gamification.models import Action, Contest
from coopt.gamification.services import (
    contest_close,
    contest_create,
    level_settings_update,
    point_rules_update,
    points_award,
)

from .. import factories as f
from ..conftest import World


def make_running_contest(world: World) -> Contest:
    now = timezone.now()
    return contest_create(
        tenant=world.acme,
        author=world.admin,
        title="Spring challenge",
        starts_at=now - dt.timedelta(days=1),
        ends_at=now + dt.timedelta(days=10),
        criterion=Contest.Criterion.MADE,
        prize="A bike",
    )


def test_the_points_page_shows_level_next_threshold_and_what_counts(world):
    level_settings_update(
        tenant=world.acme,
        confirmed_threshold=20,
        expert_threshold=50,
        confirmed_name="Scout",
        actor=Actor.system(),
    )
    point_rules_update(tenant_id=world.acme.pk, points={Action.HIRE: 250}, actor=Actor.system())
    f.refer(referrer=world.member, job=world.job)  # 10 points
    response = world.client_for(world.member).get("/points/")
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["summary"].points == 10
    assert 'data-testid="level-name">Beginner<' in page
    assert 'data-testid="next-threshold">20<' in page
    assert "10 more points to reach “Scout”." in page
    assert '<tr data-action="hire"><td>Candidate hired</td><td>250</td></tr>' in page
    assert "First referral" in page


def test_a_new_member_sees_an_empty_state_that_says_what_to_do(world):
    page = world.client_for(world.member).get("/points/").content.decode()
    assert "No points yet." in page
    assert reverse("jobs:board") in page


def test_the_points_page_says_how_the_member_appears_and_where_to_change_it(world):
    client = world.client_for(world.member)
    page = client.get("/points/").content.decode()
    assert "Other members see “Anonymous” in your place" in page
    assert reverse("accounts:preferences") in page
    f.leaderboard_opt_in(world.member)
    page = client.get("/points/").content.decode()
    assert "Your name is shown on leaderboards and contests." in page


def test_the_history_lists_my_points_newest_first_and_paginates(world):
    for number in range(35):
        points_award(member=world.member, action=Action.ANSWER, ref=f"answer:{number}")
    points_award(member=world.expert, action=Action.HIRE, ref="someone-else")
    client = world.client_for(world.member)
    first = client.get("/points/history/")
    assert first.status_code == 200
    assert first.content.decode().count('data-testid="point-event"') == 30
    second = client.get("/points/history/?page=2")
    assert second.content.decode().count('data-testid="point-event"') == 5
    assert "Candidate hired" not in first.content.decode()


def test_the_leaderboard_page_filters_by_period_and_department(
    world, django_assert_max_num_queries
):
    sales = f.make_department(world.acme, "Sales")
    world.member.department = sales
    world.member.save(update_fields=["department"])
    points_award(member=world.member, action=Action.ANSWER, ref="a")
    points_award(member=world.expert, action=Action.HIRE, ref="b")
    client = world.client_for(world.member)
    everyone = client.get("/leaderboard/?period=quarter")
    assert [row.member for row in everyone.context["rows"]] == [world.expert, world.member]
    with django_assert_max_num_queries(12):
        only_sales = client.get(f"/leaderboard/?period=year&department={sales.pk}")
    assert [row.member for row in only_sales.context["rows"]] == [world.member]
    assert "(you)" in only_sales.content.decode()


def test_the_leaderboard_refuses_another_tenants_department(world):
    theirs = f.make_department(world.globex, "Finance")
    response = world.client_for(world.member).get(f"/leaderboard/?department={theirs.pk}")
    assert response.status_code == 404


def test_an_unknown_period_falls_back_to_the_month(world):
    response = world.client_for(world.member).get("/leaderboard/?period=century")
    assert response.status_code == 200
    assert response.context["period"] == "month"
    assert "Nobody has earned points in this period yet." in response.content.decode()


def test_hidden_names_stay_hidden_on_the_page(world):
    points_award(member=world.expert, action=Action.HIRE, ref="b")  # never opted in
    page = world.client_for(world.member).get("/leaderboard/").content.decode()
    assert world.expert.display_name not in page
    assert "Anonymous" in page


def test_members_see_running_contests_with_standings(world):
    contest = make_running_contest(world)
    f.refer(referrer=world.member, job=world.job)
    f.leaderboard_opt_in(world.member)
    page = world.client_for(world.expert).get("/contests/").content.decode()
    assert "Spring challenge" in page and "A bike" in page
    assert world.member.display_name in page
    detail = world.client_for(world.expert).get(f"/contests/{contest.pk}/")
    assert detail.status_code == 200
    assert [row.member for row in detail.context["standings"]] == [world.member]


def test_a_finished_contest_shows_its_winners(world):
    contest = make_running_contest(world)
    f.refer(referrer=world.member, job=world.job)
    f.leaderboard_opt_in(world.member)
    with time_machine.travel(timezone.now() + dt.timedelta(days=11)):
        contest_close(contest_id=contest.pk)
        page = world.client_for(world.expert).get(f"/contests/{contest.pk}/").content.decode()
        listing = world.client_for(world.expert).get("/contests/").content.decode()
    assert 'data-testid="winners"' in page and world.member.display_name in page
    assert 'data-testid="past-contest"' in listing


def test_the_dashboard_partial_shows_points_level_badges_and_contests(world, rf):
    from django.template.loader import render_to_string

    make_running_contest(world)
    f.refer(referrer=world.member, job=world.job)
    html = render_to_string("gamification/_dashboard.html", {"membership": world.member})
    assert 'data-testid="points-total">10<' in html
    assert "Beginner" in html
    assert "90 more points to reach" in html
    assert "First referral" in html
    assert "Spring challenge" in html


def test_the_dashboard_partial_renders_nothing_without_a_membership():
    from django.template.loader import render_to_string

    assert render_to_string("gamification/_dashboard.html", {}).strip() == ""
