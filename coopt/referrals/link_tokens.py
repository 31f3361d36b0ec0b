"""The keys of the links e-mailed to a referred person: random, stored hashed.

A link carries ``secrets.token_urlsafe(32)`` (32 random bytes): nothing in it names the
tenant, the referral or the person, and decoding it gives nothing back. The database keeps
only its SHA-256 (``LinkToken.token_hash``) with what the link opens; a token is found by
its hash, in the tenant of the site it is opened on, so another company's host never opens
it. Never log a token.

A token is issued when the e-mail that carries it is written: each e-mail has a link of its
own. The person's rows go with their data (``link_tokens_forget``), and the nightly purge
deletes the rows of links past their expiry (``link_tokens_delete_expired``).
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.utils import timezone

from coopt.tenants.models import Tenant

from .models import LinkToken, Referral

TOKEN_BYTES = 32


class LinkRefused(Exception):
    """A token that opens nothing here: unknown (or another tenant's), or expired."""

    def __init__(self, *, expired: bool = False) -> None:
        super().__init__("expired" if expired else "unknown")
        self.expired = expired


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_token_issue(
    *,
    tenant: Tenant,
    purpose: str,
    referral: Referral | None = None,
    email_key: str = "",
    max_age: timedelta | None = None,
) -> str:
    """A new random token for a link, its hash stored; the token itself is returned once."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = timezone.now()
    LinkToken.objects.create(
        tenant=tenant,
        purpose=purpose,
        token_hash=token_hash(token),
        referral=referral,
        email_key=email_key,
        created_at=now,
        expires_at=now + max_age if max_age is not None else None,
    )
    return token


def link_token_find(*, tenant: Tenant, purpose: str, token: str) -> LinkToken:
    """The row behind ``token`` for this tenant and purpose; ``LinkRefused`` otherwise."""
    if not token or len(token) > 200:
        raise LinkRefused
    found = (
        LinkToken.objects.filter(tenant=tenant, purpose=purpose, token_hash=token_hash(token))
        .select_related("referral")
        .first()
    )
    if found is None:
        raise LinkRefused
    if found.expires_at is not None and found.expires_at <= timezone.now():
        raise LinkRefused(expired=True)
    return found


def link_tokens_forget(*, tenant: Tenant | int, email_key: str) -> int:
    """Delete the links to the person's data page (their data is being erased)."""
    if not email_key:
        return 0
    tenant_id = tenant if isinstance(tenant, int) else tenant.pk
    deleted, _by_model = LinkToken.objects.filter(tenant_id=tenant_id, email_key=email_key).delete()
    return deleted


def link_tokens_delete_expired(*, now: datetime | None = None) -> int:
    """Delete the rows of links that expired: they open nothing any more."""
    deleted, _by_model = LinkToken.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
