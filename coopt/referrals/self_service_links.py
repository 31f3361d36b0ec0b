"""The link to a person's own data page (Y3), carried by every e-mail to a candidate.

The link carries a random token (``link_tokens.py``): nothing in it names the tenant or the
person, and the database keeps only its hash, with the person's normalised e-mail and the
link's expiry. It stays valid for six months since it sits in e-mails. Never log it.

Links sent before the tokens were random were signed (the tenant and the person's e-mail key,
readable in base64): they open until their own six months are up, then are refused like any
expired link (docs/privacy.md). Their salt must never change until then.

The page itself is the privacy app's (``privacy_self:page``): the referral's e-mails carry
the link, the page reads the token back with ``person_key_from_token``.
"""

from datetime import timedelta

from django.core import signing
from django.urls import reverse

from coopt.tenants.models import Tenant

from .dedup import email_key
from .link_tokens import LinkRefused, link_token_find, link_token_issue
from .models import LinkToken

# The salt of the signed links sent before the tokens were random (it dates from when the
# links were the privacy app's). Never change it while such a link may still be valid.
SALT = "coopt.privacy.self-service"
# E-mails are read months later; the page must still open.
MAX_AGE = timedelta(days=180)
PURPOSE = LinkToken.Purpose.SELF_SERVICE


class InvalidLink(Exception):
    """Unknown, tampered with, expired, or made for another tenant."""

    def __init__(self, *, expired: bool = False) -> None:
        super().__init__("expired" if expired else "unknown")
        self.expired = expired


def self_service_token(*, tenant: Tenant, email: str) -> str:
    """A new link token for the person's page: stored hashed, returned once."""
    return link_token_issue(
        tenant=tenant, purpose=PURPOSE, email_key=email_key(email), max_age=MAX_AGE
    )


def self_service_path(*, tenant: Tenant, email: str) -> str:
    token = self_service_token(tenant=tenant, email=email)
    return reverse("privacy_self:page", args=[token])


def self_service_url(*, tenant: Tenant, email: str) -> str:
    """The absolute link, on the tenant's own domain, for e-mails."""
    return tenant.absolute_url(self_service_path(tenant=tenant, email=email))


def person_key_from_token(*, tenant: Tenant, token: str) -> str:
    """The person's e-mail key, if the token is one of this tenant's and still valid."""
    if ":" in token:  # a random token has none: a signed link sent before
        return _key_from_signed_link(tenant=tenant, token=token)
    try:
        found = link_token_find(tenant=tenant, purpose=PURPOSE, token=token)
    except LinkRefused as refused:
        raise InvalidLink(expired=refused.expired) from refused
    if "@" not in found.email_key:
        raise InvalidLink
    return found.email_key


def _key_from_signed_link(*, tenant: Tenant, token: str) -> str:
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired as error:
        raise InvalidLink(expired=True) from error
    except signing.BadSignature as error:
        raise InvalidLink from error
    if not isinstance(payload, dict) or payload.get("t") != tenant.pk:
        raise InvalidLink
    key = payload.get("e")
    if not isinstance(key, str) or "@" not in key:
        raise InvalidLink
    return key
