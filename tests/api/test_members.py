"""/api/v1/members: create or update by external id or e-mail, deactivate; audited with the
token as actor, through the accounts' sync."""

import pytest
from django.core import mail

from coopt.accounts.models import Membership
from coopt.audit.models import AuditEvent

from ..conftest import GLOBEX_HOST, World
from .conftest import ApiClient, MakeToken

pytestmark = pytest.mark.django_db

GRACE = {
    "email": "Grace@Acme.test",
    "external_id": "HR-42",
    "first_name": "Grace",
    "last_name": "Hopper",
    "department": "R&D",
}


@pytest.fixture
def hr(make_token: MakeToken) -> ApiClient:
    _token, secret = make_token(scopes=["members:write"])
    return ApiClient(secret)


def test_a_new_person_is_created_invited_and_audited(world: World, hr: ApiClient) -> None:
    mail.outbox.clear()
    response = hr.post("/members", GRACE)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["created"] is True and body["email"] == "grace@acme.test"
    assert body["department"] == "R&D" and body["external_id"] == "HR-42"
    membership = Membership.objects.get(pk=body["id"])
    assert membership.tenant == world.acme and membership.is_member and not membership.is_admin
    event = AuditEvent.objects.get(
        action=AuditEvent.Action.IMPORT, target=f"membership:{body['id']}"
    )
    assert event.details["by"].startswith("api_token:")


def test_the_same_person_again_is_an_update(world: World, hr: ApiClient) -> None:
    created = hr.post("/members", GRACE).json()
    response = hr.post("/members", {**GRACE, "email": "grace.h@acme.test", "last_name": "H."})
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == created["id"] and body["created"] is False
    assert body["email"] == "grace.h@acme.test" and body["last_name"] == "H."


def test_keys_that_name_two_people_are_a_conflict(world: World, hr: ApiClient) -> None:
    hr.post("/members", GRACE)
    response = hr.post("/members", {**GRACE, "email": world.member.user.email})
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"


def test_a_bad_address_is_a_422(world: World, hr: ApiClient) -> None:
    response = hr.post("/members", {**GRACE, "email": "not an address"})
    assert response.status_code == 422
    assert not Membership.objects.filter(external_id="HR-42").exists()


def test_deactivating_a_leaver(world: World, hr: ApiClient) -> None:
    hr.post("/members", GRACE)
    response = hr.post("/members/deactivate", {"external_id": "HR-42"})
    assert response.status_code == 200, response.content
    assert response.json()["is_active"] is False
    assert not Membership.objects.get(external_id="HR-42").is_active
    event = AuditEvent.objects.get(action=AuditEvent.Action.MEMBER_DEACTIVATED)
    assert event.details["by"].startswith("api_token:")


def test_deactivating_needs_exactly_one_key(world: World, hr: ApiClient) -> None:
    assert hr.post("/members/deactivate", {}).status_code == 422
    both = {"email": world.member.user.email, "external_id": "x"}
    assert hr.post("/members/deactivate", both).status_code == 422


def test_an_unknown_or_other_tenants_member_is_a_404(world: World, hr: ApiClient) -> None:
    assert hr.post("/members/deactivate", {"email": "nobody@acme.test"}).status_code == 404
    outsider = {"email": world.outsider_member.user.email}
    assert hr.post("/members/deactivate", outsider).status_code == 404
    world.outsider_member.refresh_from_db()
    assert world.outsider_member.is_active


def test_another_tenants_token_cannot_touch_acme(world: World, make_token: MakeToken) -> None:
    _token, globex_secret = make_token(admin=world.outsider, scopes=["members:write"])
    client = ApiClient(globex_secret, host=GLOBEX_HOST)
    assert client.post("/members/deactivate", {"email": world.member.user.email}).status_code == 404
    world.member.refresh_from_db()
    assert world.member.is_active
    assert ApiClient(globex_secret).post("/members", GRACE).status_code == 401


def test_members_need_their_scope(world: World, make_token: MakeToken) -> None:
    _token, secret = make_token(scopes=["jobs:write"])
    client = ApiClient(secret)
    assert client.post("/members", GRACE).status_code == 403
    assert client.post("/members/deactivate", {"email": world.member.user.email}).status_code == 403
    assert not Membership.objects.filter(external_id="HR-42").exists()
    world.member.refresh_from_db()
    assert world.member.is_active


def test_an_upsert_is_replayed_with_its_key(world: World, hr: ApiClient) -> None:
    headers = {"Idempotency-Key": "grace"}
    first = hr.post("/members", GRACE, headers=headers)
    again = hr.post("/members", GRACE, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
