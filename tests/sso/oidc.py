"""A real OpenID Connect provider (oidc-provider-mock) on loopback for the single sign-on
tests, and the tenants' SSO settings saved through the real service."""

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import oidc_provider_mock
import pytest
import requests
from pytest_django import Settings

from coopt.audit.actors import Actor
from coopt.sso.models import SsoSettings
from coopt.sso.services import sso_settings_save
from coopt.tenants.models import Tenant

CLIENT_ID = "coopt-acme"
CLIENT_SECRET = "a-long-client-secret-9876"  # noqa: S105 - the test provider's, not a real one


def running_provider() -> Iterator[str]:
    """Start the provider; yields its issuer URL, http://localhost:<port> (it takes any client
    id and secret)."""
    with oidc_provider_mock.run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="session")
def oidc_server() -> Iterator[str]:
    yield from running_provider()


@pytest.fixture
def http_redirects(settings: Settings) -> None:
    """The callback URL allauth gives the provider uses the test server's scheme (http)."""
    settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"


def idp_user(issuer: str, sub: str, **claims: Any) -> None:
    """Tell the provider who ``sub`` is: the claims its tokens and userinfo will carry."""
    response = requests.put(f"{issuer}/users/{quote(sub)}", json=claims, timeout=10)
    assert response.status_code == 204, response.text


def enable_oidc(
    tenant: Tenant,
    issuer: str,
    *,
    domains: str = "acme.example",
    trust_idp_mfa: bool = False,
    mfa_contexts: str = "",
    password_sign_in: bool = True,
) -> SsoSettings:
    return sso_settings_save(
        tenant=tenant,
        actor=Actor.system("test"),
        values={
            "protocol": SsoSettings.Protocol.OIDC,
            "enabled": True,
            "oidc_issuer": issuer,
            "oidc_client_id": CLIENT_ID,
            "oidc_client_secret": CLIENT_SECRET,
            "allowed_domains": domains,
            "password_sign_in": password_sign_in,
            "trust_idp_mfa": trust_idp_mfa,
            "mfa_contexts": mfa_contexts,
        },
    )
