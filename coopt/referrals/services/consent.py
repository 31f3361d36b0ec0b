"""The referred person's answer, and deleting their data when there is none (R3)."""

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopt.notifications.messages import Deferred
from coopt.notifications.models import Notification, OutboundEmail
from coopt.notifications.services import notification_create_translated

from ..consent_records import (
    Action,
    Channel,
    Kind,
    consent_record,
    consent_records_forget,
    consents_withdrawn_on_decline,
    pool_consent_give,
)
from ..link_tokens import link_tokens_forget
from ..models import (
    PERSONAL_FIELDS,
    QUALIFICATION_PERSONAL_FIELDS,
    Consent,
    Document,
    Qualification,
    Referral,
)
from .documents import document_attach, documents_delete
from .events import CONFIRMED, referral_event


class ConsentClosed(Exception):
    """The referral was already answered, or its data is gone."""


def _lock(referral: Referral) -> Referral:
    # of=("self",): PostgreSQL refuses FOR UPDATE on the nullable side of the referrer join.
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("referrer__user", "job")
        .get(pk=referral.pk)
    )


@transaction.atomic
def consent_confirm(
    *,
    referral: Referral,
    cv: UploadedFile | None = None,
    replace_cv: bool = False,
    pool_consent: bool = False,
) -> Referral:
    """The referred person is interested and agrees to their data being processed.

    ``pool_consent``: they also agree to stay in the talent pool (Y2, Y5); without it, their
    refusal is recorded.
    """
    referral = _lock(referral)
    if referral.consent_closed:
        raise ConsentClosed
    if cv is not None:
        if replace_cv:
            documents_delete(referral=referral)
        document_attach(referral=referral, upload=cv, uploaded_by=Document.Uploader.CANDIDATE)
    if referral.consent == Consent.CONFIRMED:
        return referral
    referral.consent = Consent.CONFIRMED
    referral.consent_answered_at = timezone.now()
    referral.save(update_fields=["consent", "consent_answered_at", "updated_at"])
    referral_event(referral=referral, event=CONFIRMED)
    consent_record(
        referral=referral, kind=Kind.PROCESSING, action=Action.GIVEN, channel=Channel.EMAIL_LINK
    )
    if pool_consent:
        referral = pool_consent_give(referral=referral, channel=Channel.EMAIL_LINK)
    else:
        # Asked and answered no: the refusal is a fact of its own, not a silence.
        consent_record(
            referral=referral,
            kind=Kind.TALENT_POOL,
            action=Action.REFUSED,
            channel=Channel.EMAIL_LINK,
        )
    if referral.referrer is not None:
        notification_create_translated(
            recipient=referral.referrer,
            message=Deferred(
                _("%(name)s confirmed their interest in “%(job)s”."),
                name=referral.first_name,
                job=referral.job.title,
            ),
            url="/me/",
            subject_ref=f"referral:{referral.pk}",
        )
    return referral


@transaction.atomic
def consent_decline(*, referral: Referral) -> Referral:
    """The referred person objects: their data is deleted at once, the count stays."""
    referral = _lock(referral)
    # Objecting after confirming withdraws the consent all the same.
    consents_withdrawn_on_decline(referral=referral, channel=Channel.EMAIL_LINK)
    referral.consent = Consent.DECLINED
    referral.consent_answered_at = timezone.now()
    referral.save(update_fields=["consent", "consent_answered_at", "updated_at"])
    if referral.referrer is not None:
        notification_create_translated(
            recipient=referral.referrer,
            message=Deferred(
                _("The person you recommended for “%(job)s” declined."), job=referral.job.title
            ),
            url="/me/",
        )
    referral_erase_personal_data(referral=referral)
    return referral


@transaction.atomic
def referral_erase_personal_data(*, referral: Referral) -> Referral:
    """Delete everything that identifies the person; keep the referral as a count.

    Each of ``PERSONAL_FIELDS`` gets its erased value. Files, notes, reminders, unsent
    e-mails and notifications about them go too, and the links to the person's data page
    once nothing else of theirs is held in the tenant. (The consent page's link stays: it
    names no one, and says the referral is closed.)
    """
    ref = f"referral:{referral.pk}"
    key = referral.email_key or ""
    documents_delete(referral=referral)
    referral.notes.all().delete()
    referral.reminders.all().delete()
    Qualification.objects.filter(referral=referral).update(
        **dict.fromkeys(QUALIFICATION_PERSONAL_FIELDS, "")
    )
    OutboundEmail.objects.filter(subject_ref=ref).exclude(status=OutboundEmail.Status.SENT).delete()
    OutboundEmail.objects.filter(subject_ref=ref).update(
        body_text="", body_html="", to_email="erased@invalid"
    )
    Notification.objects.filter(subject_ref=ref).delete()
    consent_records_forget(referral=referral)
    erased = {name: field.erased for name, field in PERSONAL_FIELDS.items()}
    Referral.objects.filter(pk=referral.pk).update(
        **erased, personal_data_deleted_at=timezone.now()
    )
    referral.refresh_from_db()
    still_held = Referral.objects.filter(
        tenant_id=referral.tenant_id, email_key=key, personal_data_deleted_at__isnull=True
    )
    if key and not still_held.exists():
        link_tokens_forget(tenant=referral.tenant_id, email_key=key)
    return referral
