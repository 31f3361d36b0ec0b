"""API tokens: stored as a hash, shown once, scoped, expiring, revocable, their use noted."""

import datetime as dt
import hashlib

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from coopt.accounts.models import Membership
from coopt.api.models import ApiToken
from coopt.api.services import token_revoke
from coopt.audit.actors import Actor
from coopt.audit.models import AuditEvent

from ..conftest import GLOBEX_HOST, World
from .conftest import ApiClient, MakeToken

pytestmark = pytest.mark.django_db


def test_the_secret_is_stored_as_its_hash_only(make_token: MakeToken) -> None:
    token, secret = make_token()
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(stored.prefix)
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in str(row)


def test_creating_and_revoking_a_token_are_audited(world: World, make_token: MakeToken) -> None:
    token, _secret = make_token(scopes=["jobs:read"])
    token_revoke(token=token, actor=Actor.member(world.admin))
    created, revoked = AuditEvent.objects.filter(target=f"api_token:{token.pk}").order_by("id")
    assert created.action == AuditEvent.Action.API_TOKEN_CREATED
    assert created.details["scopes"] == ["jobs:read"]
    assert revoked.action == AuditEvent.Action.API_TOKEN_REVOKED
    assert revoked.actor_id == world.admin.user_id


def test_a_valid_token_is_accepted(api: ApiClient) -> None:
    assert api.get("/jobs").status_code == 200


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer nope", "Basic YTpi", "Token x"])
def test_no_token_or_a_wrong_one_is_a_401(world: World, header: str | None) -> None:
    client = ApiClient(None)
    response = client.get("/jobs", headers={"Authorization": header} if header else None)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_of_another_tenant_is_a_401(world: World, make_token: MakeToken) -> None:
    _token, globex_secret = make_token(admin=world.outsider)
    assert ApiClient(globex_secret).get("/jobs").status_code == 401
    assert ApiClient(globex_secret, host=GLOBEX_HOST).get("/jobs").status_code == 200


def test_a_revoked_token_is_refused_at_once(world: World, make_token: MakeToken) -> None:
    token, secret = make_token()
    client = ApiClient(secret)
    assert client.get("/jobs").status_code == 200
    token_revoke(token=token, actor=Actor.member(world.admin))
    response = client.get("/jobs")
    assert response.status_code == 401
    assert response.json()["detail"] == "This token was revoked."


def test_an_expired_token_is_refused(make_token: MakeToken) -> None:
    _token, secret = make_token(expires_at=timezone.now() + dt.timedelta(days=30))
    client = ApiClient(secret)
    assert client.get("/jobs").status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
        response = client.get("/jobs")
    assert response.status_code == 401
    assert response.json()["detail"] == "This token has expired."


def test_a_token_stops_when_its_creator_is_no_longer_an_admin(
    world: World, make_token: MakeToken
) -> None:
    _token, secret = make_token()
    Membership.objects.filter(pk=world.admin.pk).update(is_admin=False)
    assert ApiClient(secret).get("/jobs").status_code == 401


def test_a_scope_the_token_lacks_is_a_403(make_token: MakeToken) -> None:
    _token, secret = make_token(scopes=["tags:read"])
    client = ApiClient(secret)
    assert client.get("/tags").status_code == 200
    response = client.get("/jobs")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert "jobs:read" in response.json()["detail"]


def test_last_used_is_written_at_most_once_a_minute(
    make_token: MakeToken, django_assert_num_queries: object
) -> None:
    token, secret = make_token()
    client = ApiClient(secret)
    start = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        client.get("/tags")
    token.refresh_from_db()
    assert token.last_used_at == start
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        client.get("/tags")
    token.refresh_from_db()
    assert token.last_used_at == start
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        client.get("/tags")
    token.refresh_from_db()
    assert token.last_used_at == start + dt.timedelta(seconds=61)


def test_the_api_ignores_a_signed_in_session(world: World) -> None:
    client = world.client_for(world.admin)
    response = client.get("/api/v1/jobs")
    assert response.status_code == 401


def test_a_post_needs_no_csrf_token(world: World, make_token: MakeToken) -> None:
    _token, secret = make_token()
    client = Client(HTTP_HOST="acme.localhost", enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/jobs",
        {"title": "No CSRF"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 201, response.content
