"""The signed link to a person's own data page (Y3), carried by every e-mail to a candidate.

The token names the tenant and the person's normalised e-mail, signed with the
secret key and a salt of its own, and stays valid for months since it sits in
e-mails. It is signed, not encrypted: whoever holds the link sees the address in
it, and the link is sent to that address only. Never log it.

The page itself is the privacy app's (``privacy_self:page``): the referral's e-mails carry
the link, the page reads the token back with ``person_key_from_token``.
"""

from datetime import timedelta

from django.core import signing
from django.urls import reverse

from coopt.tenants.models import Tenant

from .dedup import email_key

# Never change the salt: every link already sent would stop opening (it dates from when
# the links were the privacy app's).
SALT = "coopt.privacy.self-service"
# E-mails are read months later; the page must still open.
MAX_AGE = timedelta(days=180)


class InvalidLink(Exception):
    """Tampered with, expired, or made for another tenant."""


def self_service_token(*, tenant: Tenant, email: str) -> str:
    return signing.dumps({"t": tenant.pk, "e": email_key(email)}, salt=SALT, compress=True)


def self_service_path(*, tenant: Tenant, email: str) -> str:
    token = self_service_token(tenant=tenant, email=email)
    return reverse("privacy_self:page", args=[token])


def self_service_url(*, tenant: Tenant, email: str) -> str:
    """The absolute link, on the tenant's own domain, for e-mails."""
    return tenant.absolute_url(self_service_path(tenant=tenant, email=email))


def person_key_from_token(*, tenant: Tenant, token: str) -> str:
    """The person's e-mail key, if the token is genuine, fresh and made for this tenant."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature as error:  # SignatureExpired is a BadSignature
        raise InvalidLink from error
    if not isinstance(payload, dict) or payload.get("t") != tenant.pk:
        raise InvalidLink
    key = payload.get("e")
    if not isinstance(key, str) or "@" not in key:
        raise InvalidLink
    return key
