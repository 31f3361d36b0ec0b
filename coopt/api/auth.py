"""Who calls the API: a token of the request's tenant (``Authorization: Bearer <token>``).

A token of another tenant, unknown, expired or revoked is a 401; a token whose creator is no
longer an active admin of the tenant too (the API acts with their reach). Each token has its
own rate limit (429 with ``Retry-After``); a scope missing for an operation is a 403.
"""

from typing import cast

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer

from coopt.accounts.models import Membership
from coopt.audit.actors import Actor, client_ip
from coopt.lib.ratelimit import hit_key
from coopt.tenants.models import Tenant

from .models import ApiToken
from .problems import ApiProblem
from .selectors import token_by_secret
from .services import token_mark_used

# Requests a token may make per window (seconds), unless settings say otherwise.
DEFAULT_RATE_LIMIT = 600
DEFAULT_RATE_WINDOW = 60


class ApiRequest(HttpRequest):
    """A request the API authenticated: ``auth`` is the token."""

    tenant: Tenant
    auth: ApiToken


def _unauthorized(detail: str) -> ApiProblem:
    return ApiProblem(401, detail, kind="unauthorized")


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        tenant: Tenant | None = getattr(request, "tenant", None)
        if tenant is None:
            return None
        found = token_by_secret(tenant, token.strip())
        if found is None:
            return None
        if found.revoked_at is not None:
            raise _unauthorized("This token was revoked.")
        if found.is_expired:
            raise _unauthorized("This token has expired.")
        creator = found.created_by
        if creator is None or not (creator.is_active and creator.is_admin):
            raise _unauthorized(
                "The admin who created this token is no longer an admin here: "
                "ask an admin for a new token."
            )
        limit = getattr(settings, "COOPT_API_RATE_LIMIT", DEFAULT_RATE_LIMIT)
        window = getattr(settings, "COOPT_API_RATE_WINDOW", DEFAULT_RATE_WINDOW)
        wait = hit_key(key=f"api:{found.pk}", limit=limit, window=window)
        if wait is not None:
            raise ApiProblem(
                429, "Too many requests for this token: retry later.", retry_after=wait
            )
        token_mark_used(token=found)
        return found


def require_scope(request: HttpRequest, scope: str) -> ApiToken:
    """The request's token, if it carries ``scope``; 403 otherwise."""
    token = cast(ApiRequest, request).auth
    if scope not in token.scopes:
        raise ApiProblem(403, f"This token lacks the scope {scope}.", kind="missing-scope")
    return token


def acting_member(request: HttpRequest) -> Membership:
    """The membership whose reach the API has: the token's creator, an active admin."""
    membership = cast(ApiRequest, request).auth.created_by
    assert membership is not None  # checked by TokenAuth
    return membership


def api_actor(request: HttpRequest) -> Actor:
    token = cast(ApiRequest, request).auth
    return Actor.api_token(
        token_id=token.pk, tenant_id=token.tenant_id, ip_address=client_ip(request)
    )
