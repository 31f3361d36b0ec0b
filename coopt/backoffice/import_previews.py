"""The members' import preview (M1): the uploaded file, kept between the preview and the
admin's confirmation.

The file is kept in the cache (compressed, 30 minutes), under a random token bound to the
tenant and to the admin who uploaded it: another admin, another company or a token made up
cannot reach it. With the file goes the plan's digest, so that the confirmation applies what
was previewed or nothing (``members_import(expected_digest=...)``). A token is used once: a
confirmation or a cancellation discards it. A lost cache entry (expired, evicted, the cache
unreachable) only means uploading the file again: nothing is applied without it.
"""

import re
import secrets
import zlib
from dataclasses import dataclass

from django.core.cache import cache

from coopt.tenants.models import Tenant

PREVIEW_TIMEOUT = 30 * 60
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


@dataclass(frozen=True)
class StoredImport:
    data: bytes
    send_invitations: bool
    digest: str


def _key(tenant: Tenant, user_id: int, token: str) -> str:
    return f"members-import-preview:{tenant.pk}:{user_id}:{token}"


def import_preview_store(
    *, tenant: Tenant, user_id: int, data: bytes, send_invitations: bool, digest: str
) -> str:
    """Keep the file and its plan's digest; return the token that finds them again."""
    token = secrets.token_urlsafe(24)
    cache.set(
        _key(tenant, user_id, token),
        {"data": zlib.compress(data), "send_invitations": send_invitations, "digest": digest},
        PREVIEW_TIMEOUT,
    )
    return token


def import_preview_load(*, tenant: Tenant, user_id: int, token: str) -> StoredImport | None:
    """The file kept under ``token`` for this admin of this tenant, or None."""
    if not TOKEN_PATTERN.match(token):
        return None
    stored = cache.get(_key(tenant, user_id, token))
    if not isinstance(stored, dict):
        return None
    try:
        return StoredImport(
            data=zlib.decompress(stored["data"]),
            send_invitations=bool(stored["send_invitations"]),
            digest=str(stored["digest"]),
        )
    except (KeyError, zlib.error):
        return None


def import_preview_discard(*, tenant: Tenant, user_id: int, token: str) -> None:
    if TOKEN_PATTERN.match(token):
        cache.delete(_key(tenant, user_id, token))
