"""The recruiter's pipeline: status changes, transfers, notes, reminders (R4, R5)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopt.accounts.models import Membership, User
from coopt.jobs.models import Job
from coopt.notifications.language import reader_language
from coopt.notifications.messages import Deferred
from coopt.notifications.services import (
    email_queue,
    email_send_template,
    notification_create_translated,
)

from ..models import PERSONAL_FIELDS, Note, Referral, Reminder, Status, StatusChange
from ..self_service_links import self_service_url
from .documents import document_copy
from .events import referral_event
from .status_emails import render_status_email

# Statuses after which the candidate hears from us automatically.
# Statuses that end the process: retention is counted from then.
CLOSED_STATUSES = {Status.HIRED, Status.NOT_RETAINED}
CANDIDATE_EMAIL_STATUSES = {Status.CONTACTED, Status.MET, Status.HIRED, Status.NOT_RETAINED}


class PipelineError(Exception):
    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


def _check_movable(referral: Referral) -> None:
    if not referral.is_visible_to_recruiter:
        raise PipelineError(_("This person has not confirmed their interest yet."))
    if referral.status == Status.TRANSFERRED:
        raise PipelineError(_("This referral was transferred to another job."))


@transaction.atomic
def referral_set_status(
    *, referral: Referral, status: str, author: User, comment: str = "", tell: bool = True
) -> Referral:
    """Move a referral in the pipeline; the candidate and the referrer are told, unless
    ``tell`` is False because the caller writes to them itself (a qualifier's decline)."""
    # of=("self",): PostgreSQL refuses FOR UPDATE on the nullable side of the referrer join.
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("job", "tenant", "referrer__user", "referrer__tenant")
        .get(pk=referral.pk)
    )
    if status not in Status.values or status == Status.TRANSFERRED:
        raise PipelineError(_("Choose a valid status."))
    _check_movable(referral)
    if referral.status == status:
        return referral
    previous = referral.status
    referral.status = status
    referral.closed_at = timezone.now() if status in CLOSED_STATUSES else None
    referral.save(update_fields=["status", "closed_at", "updated_at"])
    StatusChange.objects.create(
        referral=referral, from_status=previous, to_status=status, author=author, comment=comment
    )
    referral_event(referral=referral, event=status)
    if tell:
        _tell_about_status(referral)
    return referral


def _tell_about_status(referral: Referral) -> None:
    ref = f"referral:{referral.pk}"
    if referral.status in CANDIDATE_EMAIL_STATUSES and referral.source != "mobility":
        rendered = render_status_email(
            referral=referral,
            key="candidate-status",
            language=referral.language,
            privacy_url=self_service_url(tenant=referral.tenant, email=referral.email),
        )
        email_queue(
            tenant=referral.tenant,
            to=referral.email,
            rendered=rendered,
            language=referral.language,
            template="candidate-status",
            subject_ref=ref,
        )
    referrer = referral.referrer
    if referrer is not None and referrer.is_active:
        language = reader_language(referrer.user.language, referrer)
        rendered = render_status_email(referral=referral, key="referrer-status", language=language)
        email_queue(
            tenant=referral.tenant,
            to=referrer.user.email,
            rendered=rendered,
            language=language,
            template="referrer-status",
            subject_ref=ref,
        )
        notification_create_translated(
            recipient=referrer,
            message=Deferred(
                _("%(name)s, “%(job)s”: %(status)s"),
                name=referral.first_name,
                job=referral.job.title,
                status=Status(referral.status).label,
            ),
            url="/me/",
            subject_ref=ref,
        )


def referrals_bulk_set_status(
    *, referrals: list[Referral], status: str, author: User
) -> tuple[int, int]:
    """Change many at once; returns (changed, skipped). Each change is its own transaction."""
    changed = skipped = 0
    for referral in referrals:
        try:
            referral_set_status(referral=referral, status=status, author=author)
        except PipelineError:
            skipped += 1
        else:
            changed += 1
    return changed, skipped


@transaction.atomic
def referral_transfer(*, referral: Referral, job: Job, author: User) -> Referral:
    """Move the person to another job of the same tenant; the new referral keeps the referrer."""
    from .submit import ReferralRefused, _create

    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _check_movable(referral)
    if job.tenant_id != referral.tenant_id or job.pk == referral.job_id:
        raise PipelineError(_("Choose another job of this company."))
    previous = referral.status
    person = {name: getattr(referral, name) for name, f in PERSONAL_FIELDS.items() if f.transferred}
    # Free the "one person per job" slot on the old job only once the new one exists.
    try:
        new = _create(
            Referral(
                tenant_id=referral.tenant_id,
                job=job,
                referrer=referral.referrer,
                applicant=referral.applicant,
                source=referral.source,
                **person,
                language=referral.language,
                consent=referral.consent,
                consent_requested_at=referral.consent_requested_at,
                consent_answered_at=referral.consent_answered_at,
            ),
            _("This person is already in process for that job."),
        )
    except ReferralRefused as refused:
        raise PipelineError(refused.message) from refused
    for document in referral.documents.all():
        document_copy(document=document, referral=new)
    StatusChange.objects.create(
        referral=new,
        from_status="",
        to_status=Status.RECOMMENDED,
        author=author,
        comment=str(_("Transferred from “%(job)s”") % {"job": referral.job.title}),
    )
    referral.status = Status.TRANSFERRED
    referral.transferred_to = new
    referral.save(update_fields=["status", "transferred_to", "updated_at"])
    StatusChange.objects.create(
        referral=referral,
        from_status=previous,
        to_status=Status.TRANSFERRED,
        author=author,
        comment=job.title[:300],
    )
    return new


def note_add(*, referral: Referral, author: User, body: str) -> Note:
    _check_movable(referral)
    return Note.objects.create(referral=referral, author=author, body=body.strip())


def reminder_add(
    *, referral: Referral, owner: Membership, due_on: datetime.date, text: str
) -> Reminder:
    _check_movable(referral)
    return Reminder.objects.create(
        tenant_id=referral.tenant_id,
        referral=referral,
        owner=owner,
        due_on=due_on,
        text=text.strip(),
    )


def reminder_complete(*, reminder: Reminder) -> Reminder:
    if reminder.done_at is None:
        reminder.done_at = timezone.now()
        reminder.save(update_fields=["done_at"])
    return reminder


def reminders_send_due() -> int:
    """E-mail each recruiter their reminders due today or earlier, once (scheduled)."""
    today = timezone.localdate()
    sent = 0
    due = Reminder.objects.filter(
        done_at__isnull=True,
        emailed_at__isnull=True,
        due_on__lte=today,
        owner__is_active=True,
        owner__tenant__is_active=True,  # a suspended tenant's reminders wait for its return
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            reminder = (
                Reminder.objects.select_for_update()
                .select_related("owner__user", "owner__tenant", "referral__job")
                .get(pk=pk)
            )
            if reminder.emailed_at is not None:
                continue
            email_send_template(
                tenant=reminder.owner.tenant,
                to=reminder.owner.user.email,
                name="reminder-due",
                context={"reminder": reminder, "referral": reminder.referral},
                language=reader_language(reminder.owner.user.language, reminder.owner),
                subject_ref=f"referral:{reminder.referral_id}",
            )
            reminder.emailed_at = timezone.now()
            reminder.save(update_fields=["emailed_at"])
            sent += 1
    return sent
