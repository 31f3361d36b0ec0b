"""Recognising the same person: normalised e-mail, phone, and fuzzy name (R2)."""

import unicodedata

import phonenumbers
from django.db.models import Q, QuerySet
from rapidfuzz import fuzz

from .models import OPEN_STATUSES, Referral

NAME_SIMILARITY = 90
# Look-alike names compared per submission (names only, compared in memory).
MAX_NAME_CANDIDATES = 2000


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


def name_fragments(last_name: str) -> set[str]:
    """Three-letter pieces of the last name without accents, to find look-alikes.

    A look-alike shares at least one piece with the name even with an accent or
    a typo elsewhere ("Müller" and "Muller" share "lle"), which a prefix does not.
    """
    letters = "".join(ch for ch in name_key("", last_name) if ch.isalpha())
    if len(letters) <= 3:
        return {letters} if letters else set()
    return {letters[i : i + 3] for i in range(len(letters) - 2)}


def same_person_in_process(
    *,
    tenant_id: int,
    email: str,
    phone: str,
    first_name: str,
    last_name: str,
    exclude_pk: int | None = None,
) -> list[Referral]:
    """Open referrals of the tenant that look like the same person."""
    candidates: QuerySet[Referral] = Referral.objects.filter(
        tenant_id=tenant_id, status__in=OPEN_STATUSES, personal_data_deleted_at__isnull=True
    )
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    strong = Q(email_key=email_key(email))
    if phone_key(phone):
        strong |= Q(phone_key=phone_key(phone))
    found_pks = list(candidates.filter(strong).values_list("pk", flat=True)[:10])
    wanted = name_key(first_name, last_name)
    fragments = name_fragments(last_name)
    if fragments:
        # Either name field: people also write "Smith John".
        near = Q()
        for fragment in fragments:
            near |= Q(last_name__icontains=fragment) | Q(first_name__icontains=fragment)
        rows = (
            candidates.filter(near)
            .exclude(pk__in=found_pks)
            .order_by("-created_at")
            .values_list("pk", "first_name", "last_name")
        )
        for pk, other_first, other_last in rows[:MAX_NAME_CANDIDATES]:
            if similar_names(wanted, name_key(other_first, other_last)):
                found_pks.append(pk)
    return list(Referral.objects.filter(pk__in=found_pks).select_related("job"))
