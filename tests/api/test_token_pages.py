"""The back office's token pages: admins only; the secret shown once."""

import pytest

from coopt.api.models import ApiToken

from ..conftest import GLOBEX_HOST, World
from .conftest import ApiClient, MakeToken

pytestmark = pytest.mark.django_db


def test_an_admin_creates_a_token_and_sees_its_secret_once(world: World) -> None:
    client = world.client_for(world.admin)
    response = client.post(
        "/office/api/tokens/new/",
        {"name": "ATS sync", "scopes": ["jobs:read", "referrals:read"], "expires_in": "90"},
    )
    assert response.status_code == 201
    secret = response.context["secret"]
    assert secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(tenant=world.acme)
    assert token.scopes == ["jobs:read", "referrals:read"]
    assert token.expires_at is not None
    assert token.created_by == world.admin
    listing = client.get("/office/api/tokens/").content.decode()
    assert "ATS sync" in listing and token.prefix in listing
    assert secret not in listing
    assert ApiClient(secret).get("/jobs").status_code == 200


def test_a_token_needs_a_scope(world: World) -> None:
    client = world.client_for(world.admin)
    response = client.post("/office/api/tokens/new/", {"name": "Nothing", "expires_in": ""})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_an_admin_revokes_a_token_after_confirming(world: World, make_token: MakeToken) -> None:
    token, secret = make_token()
    client = world.client_for(world.admin)
    page = client.get(f"/office/api/tokens/{token.pk}/revoke/")
    assert page.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is None
    response = client.post(f"/office/api/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiClient(secret).get("/jobs").status_code == 401


@pytest.mark.parametrize("persona", ["recruiter", "member", "expert"])
def test_the_pages_are_for_admins_only(world: World, make_token: MakeToken, persona: str) -> None:
    token, _secret = make_token()
    client = world.client_for(getattr(world, persona))
    assert client.get("/office/api/tokens/").status_code == 403
    assert client.get("/office/api/tokens/new/").status_code == 403
    assert client.post(f"/office/api/tokens/{token.pk}/revoke/").status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


def test_another_tenants_token_is_a_404(world: World, make_token: MakeToken) -> None:
    token, _secret = make_token()
    client = world.client_for(world.outsider, host=GLOBEX_HOST)
    assert client.get(f"/office/api/tokens/{token.pk}/revoke/").status_code == 404
    assert client.post(f"/office/api/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert "ATS sync" not in client.get("/office/api/tokens/").content.decode()


def test_the_admin_navigation_links_to_the_tokens(world: World) -> None:
    page = world.client_for(world.admin).get("/office/").content.decode()
    assert 'href="/office/api/tokens/"' in page
    recruiter_page = world.client_for(world.recruiter).get("/office/").content.decode()
    assert 'href="/office/api/tokens/"' not in recruiter_page
