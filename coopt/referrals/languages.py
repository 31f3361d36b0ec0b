"""The language a referred person reads their pages and e-mails in (L1, R3).

The referring member chooses it (``Referral.language``); the person may pick another of the
company's languages on any page their e-mails link to, and that choice is kept on their
referrals, so later e-mails follow it. The browser's language never decides.
"""

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation

from coopt.notifications.language import reader_language
from coopt.tenants.models import Tenant

from .models import Referral


class LanguageNotOffered(Exception):
    """Not one of the company's enabled languages."""


def offered_languages(tenant: Tenant) -> set[str]:
    """The company's enabled languages that the product speaks."""
    return {code for code, _name in tenant.language_choices()}


def candidate_language(*, tenant: Tenant, language: str) -> str:
    """``language`` if the company offers it, else the company's default language."""
    if language in offered_languages(tenant):
        return language
    default = reader_language("", tenant)
    return default if default in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def candidate_language_activate(request: HttpRequest, *, tenant: Tenant, language: str) -> str:
    """Speak the person's language for the rest of this request (page, messages, forms)."""
    language = candidate_language(tenant=tenant, language=language)
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language


@transaction.atomic
def referrals_language_set(
    *, tenant: Tenant, language: str, referral: Referral | None = None, email_key: str = ""
) -> int:
    """The person picked ``language``: keep it on their referral (``referral``) or on all
    their referrals in the company (``email_key``); returns how many changed."""
    if language not in offered_languages(tenant):
        raise LanguageNotOffered
    if referral is not None:
        rows = Referral.objects.filter(tenant=tenant, pk=referral.pk)
    elif email_key:
        rows = Referral.objects.filter(tenant=tenant, email_key=email_key)
    else:
        return 0
    return rows.exclude(language=language).update(language=language, updated_at=timezone.now())
