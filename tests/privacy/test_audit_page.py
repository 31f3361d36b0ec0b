"""The audit log page and its CSV export, for the tenant's admins only (Y4)."""

import csv
import io
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from coopt.accounts.models import User
from coopt.audit.models import AuditEvent
from coopt.privacy.views.audit import CSV_COLUMNS
from coopt.tenants.models import Tenant

from .. import factories as f
from ..responses import Response, streamed

pytestmark = pytest.mark.django_db

URL = reverse("privacy:audit")
EXPORT_URL = reverse("privacy:audit_export")
Action = AuditEvent.Action


def record(
    tenant: Tenant,
    actor: User | None = None,
    action: str = Action.CANDIDATE_VIEWED,
    target: str = "referral:1",
    **kw: Any,
) -> AuditEvent:
    return AuditEvent.objects.create(
        tenant=tenant, actor=actor, action=action, target=target, ip_address="198.51.100.1", **kw
    )


def at(event: AuditEvent, when: datetime) -> AuditEvent:
    AuditEvent.objects.filter(pk=event.pk).update(created_at=when)
    event.refresh_from_db()
    return event


def listed(response: Response) -> list[int]:
    return [row["event"].pk for row in response.context["rows"]]


def rows_of(response: Response) -> list[dict[str, str]]:
    content = streamed(response).decode()
    return list(csv.DictReader(io.StringIO(content)))


# Access --------------------------------------------------------------------------------------


def test_an_admin_sees_the_log(world):
    event = record(world.acme, world.recruiter.user)
    response = world.client_for(world.admin).get(URL)
    assert response.status_code == 200
    assert listed(response) == [event.pk]
    html = response.content.decode()
    assert "recruiter@acme.test" in html
    assert "referral:1" in html


def test_a_host_of_no_tenant_is_404(world):
    client = world.client_for(world.admin, host="nobody.localhost")
    assert client.get(URL).status_code == 404
    assert client.get(EXPORT_URL).status_code == 404


def test_another_tenants_events_are_never_listed_nor_exported(world):
    mine = record(world.acme, world.admin.user)
    theirs = record(world.globex, world.outsider.user, target="referral:999")
    acme = world.client_for(world.admin)
    assert listed(acme.get(URL)) == [mine.pk]
    assert [row["target"] for row in rows_of(acme.get(EXPORT_URL))] == ["referral:1"]
    globex = world.client_for(world.outsider)
    assert theirs.pk in listed(globex.get(URL))
    assert mine.pk not in listed(globex.get(URL))
    exported = rows_of(globex.get(EXPORT_URL))
    assert "referral:1" not in [row["target"] for row in exported]


def test_a_link_to_another_tenants_event_target_is_404(world):
    """Event targets link to pages that check their own access."""
    referral = f.refer(referrer=world.outsider_member, job=world.globex_job, confirmed=True)
    record(world.acme, world.admin.user, target=f"referral:{referral.pk}")
    response = world.client_for(world.admin).get(
        reverse("backoffice:candidate", args=[referral.pk])
    )
    assert response.status_code == 404


def test_an_actor_who_is_no_member_here_is_shown_by_number_only(world):
    record(world.acme, world.outsider_member.user, action=Action.ACCESS_REFUSED, target="")
    html = world.client_for(world.admin).get(URL).content.decode()
    assert "member@globex.test" not in html
    assert f"Account no. {world.outsider_member.user.pk}, not a member here" in html


# Filters -------------------------------------------------------------------------------------


def test_it_filters_by_action(world):
    viewed = record(world.acme, world.recruiter.user)
    record(world.acme, world.admin.user, action=Action.ROLE_CHANGED, target="membership:1")
    response = world.client_for(world.admin).get(URL, {"action": Action.CANDIDATE_VIEWED})
    assert listed(response) == [viewed.pk]


def test_it_filters_by_part_of_a_members_email(world):
    by_recruiter = record(world.acme, world.recruiter.user)
    record(world.acme, world.admin.user)
    response = world.client_for(world.admin).get(URL, {"actor": "RECRUITER@acme"})
    assert listed(response) == [by_recruiter.pk]


def test_the_actor_search_looks_among_this_tenants_members_only(world):
    record(world.acme, world.outsider_member.user, action=Action.ACCESS_REFUSED, target="")
    response = world.client_for(world.admin).get(URL, {"actor": "globex"})
    assert listed(response) == []
    assert "No event matches these filters." in response.content.decode()


def test_it_filters_by_dates_both_days_included(world):
    tz = timezone.get_current_timezone()
    before = at(record(world.acme), datetime(2025, 3, 9, 23, 59, tzinfo=tz))
    first_day = at(record(world.acme), datetime(2025, 3, 10, 0, 0, tzinfo=tz))
    last_day = at(record(world.acme), datetime(2025, 3, 12, 23, 59, tzinfo=tz))
    after = at(record(world.acme), datetime(2025, 3, 13, 0, 0, tzinfo=tz))
    response = world.client_for(world.admin).get(
        URL, {"date_from": "2025-03-10", "date_to": "2025-03-12"}
    )
    assert listed(response) == [last_day.pk, first_day.pk]
    assert before.pk not in listed(response) and after.pk not in listed(response)


def test_a_start_after_the_end_is_a_clear_error(world):
    record(world.acme)
    response = world.client_for(world.admin).get(
        URL, {"date_from": "2025-03-12", "date_to": "2025-03-10"}
    )
    assert response.status_code == 200
    assert "The start date is after the end date." in response.content.decode()
    export = world.client_for(world.admin).get(
        EXPORT_URL, {"date_from": "2025-03-12", "date_to": "2025-03-10"}
    )
    assert export.status_code == 400
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_an_unknown_action_is_a_clear_error(world):
    response = world.client_for(world.admin).get(URL, {"action": "made_up"})
    assert response.context["form"].errors["action"]


def test_fifty_events_a_page_newest_first(world):
    now = timezone.now()
    events = [at(record(world.acme), now - timedelta(minutes=n)) for n in range(55)]
    client = world.client_for(world.admin)
    first = client.get(URL, {"action": Action.CANDIDATE_VIEWED})
    assert listed(first) == [e.pk for e in events[:50]]
    second = client.get(URL, {"action": Action.CANDIDATE_VIEWED, "page": 2})
    assert listed(second) == [e.pk for e in events[50:]]
    assert "action=candidate_viewed&amp;page=2" in first.content.decode()


def test_the_page_reads_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    for n in range(50):
        member = f.make_member(world.acme, email=f"reader{n}@acme.test")
        record(world.acme, member.user)
    client = world.client_for(world.admin)
    with django_assert_max_num_queries(12):
        response = client.get(URL)
    assert len(response.context["rows"]) == 50


def test_an_empty_log_says_what_will_appear(world):
    html = world.client_for(world.admin).get(URL).content.decode()
    assert "No event yet." in html


# Export --------------------------------------------------------------------------------------


def test_the_export_has_its_columns_and_the_filtered_rows(world):
    viewed = record(world.acme, world.recruiter.user, details={"referral": 1})
    record(world.acme, world.admin.user, action=Action.ROLE_CHANGED, target="membership:9")
    response = world.client_for(world.admin).get(EXPORT_URL, {"action": Action.CANDIDATE_VIEWED})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    rows = rows_of(response)
    assert list(rows[0].keys()) == CSV_COLUMNS
    assert rows == [
        {
            "time": timezone.localtime(viewed.created_at).isoformat(),
            "action": "candidate_viewed",
            "action_label": "Candidate page opened",
            "actor_id": str(world.recruiter.user.pk),
            "actor": world.recruiter.display_name,
            "actor_email": "recruiter@acme.test",
            "target": "referral:1",
            "ip_address": "198.51.100.1",
            "details": "Referral: no. 1",
        }
    ]


def test_the_export_is_itself_audited_without_the_search_text(world):
    record(world.acme, world.recruiter.user)
    record(world.acme, world.recruiter.user)
    client = world.client_for(world.admin)
    client.defaults["REMOTE_ADDR"] = "203.0.113.9"
    response = client.get(EXPORT_URL, {"actor": "recruiter@acme.test", "date_from": "2020-01-01"})
    assert len(rows_of(response)) == 2  # its own record is not in it
    event = AuditEvent.objects.get(action=Action.EXPORT)
    assert event.tenant == world.acme
    assert event.actor == world.admin.user
    assert event.target == f"tenant:{world.acme.pk}"
    assert event.ip_address == "203.0.113.9"
    assert event.details == {
        "what": "audit_log",
        "rows": 2,
        "filters": {"action": "", "actor_search": True, "from": "2020-01-01", "to": ""},
    }
    assert "@" not in str(event.details)
    assert event.pk in listed(client.get(URL))


def test_the_export_link_keeps_the_filters(world):
    record(world.acme, world.recruiter.user)
    html = world.client_for(world.admin).get(URL, {"action": "candidate_viewed"}).content.decode()
    assert f'href="{EXPORT_URL}?action=candidate_viewed"' in html


def test_export_cells_cannot_run_as_spreadsheet_formulas(world):
    user = f.make_member(world.acme, email="=cmd@acme.test").user
    record(world.acme, user, Action.SIGNED_IN, "user:1")
    rows = rows_of(world.client_for(world.admin).get(EXPORT_URL))
    assert rows[0]["actor_email"] == "'=cmd@acme.test"
