"""The admin's list of requests: access, filters, due dates, and answering them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coopt.privacy.models import SubjectRequest
from coopt.privacy.requests import add_one_month
from coopt.tenants.models import Tenant

from ..conftest import ACME_HOST

pytestmark = pytest.mark.django_db

URL = "/office/privacy/requests/"


def make_request(
    tenant: Tenant,
    *,
    kind: str = "access",
    state: str = "received",
    received_days_ago: int = 0,
    key: str = "jane@example.org",
    details: str = "",
) -> SubjectRequest:
    received = timezone.now() - timedelta(days=received_days_ago)
    return SubjectRequest.objects.create(
        tenant=tenant,
        email_key=key,
        kind=kind,
        state=state,
        received_at=received,
        due_at=add_one_month(received),
        completed_at=received if state != "received" else None,
        details=details,
    )


def close_url(subject_request: SubjectRequest) -> str:
    return f"{URL}{subject_request.pk}/close/"


def test_the_admin_sees_the_requests_of_the_tenant(world):
    make_request(world.acme, details="What do you hold?")
    make_request(world.globex, key="globex-person@example.org")
    response = world.client_for(world.admin).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "jane@example.org" in html
    assert "What do you hold?" in html
    assert "globex-person" not in html


@pytest.mark.parametrize("persona", ["recruiter", "member", "expert"])
def test_other_roles_are_refused(world, persona):
    make_request(world.acme)
    client = world.client_for(getattr(world, persona))
    assert client.get(URL).status_code == 403
    assert (
        client.post(close_url(SubjectRequest.objects.get()), {"state": "done"}).status_code == 403
    )
    assert SubjectRequest.objects.get().state == "received"


def test_anonymous_visitors_are_sent_to_sign_in(world, acme_client):
    subject_request = make_request(world.acme)
    response = acme_client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert acme_client.post(close_url(subject_request), {"state": "done"}).status_code == 302
    subject_request.refresh_from_db()
    assert subject_request.state == "received"


def test_another_tenants_admin_gets_404_on_this_tenants_request(world):
    subject_request = make_request(world.acme)
    client = world.client_for(world.outsider)  # admin of globex, on globex's host
    response = client.post(close_url(subject_request), {"state": "done", "note": "x"})
    assert response.status_code == 404
    subject_request.refresh_from_db()
    assert subject_request.state == "received"


def test_a_globex_admin_cannot_use_the_acme_host(world):
    make_request(world.acme)
    client = world.client_for(world.outsider, host=ACME_HOST)
    response = client.get(URL)
    assert response.status_code in (302, 403, 404)
    assert "jane@example.org" not in response.content.decode()


def test_the_due_date_and_the_days_left_are_shown(world):
    make_request(world.acme, received_days_ago=10)
    html = world.client_for(world.admin).get(URL).content.decode()
    assert 'data-testid="days-left"' in html
    assert "days left" in html
    assert 'data-overdue="true"' not in html


def test_an_overdue_request_is_highlighted(world):
    make_request(world.acme, received_days_ago=45)
    html = world.client_for(world.admin).get(URL).content.decode()
    assert 'data-overdue="true"' in html
    assert "Overdue by" in html
    assert 'data-testid="overdue-count"><strong>1</strong>' in html


def test_answered_requests_show_no_countdown(world):
    make_request(world.acme, state="done", received_days_ago=45)
    html = world.client_for(world.admin).get(URL).content.decode()
    assert 'data-overdue="true"' not in html
    assert 'data-testid="days-left"' not in html


def test_it_filters_by_state_and_kind(world):
    make_request(world.acme, kind="access", details="open access")
    make_request(world.acme, kind="erasure", state="done", details="done erasure")
    make_request(world.acme, kind="rectification", details="open rectification")
    client = world.client_for(world.admin)
    html = client.get(URL, {"state": "received"}).content.decode()
    assert "open access" in html and "open rectification" in html
    assert "done erasure" not in html
    html = client.get(URL, {"state": "received", "kind": "access"}).content.decode()
    assert "open access" in html
    assert "open rectification" not in html
    html = client.get(URL, {"kind": "nonsense"}).content.decode()
    assert "open access" in html  # an invalid filter is ignored, not a 500


def test_open_requests_come_first_by_due_date(world):
    done = make_request(world.acme, state="done", details="already done")
    late = make_request(world.acme, received_days_ago=20, details="older open")
    fresh = make_request(world.acme, received_days_ago=1, details="newer open")
    html = world.client_for(world.admin).get(URL).content.decode()
    positions = [html.index(f'data-request="{r.pk}"') for r in (late, fresh, done)]
    assert positions == sorted(positions)


def test_the_list_is_paginated(world):
    for n in range(30):
        make_request(world.acme, details=f"request number {n}")
    client = world.client_for(world.admin)
    first = client.get(URL).content.decode()
    assert first.count('data-testid="request-row"') == 25
    second = client.get(URL, {"page": 2}).content.decode()
    assert second.count('data-testid="request-row"') == 5
    assert "Page 2 of 2" in second


def test_the_list_reads_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    for _n in range(20):
        subject_request = make_request(world.acme, state="done")
        subject_request.handled_by = world.admin.user
        subject_request.save()
    client = world.client_for(world.admin)
    with django_assert_max_num_queries(16):
        client.get(URL)


def test_an_empty_list_says_what_will_appear(world):
    html = world.client_for(world.admin).get(URL).content.decode()
    assert "No request yet." in html


def test_the_admin_marks_a_request_done_with_a_note(world):
    subject_request = make_request(world.acme, details="Please change my e-mail")
    response = world.client_for(world.admin).post(
        close_url(subject_request), {"state": "done", "note": "Changed to the new address"}
    )
    assert response.status_code == 302
    subject_request.refresh_from_db()
    assert subject_request.state == SubjectRequest.State.DONE
    assert subject_request.handled_by == world.admin.user
    assert subject_request.completed_at is not None
    assert "Please change my e-mail" in subject_request.details
    assert "Changed to the new address" in subject_request.details


def test_refusing_needs_the_reasons(world):
    subject_request = make_request(world.acme)
    client = world.client_for(world.admin)
    response = client.post(
        close_url(subject_request), {"state": "refused", "note": " "}, follow=True
    )
    assert "Give the reasons for the refusal" in response.content.decode()
    subject_request.refresh_from_db()
    assert subject_request.state == SubjectRequest.State.RECEIVED
    client.post(close_url(subject_request), {"state": "refused", "note": "Not our data"})
    subject_request.refresh_from_db()
    assert subject_request.state == SubjectRequest.State.REFUSED
    assert subject_request.handled_by == world.admin.user


def test_an_answered_request_cannot_be_answered_again(world):
    subject_request = make_request(world.acme, state="done")
    response = world.client_for(world.admin).post(
        close_url(subject_request), {"state": "refused", "note": "Changed my mind"}, follow=True
    )
    assert "already answered" in response.content.decode()
    subject_request.refresh_from_db()
    assert subject_request.state == SubjectRequest.State.DONE


def test_an_invalid_state_is_refused(world):
    subject_request = make_request(world.acme)
    world.client_for(world.admin).post(close_url(subject_request), {"state": "received"})
    subject_request.refresh_from_db()
    assert subject_request.completed_at is None


def test_closing_returns_to_the_filtered_list(world):
    subject_request = make_request(world.acme)
    response = world.client_for(world.admin).post(
        close_url(subject_request), {"state": "done", "next": f"{URL}?state=received&page=1"}
    )
    assert response["Location"] == f"{URL}?state=received&page=1"
    other = make_request(world.acme)
    response = world.client_for(world.admin).post(
        close_url(other), {"state": "done", "next": "https://evil.example/"}
    )
    assert response["Location"] == URL


def test_closing_needs_a_post(world):
    subject_request = make_request(world.acme)
    assert world.client_for(world.admin).get(close_url(subject_request)).status_code == 405
