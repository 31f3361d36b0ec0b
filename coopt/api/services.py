"""Writes of the API app: tokens (created, revoked, marked used) and the answers kept for an
``Idempotency-Key``. The API's writes on jobs, referrals and members are in ``writes.py``."""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from coopt.accounts.models import Membership
from coopt.audit.actors import Actor
from coopt.audit.services import Action, audit_record, audit_target
from coopt.tenants.models import Tenant

from .models import ApiToken, IdempotentResponse, Scope

SECRET_PREFIX = "coopt_"  # noqa: S105 - what every secret starts with, not a secret
PREFIX_LENGTH = 12
# ``last_used_at`` is written at most this often, not on every request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
# How long the first answer to a POST with an ``Idempotency-Key`` is replayed.
IDEMPOTENCY_WINDOW = datetime.timedelta(hours=24)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class CreatedToken:
    token: ApiToken
    # The secret, shown to the admin once and never stored.
    secret: str


class TokenError(Exception):
    pass


@transaction.atomic
def token_create(
    *,
    tenant: Tenant,
    name: str,
    scopes: list[str],
    expires_at: datetime.datetime | None,
    created_by: Membership,
    actor: Actor,
) -> CreatedToken:
    """A new token of the tenant; its secret is returned here and never again."""
    unknown = set(scopes) - set(Scope.values)
    if unknown or not scopes:
        raise TokenError(sorted(unknown))
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        tenant=tenant,
        name=name.strip(),
        prefix=secret[:PREFIX_LENGTH],
        secret_hash=secret_hash(secret),
        scopes=[s for s in Scope.values if s in scopes],
        expires_at=expires_at,
        created_by=created_by,
    )
    audit_record(
        actor=actor,
        tenant_id=tenant.pk,
        action=Action.API_TOKEN_CREATED,
        target=audit_target(token, "api_token"),
        details={
            "scopes": token.scopes,
            "expires_at": expires_at.date().isoformat() if expires_at else "",
        },
    )
    return CreatedToken(token=token, secret=secret)


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: Actor) -> ApiToken:
    """Revoke the token at once; revoking it again changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        tenant_id=token.tenant_id,
        action=Action.API_TOKEN_REVOKED,
        target=audit_target(token, "api_token"),
    )
    return token


def token_mark_used(*, token: ApiToken) -> None:
    """Note that the token was used, at most once a minute (one UPDATE then, none else)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


def idempotent_response_store(
    *, token: ApiToken, key: str, fingerprint: str, status: int, body: object
) -> IdempotentResponse:
    """Keep the first answer to a POST with this key (the caller holds the transaction)."""
    IdempotentResponse.objects.filter(
        token=token, key=key, created_at__lt=timezone.now() - IDEMPOTENCY_WINDOW
    ).delete()
    return IdempotentResponse.objects.create(
        token=token, key=key, fingerprint=fingerprint, status=status, body=body
    )


def idempotent_responses_purge() -> int:
    """Delete the answers older than the window (they are no longer replayed)."""
    deleted, _by_model = IdempotentResponse.objects.filter(
        created_at__lt=timezone.now() - IDEMPOTENCY_WINDOW
    ).delete()
    return deleted
