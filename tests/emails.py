"""Reading the messages Django's test outbox (``mail.outbox``) holds."""

import re

from django.core.mail import EmailMessage, EmailMultiAlternatives

from coopt.referrals.models import Referral
from coopt.referrals.selectors import access_referral_by_consent_token
from coopt.tenants.models import Tenant


def html_of(message: EmailMessage) -> str:
    """The HTML alternative of a sent message.

    django-stubs type ``mail.outbox`` as plain ``EmailMessage``s and an alternative's
    content as text, bytes or a message: this says which one a test expects.
    """
    assert isinstance(message, EmailMultiAlternatives), "expected an HTML alternative"
    html = next(content for content, mimetype in message.alternatives if mimetype == "text/html")
    assert isinstance(html, str)
    return html


# The links e-mailed to a referred person: their consent page and their own data page.
CONSENT_LINK = re.compile(r"/c/([A-Za-z0-9_\-]+)/")
PRIVACY_LINK = re.compile(r"/privacy/([A-Za-z0-9_\-:]+)/")


def consent_tokens_in(text: str) -> list[str]:
    return CONSENT_LINK.findall(text)


def consent_referral_in(text: str, tenant: Tenant) -> Referral:
    """The referral the consent link in ``text`` opens (the link must open one)."""
    tokens = consent_tokens_in(text)
    assert tokens, "no consent link in the message"
    return access_referral_by_consent_token(tenant, tokens[0])


def privacy_tokens_in(text: str) -> list[str]:
    return PRIVACY_LINK.findall(text)
