"""Tokens and a client that calls the API with one."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from coopt.accounts.models import Membership
from coopt.api.models import Scope
from coopt.api.services import token_create
from coopt.audit.actors import Actor

from ..conftest import ACME_HOST, World

ALL_SCOPES = list(Scope.values)


class ApiClient:
    """Calls /api/v1/ on ``host`` with ``Authorization: Bearer <secret>`` (none if None)."""

    def __init__(self, secret: str | None, host: str = ACME_HOST) -> None:
        self.client = Client(HTTP_HOST=host)
        self.secret = secret

    def _headers(self, headers: dict[str, str] | None) -> dict[str, str]:
        sent = dict(headers or {})
        if self.secret is not None:
            sent.setdefault("Authorization", f"Bearer {self.secret}")
        return sent

    def get(
        self,
        path: str,
        data: dict[str, Any] | None = None,
        *,
        headers: dict[str, str] | None = None,
    ) -> Any:
        return self.client.get(f"/api/v1{path}", data, headers=self._headers(headers))

    def post(self, path: str, json: Any = None, *, headers: dict[str, str] | None = None) -> Any:
        return self.client.post(
            f"/api/v1{path}",
            json if json is not None else {},
            content_type="application/json",
            headers=self._headers(headers),
        )

    def patch(self, path: str, json: Any, *, headers: dict[str, str] | None = None) -> Any:
        return self.client.patch(
            f"/api/v1{path}", json, content_type="application/json", headers=self._headers(headers)
        )


MakeToken = Callable[..., tuple[Any, str]]


@pytest.fixture
def make_token(world: World) -> MakeToken:
    def make(
        *,
        scopes: list[str] | None = None,
        admin: Membership | None = None,
        expires_at: datetime.datetime | None = None,
        name: str = "ATS sync",
    ) -> tuple[Any, str]:
        admin = admin or world.admin
        created = token_create(
            tenant=admin.tenant,
            name=name,
            scopes=ALL_SCOPES if scopes is None else scopes,
            expires_at=expires_at,
            created_by=admin,
            actor=Actor.member(admin),
        )
        return created.token, created.secret

    return make


@pytest.fixture
def api(make_token: MakeToken) -> ApiClient:
    """A client with a token of acme holding every scope."""
    _token, secret = make_token()
    return ApiClient(secret)
