"""Data subject requests (Y3): what a person asks about their data, and its legal due date.

A person acts on their own data page (see ``coopt.referrals.self_service_links``): download,
correct and erase complete at once and are recorded as done; anything else is
a request the company handles within one month, from the admin's list.
"""

from datetime import datetime

from django.db import models, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from coopt.accounts.models import Membership, User
from coopt.audit.actors import Actor
from coopt.audit.services import Action, audit_record, audit_target
from coopt.lib.dates import add_months
from coopt.notifications.language import reader_language
from coopt.notifications.messages import Deferred
from coopt.notifications.services import notification_create_translated
from coopt.referrals.consent_records import consents_withdrawn_on_decline
from coopt.referrals.dedup import phone_key
from coopt.referrals.link_tokens import link_tokens_forget
from coopt.referrals.models import PERSONAL_FIELDS, ConsentRecord, Referral
from coopt.referrals.services.consent import referral_erase_personal_data
from coopt.tenants.models import Tenant

from .models import SubjectRequest

# What the person may correct themself (name and phone, ``PERSONAL_FIELDS``); a new e-mail
# address needs the company's check.
RECTIFIABLE_FIELDS = tuple(name for name, field in PERSONAL_FIELDS.items() if field.rectifiable)


class RequestAlreadyClosed(Exception):
    """The request was already marked done or refused."""


class NoteRequired(Exception):
    """A refusal must give its reasons to the person."""


def add_one_month(moment: datetime) -> datetime:
    """The same local time one calendar month later (the legal delay to answer)."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return add_months(local, 1)


def _in_tenant_language(tenant: Tenant, message: object) -> str:
    """Stored texts are read by the company's admins: written in the company's language."""
    with translation.override(tenant.default_language):
        return str(message)


def subject_request_record(
    *, tenant: Tenant, key: str, kind: str, details: str = "", completed: bool = False
) -> SubjectRequest:
    """Record a request as received now, due in one month; ``completed`` if already done."""
    now = timezone.now()
    return SubjectRequest.objects.create(
        tenant=tenant,
        email_key=key,
        kind=kind,
        state=SubjectRequest.State.DONE if completed else SubjectRequest.State.RECEIVED,
        received_at=now,
        due_at=add_one_month(now),
        completed_at=now if completed else None,
        details=details,
    )


def person_referrals_for_update(*, tenant: Tenant, key: str) -> list[Referral]:
    """The person's referrals and applications in this tenant, locked for the change."""
    return list(
        Referral.objects.select_for_update()
        .filter(tenant=tenant, email_key=key, personal_data_deleted_at__isnull=True)
        .order_by("pk")
    )


@transaction.atomic
def person_export_record(*, tenant: Tenant, key: str, actor: Actor) -> SubjectRequest:
    """The person downloaded their data: the request is answered at once."""
    recorded = subject_request_record(
        tenant=tenant, key=key, kind=SubjectRequest.Kind.EXPORT, completed=True
    )
    audit_record(
        actor=actor,
        tenant_id=tenant.pk,
        action=Action.DATA_EXPORTED,
        target=audit_target(recorded),
    )
    return recorded


@transaction.atomic
def person_rectify(*, tenant: Tenant, key: str, **corrections: str) -> SubjectRequest | None:
    """Correct the ``RECTIFIABLE_FIELDS`` (name and phone), each given, on every referral of
    the person in this tenant.

    Returns the recorded request, or None when nothing changed.
    """
    if set(corrections) != set(RECTIFIABLE_FIELDS):
        raise TypeError(f"person_rectify() takes {', '.join(RECTIFIABLE_FIELDS)}")
    wanted = {name: value.strip() for name, value in corrections.items()}
    changed: set[str] = set()
    for referral in person_referrals_for_update(tenant=tenant, key=key):
        fields = [name for name in RECTIFIABLE_FIELDS if getattr(referral, name) != wanted[name]]
        if not fields:
            continue
        for name in fields:
            setattr(referral, name, wanted[name])
        if "phone" in fields:
            referral.phone_key = phone_key(referral.phone)
            fields.append("phone_key")
        referral.save(update_fields=[*fields, "updated_at"])
        changed.update(name for name in fields if name in RECTIFIABLE_FIELDS)
    if not changed:
        return None
    # The field names only: a copy of the values would outlive an erasure.
    details = _in_tenant_language(tenant, _("Corrected by the person: %(fields)s.")) % {
        "fields": _labels_in(tenant, changed)
    }
    return subject_request_record(
        tenant=tenant,
        key=key,
        kind=SubjectRequest.Kind.RECTIFICATION,
        details=details,
        completed=True,
    )


def _labels_in(tenant: Tenant, changed: set[str]) -> str:
    with translation.override(tenant.default_language):
        return ", ".join(_label(name) for name in RECTIFIABLE_FIELDS if name in changed)


def _label(name: str) -> str:
    field = Referral._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(field.verbose_name)


@transaction.atomic
def person_erase(*, tenant: Tenant, key: str, actor: Actor) -> SubjectRequest:
    """Erase everything held about the person in this tenant, at their request.

    Every referral goes through ``referral_erase_personal_data`` (rows, files,
    unsent e-mails, notifications; the referral stays as an anonymous count).
    Consent records and requests lose the e-mail key that tied them to the
    person; the erasure itself is recorded without it. Other tenants are untouched.
    """
    referrals = person_referrals_for_update(tenant=tenant, key=key)
    consent_records = ConsentRecord.objects.filter(tenant=tenant, email_key=key)
    consents = consent_records.count()
    for referral in referrals:
        # Erasing ends every consent given: the record says so, through this page.
        consents_withdrawn_on_decline(referral=referral, channel=ConsentRecord.Channel.SELF_SERVICE)
        referral_erase_personal_data(referral=referral)
    # Those tied to no referral, or to one erased before, are unlinked here.
    consent_records.update(email_key="")
    # The links to this page name them (by their e-mail key): they stop opening.
    link_tokens_forget(tenant=tenant, email_key=key)
    # The person's own words in earlier requests may name them: they go too.
    SubjectRequest.objects.filter(tenant=tenant, email_key=key).update(email_key="", details="")
    details = _in_tenant_language(
        tenant,
        _(
            "Erased by the person. Referrals and applications erased: %(referrals)s; "
            "consent records unlinked: %(consents)s."
        ),
    ) % {"referrals": len(referrals), "consents": consents}
    recorded = subject_request_record(
        tenant=tenant, key="", kind=SubjectRequest.Kind.ERASURE, details=details, completed=True
    )
    audit_record(
        actor=actor,
        tenant_id=tenant.pk,
        action=Action.DATA_ERASED,
        target=audit_target(recorded),
        details={"referrals": [referral.pk for referral in referrals], "consents": consents},
    )
    return recorded


@transaction.atomic
def person_request_other(*, tenant: Tenant, key: str, kind: str, details: str) -> SubjectRequest:
    """A request the page cannot answer by itself: the company handles it within one month."""
    if kind not in SubjectRequest.Kind.values:
        raise ValueError(kind)
    recorded = subject_request_record(tenant=tenant, key=key, kind=kind, details=details.strip())
    _tell_the_admins(recorded)
    return recorded


def _tell_the_admins(subject_request: SubjectRequest) -> None:
    """The clock runs from today: every admin of the company hears of it (no personal data)."""
    admins = Membership.objects.filter(
        tenant_id=subject_request.tenant_id, is_admin=True, is_active=True
    ).select_related("user", "tenant")
    due_at = timezone.localtime(subject_request.due_at)
    for admin in admins:
        with translation.override(reader_language(admin.user.language, admin)):
            due = formats.date_format(due_at, "SHORT_DATE_FORMAT")
            notification_create_translated(
                recipient=admin,
                message=Deferred(
                    _("A person asked about their data: answer by %(date)s."), date=due
                ),
                url=reverse("privacy:requests"),
                subject_ref=audit_target(subject_request),
            )


@transaction.atomic
def subject_request_close(
    *, subject_request: SubjectRequest, state: str, note: str, actor: User
) -> SubjectRequest:
    """The admin answered the request: done, or refused with the reasons given."""
    subject_request = SubjectRequest.objects.select_for_update().get(pk=subject_request.pk)
    if subject_request.state != SubjectRequest.State.RECEIVED:
        raise RequestAlreadyClosed
    if state not in (SubjectRequest.State.DONE, SubjectRequest.State.REFUSED):
        raise ValueError(state)
    note = note.strip()
    if state == SubjectRequest.State.REFUSED and not note:
        raise NoteRequired
    subject_request.state = state
    subject_request.completed_at = timezone.now()
    subject_request.handled_by = actor
    if note:
        subject_request.details = "\n\n".join(filter(None, [subject_request.details, note]))
    subject_request.save(update_fields=["state", "completed_at", "handled_by", "details"])
    return subject_request
