"""Regular visits to the jobs earn points (G1, N6): once a day, capped per month."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from coopt.audit.actors import Actor
from coopt.gamification.levels import points_of
from coopt.gamification.models import Action, PointEvent, PointSettings
from coopt.gamification.services import point_rules_update, points_for_job_visit

PARIS = ZoneInfo("Europe/Paris")


def at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=PARIS)


def visits(member) -> list[str]:
    return sorted(
        PointEvent.objects.filter(member=member, action=Action.VISIT).values_list("ref", flat=True)
    )


def test_many_pages_the_same_day_count_once(world):
    client = world.client_for(world.member)
    with time_machine.travel(at("2026-12-07"), tick=False):
        for _page in range(3):
            assert client.get("/jobs/").status_code == 200
        assert client.get(f"/jobs/{world.job.pk}/").status_code == 200
    assert visits(world.member) == ["visit:2026-12-07"]
    assert points_of(member=world.member) == 1


def test_the_day_is_marked_in_the_session_so_later_pages_do_not_ask_the_database(
    world, django_assert_max_num_queries
):
    client = world.client_for(world.member)
    with time_machine.travel(at("2026-12-07"), tick=False):
        client.get("/jobs/")
        with django_assert_max_num_queries(200) as first:
            client.get("/jobs/")
        queries = [q["sql"] for q in first.captured_queries]
    assert not [sql for sql in queries if "gamification_pointevent" in sql]


def test_each_day_counts_once_and_a_new_day_counts_again(world):
    client = world.client_for(world.member)
    for day in ("2026-12-07", "2026-12-08"):
        with time_machine.travel(at(day, 9), tick=False):
            client.get("/jobs/")
        with time_machine.travel(at(day, 18), tick=False):
            client.get(f"/jobs/{world.job.pk}/")
    assert visits(world.member) == ["visit:2026-12-07", "visit:2026-12-08"]
    assert points_of(member=world.member) == 2


def test_the_day_is_the_sites_local_day(world):
    client = world.client_for(world.member)
    # 23:30 in Paris on the 7th, then 00:30 on the 8th: two days, an hour apart.
    with time_machine.travel(at("2026-12-07", 23).replace(minute=30), tick=False):
        client.get("/jobs/")
    with time_machine.travel(at("2026-12-08", 0).replace(minute=30), tick=False):
        client.get("/jobs/")
    assert visits(world.member) == ["visit:2026-12-07", "visit:2026-12-08"]


def test_the_monthly_cap_stops_the_points_and_a_new_month_starts_again(world):
    PointSettings.objects.create(tenant=world.acme, visit_days_per_month=3)
    with time_machine.travel(at("2027-01-26", 8), tick=False):
        client = world.client_for(world.member)  # signed in then: the session lasts
    for day in range(26, 32):  # 26 to 31 January: only three days count
        with time_machine.travel(at(f"2027-01-{day:02d}"), tick=False):
            assert client.get("/jobs/").status_code == 200
    with time_machine.travel(at("2027-02-01"), tick=False):
        assert client.get("/jobs/").status_code == 200
    assert visits(world.member) == [
        "visit:2027-01-26",
        "visit:2027-01-27",
        "visit:2027-01-28",
        "visit:2027-02-01",
    ]
    assert points_of(member=world.member) == 4


def test_the_default_cap_is_twenty_days(world):
    for day in range(1, 32):
        points_for_job_visit(member=world.member, day=dt.date(2026, 12, day))
    assert len(visits(world.member)) == 20


def test_the_admin_sets_the_points_and_the_cap_in_the_point_table(world):
    client = world.client_for(world.admin)
    page = client.get("/office/gamification/")
    assert page.status_code == 200
    assert 'name="visit_days_per_month"' in page.content.decode()
    data = {action: 0 for action in ("referral_made", "referral_confirmed", "interview")}
    data |= {"hire": 100, "share": 2, "answer": 5, "sponsorship": 10, "visit": 3}
    data["visit_days_per_month"] = 2
    response = client.post("/office/gamification/", data)
    assert response.status_code == 302
    assert PointSettings.objects.get(tenant=world.acme).visit_days_per_month == 2
    for day in (1, 2, 3):
        points_for_job_visit(member=world.member, day=dt.date(2026, 12, day))
    assert points_of(member=world.member) == 6


def test_a_cap_above_31_days_is_refused(world):
    client = world.client_for(world.admin)
    data = {"referral_made": 10, "referral_confirmed": 20, "interview": 30, "hire": 100}
    data |= {"share": 2, "answer": 5, "sponsorship": 10, "visit": 1, "visit_days_per_month": 40}
    response = client.post("/office/gamification/", data)
    assert response.status_code == 200
    assert not PointSettings.objects.exists()


def test_the_cap_change_is_audited(world):
    from coopt.audit.models import AuditEvent

    point_rules_update(
        tenant_id=world.acme.pk,
        points={},
        visit_days_per_month=5,
        actor=Actor.member(world.admin),
    )
    event = AuditEvent.objects.filter(tenant_id=world.acme.pk).latest("id")
    assert event.details == {"section": "points", "fields": ["visit_days_per_month"]}


def test_the_rule_is_stated_on_the_members_points_page(world):
    PointSettings.objects.create(tenant=world.acme, visit_days_per_month=12)
    client = world.client_for(world.member)
    client.cookies["django_language"] = "en"
    html = client.get("/points/").content.decode()
    assert "counts once a day, however many pages you open, and for at most 12 days a month" in html
    assert 'data-action="visit"' in html


def test_a_deactivated_member_earns_nothing(world):
    world.member.is_active = False
    world.member.save(update_fields=["is_active"])
    assert points_for_job_visit(member=world.member, day=dt.date(2026, 12, 7)) is None
    assert not visits(world.member)


def test_another_tenants_member_visits_count_in_their_own_tenant(world):
    points_for_job_visit(member=world.outsider_member, day=dt.date(2026, 12, 7))
    event = PointEvent.objects.get(action=Action.VISIT)
    assert event.tenant_id == world.globex.pk


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_requests_the_same_day_count_once(world):
    from .test_concurrent_points import run_together

    results = run_together(
        lambda _n: points_for_job_visit(member=world.member, day=dt.date(2026, 12, 7))
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert visits(world.member) == ["visit:2026-12-07"]
    assert points_of(member=world.member) == 1


def test_the_database_keeps_one_visit_a_day_even_without_the_checks(world):
    from coopt.gamification.services import points_award

    day = "visit:2026-12-07"
    assert points_award(member=world.member, action=Action.VISIT, ref=day) is not None
    assert points_award(member=world.member, action=Action.VISIT, ref=day) is None
    assert points_of(member=world.member) == 1
