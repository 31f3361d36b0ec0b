"""Recognising the same person: normalised e-mail, phone, and fuzzy name (R2)."""

import unicodedata

import phonenumbers
from django.db.models import Q, QuerySet
from rapidfuzz import fuzz

from .models import OPEN_STATUSES, Referral

NAME_SIMILARITY = 90


def email_key(email: str) -> str:
    """Lower case, trimmed, without a ``+tag`` in the local part."""
    local, _at, domain = email.strip().lower().partition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


def phone_key(phone: str, region: str = "FR") -> str:
    """E.164 when the number parses, else its digits; empty when there is none."""
    phone = phone.strip()
    if not phone:
        return ""
    try:
        parsed = phonenumbers.parse(phone, region)
    except phonenumbers.NumberParseException:
        return "".join(ch for ch in phone if ch.isdigit())
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def name_key(first_name: str, last_name: str) -> str:
    text = f"{first_name} {last_name}".lower().strip()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def similar_names(a: str, b: str) -> bool:
    return bool(a and b) and fuzz.token_sort_ratio(a, b) >= NAME_SIMILARITY


def same_person_in_process(
    *, tenant_id: int, email: str, phone: str, first_name: str, last_name: str,
    exclude_pk: int | None = None,
) -> list[Referral]:
    """Open referrals of the tenant that look like the same person."""
    candidates: QuerySet[Referral] = Referral.objects.filter(
        tenant_id=tenant_id, status__in=OPEN_STATUSES, personal_data_deleted_at__isnull=True
    ).select_related("job")
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    strong = Q(email_key=email_key(email))
    if phone_key(phone):
        strong |= Q(phone_key=phone_key(phone))
    found = list(candidates.filter(strong)[:10])
    wanted = name_key(first_name, last_name)
    last = last_name.strip()[:3]
    if last:
        for other in candidates.filter(last_name__icontains=last).exclude(pk__in=[r.pk for r in found])[:50]:
            if similar_names(wanted, name_key(other.first_name, other.last_name)):
                found.append(other)
    return found
