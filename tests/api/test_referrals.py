"""/api/v1/referrals: nothing of the referred person before they confirm; moves and notes
through the pipeline's services, audited with the token as actor."""

import datetime as dt
import json
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from coopt.audit.models import AuditEvent
from coopt.referrals.models import Note, Referral, Status

from .. import factories as f
from ..conftest import World
from .conftest import ApiClient, MakeToken

pytestmark = pytest.mark.django_db

PERSONAL = ("Jane", "Doe", "jane.", "Former colleague", "Great at her job", "+33")


@pytest.fixture
def awaiting(world: World) -> Referral:
    return f.refer(referrer=world.member, job=world.job, phone="+33 6 12 34 56 78")


@pytest.fixture
def confirmed(world: World) -> Referral:
    return f.refer(
        referrer=world.member, job=world.job, first_name="Ada", last_name="Lovelace", confirmed=True
    )


def test_before_the_person_confirms_nothing_personal_is_shown(
    world: World, api: ApiClient, awaiting: Referral
) -> None:
    listed = api.get("/referrals")
    read = api.get(f"/referrals/{awaiting.pk}")
    for response in (listed, read):
        assert response.status_code == 200
        text = response.content.decode()
        for fragment in PERSONAL:
            assert fragment not in text, fragment
    body = read.json()
    assert body["confirmed"] is False
    assert body["candidate"] is None and body["status"] is None
    assert body["consent"] == "awaiting"
    assert body["referrer_name"] == world.member.display_name
    assert body["job_id"] == world.job.pk


def test_once_confirmed_the_candidate_is_shown_as_on_the_page(
    world: World, api: ApiClient, confirmed: Referral
) -> None:
    body = api.get(f"/referrals/{confirmed.pk}").json()
    assert body["confirmed"] is True
    assert body["status"] == "recommended"
    assert body["candidate"]["first_name"] == "Ada"
    assert body["candidate"]["email"] == confirmed.email


def test_reading_a_referral_is_recorded_like_opening_the_candidate_page(
    world: World, make_token: MakeToken, confirmed: Referral
) -> None:
    token, secret = make_token(scopes=["referrals:read"])
    ApiClient(secret).get(f"/referrals/{confirmed.pk}")
    event = AuditEvent.objects.get(action=AuditEvent.Action.CANDIDATE_VIEWED)
    assert event.target == f"referral:{confirmed.pk}"
    assert event.details["by"] == f"api_token:{token.pk}"


def test_the_list_filters(
    world: World, api: ApiClient, awaiting: Referral, confirmed: Referral
) -> None:
    other_job = f.make_job(world.acme, title="Other")
    elsewhere = f.refer(referrer=world.member, job=other_job, confirmed=True, status="contacted")

    def ids(**query: Any) -> list[int]:
        return [r["id"] for r in api.get("/referrals", query).json()["results"]]

    assert ids() == [elsewhere.pk, confirmed.pk, awaiting.pk]
    assert ids(job=world.job.pk) == [confirmed.pk, awaiting.pk]
    assert ids(status="contacted") == [elsewhere.pk]
    # Unconfirmed people have no status to filter on.
    assert ids(status="recommended") == [confirmed.pk]
    later = (timezone.now() + dt.timedelta(minutes=5)).isoformat()
    assert ids(updated_since=later) == []


def test_another_tenants_referral_is_a_404(world: World, api: ApiClient) -> None:
    theirs = f.refer(referrer=world.outsider_member, job=world.globex_job, confirmed=True)
    assert api.get(f"/referrals/{theirs.pk}").status_code == 404
    assert api.post(f"/referrals/{theirs.pk}/status", {"status": "met"}).status_code == 404
    assert api.post(f"/referrals/{theirs.pk}/notes", {"body": "Hi"}).status_code == 404
    assert theirs.pk not in [r["id"] for r in api.get("/referrals").json()["results"]]
    theirs.refresh_from_db()
    assert theirs.status == Status.RECOMMENDED
    assert not Note.objects.exists()


def test_moving_a_candidate_with_a_comment(
    world: World, make_token: MakeToken, confirmed: Referral
) -> None:
    token, secret = make_token(scopes=["referrals:write", "referrals:read"])
    mail.outbox.clear()
    response = ApiClient(secret).post(
        f"/referrals/{confirmed.pk}/status", {"status": "contacted", "comment": "Called her"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "contacted"
    confirmed.refresh_from_db()
    assert confirmed.status == Status.CONTACTED
    change = confirmed.history.order_by("-id").first()
    assert change is not None and change.comment == "Called her"
    assert change.author == world.admin.user
    event = AuditEvent.objects.get(action=AuditEvent.Action.REFERRAL_MOVED)
    assert event.details == {
        "from": "recommended",
        "to": "contacted",
        "by": f"api_token:{token.pk}",
    }


def test_an_unconfirmed_referral_cannot_be_moved_nor_noted(
    world: World, api: ApiClient, awaiting: Referral
) -> None:
    assert api.post(f"/referrals/{awaiting.pk}/status", {"status": "met"}).status_code == 404
    assert api.post(f"/referrals/{awaiting.pk}/notes", {"body": "x"}).status_code == 404
    awaiting.refresh_from_db()
    assert awaiting.status == Status.RECOMMENDED


def test_a_transferred_status_is_not_a_move(
    world: World, api: ApiClient, confirmed: Referral
) -> None:
    response = api.post(f"/referrals/{confirmed.pk}/status", {"status": "transferred"})
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"


def test_adding_a_note(world: World, make_token: MakeToken, confirmed: Referral) -> None:
    token, secret = make_token(scopes=["referrals:write"])
    response = ApiClient(secret).post(
        f"/referrals/{confirmed.pk}/notes", {"body": "Sharp and kind."}
    )
    assert response.status_code == 201, response.content
    note = Note.objects.get(referral=confirmed)
    assert note.body == "Sharp and kind." and note.author == world.admin.user
    event = AuditEvent.objects.get(action=AuditEvent.Action.NOTE_ADDED)
    assert event.target == f"referral:{confirmed.pk}"
    assert event.details["by"] == f"api_token:{token.pk}"


def test_a_note_is_replayed_not_added_twice(
    world: World, api: ApiClient, confirmed: Referral
) -> None:
    headers = {"Idempotency-Key": "note-1"}
    first = api.post(f"/referrals/{confirmed.pk}/notes", {"body": "Once"}, headers=headers)
    again = api.post(f"/referrals/{confirmed.pk}/notes", {"body": "Once"}, headers=headers)
    assert json.loads(first.content) == json.loads(again.content)
    assert Note.objects.filter(referral=confirmed).count() == 1


def test_scopes(world: World, make_token: MakeToken, confirmed: Referral) -> None:
    _token, reader = make_token(scopes=["referrals:read"])
    _token, jobs_only = make_token(scopes=["jobs:read"], name="Jobs")
    assert ApiClient(jobs_only).get("/referrals").status_code == 403
    assert ApiClient(jobs_only).get(f"/referrals/{confirmed.pk}").status_code == 403
    response = ApiClient(reader).post(f"/referrals/{confirmed.pk}/status", {"status": "met"})
    assert response.status_code == 403
    assert (
        ApiClient(reader).post(f"/referrals/{confirmed.pk}/notes", {"body": "x"}).status_code == 403
    )
    confirmed.refresh_from_db()
    assert confirmed.status == Status.RECOMMENDED


def test_a_page_of_referrals_costs_the_same_whatever_its_size(
    world: World, api: ApiClient, django_assert_num_queries: Any
) -> None:
    for number in range(6):
        f.refer(referrer=world.member, job=world.job, confirmed=number % 2 == 0)
    api.get("/referrals")
    # The tenant (from the host), the token, the page with its jobs and referrers.
    with django_assert_num_queries(3):
        small = api.get("/referrals", {"limit": 2})
    with django_assert_num_queries(3):
        large = api.get("/referrals", {"limit": 100})
    assert len(small.json()["results"]) == 2 and len(large.json()["results"]) == 6
    next_url = small.json()["next"].split("/api/v1", 1)[1]
    with django_assert_num_queries(3):
        second = api.get(next_url)
    assert [r["id"] for r in second.json()["results"]] == [
        r["id"] for r in large.json()["results"][2:4]
    ]
