"""Secrets and signatures the Standard Webhooks way (https://www.standardwebhooks.com/).

A secret is ``whsec_`` and the base64 of 32 random bytes; the key is those bytes. Each
request carries ``webhook-id`` (the message id), ``webhook-timestamp`` (seconds since the
epoch) and ``webhook-signature``: ``v1,`` and the base64 of the HMAC-SHA256 of
``"{id}.{timestamp}.{body}"``, one per valid secret, separated by spaces (during a
rotation both the new and the previous secret sign).
"""

import base64
import hashlib
import hmac
import secrets
from collections.abc import Iterable

SECRET_PREFIX = "whsec_"  # noqa: S105 - the format's prefix, not a secret
SECRET_BYTES = 32
MESSAGE_ID_PREFIX = "msg_"


def secret_new() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def message_id_new() -> str:
    """A unique ``webhook-id``: ``msg_`` and 22 URL-safe random characters."""
    return MESSAGE_ID_PREFIX + secrets.token_urlsafe(16)


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def signature(*, secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """One ``v1,<base64>`` signature of the body with ``secret``."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signed_headers(
    *, secrets_: Iterable[str], message_id: str, timestamp: int, body: bytes
) -> dict[str, str]:
    """The three Standard Webhooks headers, signed with every secret given."""
    signatures = " ".join(
        signature(secret=secret, message_id=message_id, timestamp=timestamp, body=body)
        for secret in secrets_
    )
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signatures,
    }
