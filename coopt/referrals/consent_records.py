"""Consent records (Y5): when, which text version, through which channel.

Every place where a person gives or withdraws a consent calls ``consent_record``.
Withdrawing is as easy as giving: the talent-pool consent is given and withdrawn
with one click on the same page.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from .dedup import email_key
from .models import ConsentRecord, Referral

# The version of the wording the person agreed to: the consent page, the public
# application form and the talent-pool checkbox. Bump it whenever that wording
# changes, so each record says which text was shown.
CONSENT_TEXT_VERSION = "2026-11-21"

Kind = ConsentRecord.Kind
Action = ConsentRecord.Action
Channel = ConsentRecord.Channel


class ConsentNotPossible(Exception):
    """The person's data is gone, or they have not confirmed their interest."""


def consent_record(
    *,
    referral: Referral,
    kind: str,
    action: str,
    channel: str,
    text_version: str = CONSENT_TEXT_VERSION,
) -> ConsentRecord:
    """Write down that ``referral``'s person gave or withdrew a consent."""
    key = referral.email_key or (email_key(referral.email) if referral.email else "")
    return ConsentRecord.objects.create(
        tenant_id=referral.tenant_id,
        referral=referral,
        email_key=key,
        kind=kind,
        action=action,
        text_version=text_version,
        channel=channel,
    )


def _lock(referral: Referral) -> Referral:
    return Referral.objects.select_for_update().get(pk=referral.pk)


@transaction.atomic
def pool_consent_give(*, referral: Referral, channel: str) -> Referral:
    """The person agrees to stay in the talent pool: their data is kept longer (Y2)."""
    referral = _lock(referral)
    if not referral.is_visible_to_recruiter:
        raise ConsentNotPossible
    if referral.pool_consent_at is not None:
        return referral  # a second click changes nothing and records nothing
    referral.pool_consent_at = timezone.now()
    referral.save(update_fields=["pool_consent_at", "updated_at"])
    consent_record(referral=referral, kind=Kind.TALENT_POOL, action=Action.GIVEN, channel=channel)
    return referral


@transaction.atomic
def pool_consent_withdraw(*, referral: Referral, channel: str) -> Referral:
    """The person leaves the talent pool: the shorter period applies again at the next purge."""
    referral = _lock(referral)
    if referral.pool_consent_at is None:
        return referral
    referral.pool_consent_at = None
    referral.save(update_fields=["pool_consent_at", "updated_at"])
    consent_record(
        referral=referral, kind=Kind.TALENT_POOL, action=Action.WITHDRAWN, channel=channel
    )
    return referral


def consents_withdrawn_on_decline(*, referral: Referral, channel: str) -> None:
    """Declining or withdrawing on the consent page ends every consent the person gave.

    Declining before confirming is recorded too: the person objects to the processing.
    """
    if referral.consent_closed:
        return  # already declined, expired or erased: nothing left to withdraw
    consent_record(
        referral=referral, kind=Kind.PROCESSING, action=Action.WITHDRAWN, channel=channel
    )
    if referral.pool_consent_at is not None:
        consent_record(
            referral=referral, kind=Kind.TALENT_POOL, action=Action.WITHDRAWN, channel=channel
        )


def consent_records_forget(*, referral: Referral) -> int:
    """On erasure: the records keep the fact (what, when, version, channel), not the person."""
    return (
        ConsentRecord.objects.filter(referral=referral).exclude(email_key="").update(email_key="")
    )


def pool_consent_label(*, months: int) -> str:
    return ngettext(
        "Keep my data for %(months)s month to be considered for other jobs",
        "Keep my data for %(months)s months to be considered for other jobs",
        months,
    ) % {"months": months}
