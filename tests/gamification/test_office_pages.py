"""Back office for admins: the point table, levels, contests."""

import datetime as dt

import time_machine
from django.utils import timezone

from coopt.audit.models import AuditEvent
from coopt.gamification.models import Contest, LevelSettings, PointRule
from coopt.gamification.services import contest_close, contest_create
from coopt.taxonomy.models import Tag

from .. import factories as f
from ..conftest import World

FORMAT = "%Y-%m-%dT%H:%M"


def table(**overrides: int | str) -> dict[str, int | str]:
    """The points form, as posted; an override may be what no number field would send."""
    values: dict[str, int | str] = {
        "referral_made": 10,
        "referral_confirmed": 20,
        "interview": 30,
        "hire": 100,
        "share": 2,
        "answer": 5,
        "sponsorship": 10,
        "visit": 1,
        "visit_days_per_month": 20,
    }
    return {**values, **overrides}


def contest_form(**overrides: str) -> dict[str, str]:
    now = timezone.localtime()
    data = {
        "title": "Sales sprint",
        "description": "",
        "starts_at": (now + dt.timedelta(days=1)).strftime(FORMAT),
        "ends_at": (now + dt.timedelta(days=31)).strftime(FORMAT),
        "criterion": "confirmed",
        "job_family": "",
        "prize": "A weekend for two",
    }
    return {**data, **overrides}


def test_the_admin_edits_the_point_table(world):
    client = world.client_for(world.admin)
    page = client.get("/office/gamification/")
    assert page.status_code == 200
    assert page.context["form"]["hire"].value() == 100
    response = client.post("/office/gamification/", table(hire=500, share=0))
    assert response.status_code == 302
    rules = dict(PointRule.objects.filter(tenant=world.acme).values_list("action", "points"))
    assert rules["hire"] == 500 and rules["share"] == 0 and rules["answer"] == 5
    event = AuditEvent.objects.get(action=AuditEvent.Action.SETTINGS_CHANGED)
    assert event.details == {"section": "points", "fields": ["hire", "share"]}
    assert world.client_for(world.member).get("/points/").context["point_table"][3].points == 500


def test_a_bad_point_table_is_refused_and_nothing_changes(world):
    client = world.client_for(world.admin)
    response = client.post("/office/gamification/", table(hire=-5, share="many"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "hire" in errors and "share" in errors
    assert not PointRule.objects.exists()


def test_the_admin_names_the_levels_and_sets_thresholds(world):
    client = world.client_for(world.admin)
    assert client.get("/office/gamification/levels/").status_code == 200
    response = client.post(
        "/office/gamification/levels/",
        {
            "beginner_name": "Rookie",
            "confirmed_name": "",
            "confirmed_threshold": "150",
            "expert_name": "Star",
            "expert_threshold": "400",
        },
    )
    assert response.status_code == 302
    saved = LevelSettings.objects.get(tenant=world.acme)
    assert (saved.beginner_name, saved.confirmed_threshold, saved.expert_threshold) == (
        "Rookie",
        150,
        400,
    )
    page = world.client_for(world.member).get("/points/").content.decode()
    assert "Rookie" in page and "Star" in page


def test_thresholds_out_of_order_are_refused_with_a_clear_error(world):
    response = world.client_for(world.admin).post(
        "/office/gamification/levels/",
        {"confirmed_threshold": "300", "expert_threshold": "200"},
    )
    assert response.status_code == 200
    assert "The third level needs more points than the second." in response.content.decode()
    assert not LevelSettings.objects.exists()


def test_the_admin_creates_a_contest(world):
    family = f.make_tag(world.acme, "Sales", kind=Tag.Kind.FAMILY)
    client = world.client_for(world.admin)
    assert client.get("/office/gamification/contests/new/").status_code == 200
    response = client.post(
        "/office/gamification/contests/new/", contest_form(job_family=str(family.pk))
    )
    assert response.status_code == 302
    contest = Contest.objects.get()
    assert (contest.tenant, contest.job_family, contest.created_by) == (
        world.acme,
        family,
        world.admin,
    )
    listing = client.get("/office/gamification/contests/").content.decode()
    assert "Sales sprint" in listing


def test_a_contest_ending_before_it_starts_is_refused(world):
    now = timezone.localtime()
    response = world.client_for(world.admin).post(
        "/office/gamification/contests/new/",
        contest_form(ends_at=(now - dt.timedelta(days=5)).strftime(FORMAT)),
    )
    assert response.status_code == 200
    assert "The end must come after the start." in response.content.decode()
    assert not Contest.objects.exists()


def test_another_tenants_job_family_cannot_be_chosen(world):
    theirs = f.make_tag(world.globex, "Finance", kind=Tag.Kind.FAMILY)
    response = world.client_for(world.admin).post(
        "/office/gamification/contests/new/", contest_form(job_family=str(theirs.pk))
    )
    assert response.status_code == 200
    assert "job_family" in response.context["form"].errors
    assert not Contest.objects.exists()


def make_contest(world: World) -> Contest:
    now = timezone.now()
    return contest_create(
        tenant=world.acme,
        author=world.admin,
        title="Sales sprint",
        starts_at=now - dt.timedelta(days=1),
        ends_at=now + dt.timedelta(days=5),
        criterion="made",
        prize="A bike",
    )


def test_the_admin_edits_and_deletes_an_open_contest(world):
    contest = make_contest(world)
    client = world.client_for(world.admin)
    url = f"/office/gamification/contests/{contest.pk}/"
    assert client.get(url).status_code == 200
    data = contest_form(
        title="Sales marathon",
        starts_at=timezone.localtime(contest.starts_at).strftime(FORMAT),
    )
    assert client.post(url, data).status_code == 302
    assert Contest.objects.get(pk=contest.pk).title == "Sales marathon"
    assert client.post(f"{url}delete/").status_code == 302
    assert not Contest.objects.exists()


def test_a_closed_contest_is_read_only(world):
    contest = make_contest(world)
    with time_machine.travel(timezone.now() + dt.timedelta(days=6)):
        contest_close(contest_id=contest.pk)
        client = world.client_for(world.admin)
        url = f"/office/gamification/contests/{contest.pk}/"
        assert 'data-testid="closed"' in client.get(url).content.decode()
        client.post(url, contest_form(title="Changed"))
        client.post(f"{url}delete/")
    assert Contest.objects.get(pk=contest.pk).title == "Sales sprint"


def test_the_office_nav_partial_links_admins_only(world, rf):
    from django.template.loader import render_to_string

    assert "/office/gamification/" in render_to_string(
        "gamification/_office_nav.html", {"membership": world.admin}
    )
    assert "/office/gamification/" not in render_to_string(
        "gamification/_office_nav.html", {"membership": world.recruiter}
    )
