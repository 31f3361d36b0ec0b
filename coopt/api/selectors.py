"""Reads of the API app: a tenant's tokens, the token behind a request's secret, the
answer kept for an ``Idempotency-Key``."""

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from coopt.accounts.models import Membership
from coopt.tenants.models import Tenant

from .models import ApiToken, IdempotentResponse
from .services import IDEMPOTENCY_WINDOW, secret_hash


def tokens_of(tenant: Tenant) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(tenant=tenant).select_related("created_by__user")


def access_api_token(member: Membership, token_id: int) -> ApiToken:
    """A token of the admin's tenant; 404 for anyone else, or another tenant's token."""
    if not member.is_admin:
        raise Http404
    token = tokens_of(member.tenant).filter(pk=token_id).first()
    if token is None:
        raise Http404
    return token


def token_by_secret(tenant: Tenant, secret: str) -> ApiToken | None:
    """The tenant's token with this secret, whatever its state; None for an unknown
    secret or another tenant's."""
    if not secret:
        return None
    return (
        ApiToken.objects.filter(tenant=tenant, secret_hash=secret_hash(secret))
        .select_related("created_by__user", "created_by__tenant")
        .first()
    )


def idempotent_response_find(token: ApiToken, key: str) -> IdempotentResponse | None:
    """The answer kept for this key, if it is still in its window."""
    return IdempotentResponse.objects.filter(
        token=token, key=key, created_at__gte=timezone.now() - IDEMPOTENCY_WINDOW
    ).first()
