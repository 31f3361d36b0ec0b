import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from coopt.accounts.models import Membership, User
from coopt.audit.actors import Actor
from coopt.audit.models import AuditEvent
from coopt.audit.services import audit_record, audit_target
from coopt.taxonomy.models import Tag
from coopt.tenants.models import Tenant

from .models import ALLOWED_TRANSITIONS, Job, JobTemplate, ShareLink
from .sanitize import clean_html
from .signals import job_status_changed

CONTENT_FIELDS = (
    "title",
    "description",
    "job_family",
    "sector",
    "contract_type",
    "salary_min",
    "salary_max",
    "salary_currency",
    "reward_note",
)


@transaction.atomic
def job_create(
    *, tenant: Tenant, author: User, locations: list[Tag] | None = None, **fields: Any
) -> Job:
    """Create a draft job; its description is sanitised."""
    fields["description"] = clean_html(fields.get("description", ""))
    job = Job.objects.create(tenant=tenant, created_by=author, **fields)
    if locations:
        job.locations.set(locations)
    return job


@transaction.atomic
def job_update(*, job: Job, locations: list[Tag] | None = None, **fields: Any) -> Job:
    if "description" in fields:
        fields["description"] = clean_html(fields["description"])
    for name, value in fields.items():
        setattr(job, name, value)
    job.save()
    if locations is not None:
        job.locations.set(locations)
    return job


@transaction.atomic
def job_clone(*, job: Job, author: User) -> Job:
    """A new draft with the same content and locations."""
    fields = {name: getattr(job, name) for name in CONTENT_FIELDS}
    return job_create(
        tenant=job.tenant,
        author=author,
        locations=list(job.locations.all()),
        client=job.client,
        call_script=job.call_script,
        **fields,
    )


@transaction.atomic
def job_from_template(*, template: JobTemplate, author: User) -> Job:
    fields = {name: getattr(template, name) for name in CONTENT_FIELDS}
    return job_create(tenant=template.tenant, author=author, **fields)


@transaction.atomic
def job_template_save(
    *, tenant: Tenant, template: JobTemplate | None = None, **fields: Any
) -> JobTemplate:
    fields["description"] = clean_html(fields.get("description", ""))
    template = template or JobTemplate(tenant=tenant)
    for name, value in fields.items():
        setattr(template, name, value)
    template.save()
    return template


class JobTransitionError(Exception):
    pass


@transaction.atomic
@transaction.atomic
def job_set_status(*, job: Job, status: str) -> Job:
    """Move a job through draft → published → closed/filled; the apps above hear of it
    (``signals.job_status_changed``) in the same transaction."""
    if status not in ALLOWED_TRANSITIONS[Job.Status(job.status)]:
        raise JobTransitionError(status)
    previous = job.status
    job.status = status
    now = timezone.now()
    if status == Job.Status.PUBLISHED:
        job.published_at = job.published_at or now
        job.closed_at = None
    else:
        job.closed_at = now
    job.save(update_fields=["status", "published_at", "closed_at", "updated_at"])
    job_status_changed.send(sender=Job, job=job, previous=previous)
    return job


def jobs_close_expired() -> int:
    """Close every published job whose closing date has passed (beat); idempotent.

    A job closes once its closing day is over in the site's time zone. Each job closes in
    its own transaction, with its audit event by the system: a job closed since, or
    published again with a later date, is left as it is.
    """
    today = timezone.localdate()
    ids = list(
        Job.objects.filter(status=Job.Status.PUBLISHED, closes_on__lt=today)
        .order_by("closes_on", "pk")
        .values_list("pk", flat=True)
    )
    return sum(1 for job_id in ids if _job_close_expired(job_id=job_id, today=today))


@transaction.atomic
def _job_close_expired(*, job_id: int, today: datetime.date) -> bool:
    job = (
        Job.objects.select_for_update()
        .filter(pk=job_id, status=Job.Status.PUBLISHED, closes_on__lt=today)
        .first()
    )
    if job is None:
        return False
    job_set_status(job=job, status=Job.Status.CLOSED)
    audit_record(
        actor=Actor.system("close_expired_jobs"),
        action=AuditEvent.Action.JOB_CLOSED,
        target=audit_target(job),
        details={"reason": "closing_date", "closes_on": str(job.closes_on)},
        tenant_id=job.tenant_id,
    )
    return True


def share_link_for(*, job: Job, member: Membership) -> ShareLink:
    """The member's tracked link for this job, created on first use."""
    try:
        with transaction.atomic():
            link, _created = ShareLink.objects.get_or_create(
                job=job, member=member, defaults={"tenant": job.tenant}
            )
    except IntegrityError:
        link = ShareLink.objects.get(job=job, member=member)
    return link


def share_link_count_visit(*, link: ShareLink) -> None:
    """One more visit of the link, counted in the database so that none is lost."""
    ShareLink.objects.filter(pk=link.pk).update(visits=F("visits") + 1)
