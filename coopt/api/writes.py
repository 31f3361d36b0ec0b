"""The API's writes on jobs and referrals: each goes through the app's own service and is
recorded in the audit log with the token as actor, in the same transaction."""

from typing import Any

from django.db import transaction

from coopt.accounts.models import Membership
from coopt.audit.actors import Actor
from coopt.audit.services import Action, audit_record, audit_target
from coopt.jobs.models import Job
from coopt.jobs.services import job_create, job_set_status, job_update
from coopt.referrals.models import Note, Referral
from coopt.referrals.services import note_add, referral_set_status
from coopt.taxonomy.models import Tag


@transaction.atomic
def api_job_create(
    *, member: Membership, actor: Actor, locations: list[Tag] | None, **fields: Any
) -> Job:
    """A draft job, by the token (its author is the token's creator)."""
    job = job_create(tenant=member.tenant, author=member.user, locations=locations, **fields)
    audit_record(actor=actor, action=Action.JOB_CREATED, target=audit_target(job))
    return job


@transaction.atomic
def api_job_update(*, job: Job, actor: Actor, locations: list[Tag] | None, **fields: Any) -> Job:
    """Change the fields given (and the locations, when given)."""
    changed = sorted(name for name, value in fields.items() if getattr(job, name) != value)
    if locations is not None and {t.pk for t in locations} != set(
        job.locations.values_list("pk", flat=True)
    ):
        changed.append("locations")
    job = job_update(job=job, locations=locations, **fields)
    audit_record(
        actor=actor,
        action=Action.JOB_CHANGED,
        target=audit_target(job),
        details={"fields": changed},
    )
    return job


@transaction.atomic
def api_job_set_status(*, job: Job, status: str, actor: Actor) -> Job:
    """Publish or close the job (``JobTransitionError`` for a move its status forbids)."""
    job = job_set_status(job=job, status=status)
    if status == Job.Status.PUBLISHED:
        audit_record(actor=actor, action=Action.JOB_PUBLISHED, target=audit_target(job))
    else:
        audit_record(actor=actor, action=Action.JOB_CLOSED, target=audit_target(job))
    return job


@transaction.atomic
def api_referral_move(
    *, referral: Referral, member: Membership, status: str, comment: str, actor: Actor
) -> Referral:
    """Move the candidate in the pipeline (``PipelineError`` when it cannot move); the
    candidate and the referrer are told, as from the back office."""
    previous = referral.status
    referral = referral_set_status(
        referral=referral, status=status, author=member.user, comment=comment
    )
    if referral.status != previous:
        audit_record(
            actor=actor,
            tenant_id=referral.tenant_id,
            action=Action.REFERRAL_MOVED,
            target=audit_target(referral),
            details={"from": previous, "to": referral.status},
        )
    return referral


@transaction.atomic
def api_note_add(*, referral: Referral, member: Membership, body: str, actor: Actor) -> Note:
    note = note_add(referral=referral, author=member.user, body=body)
    audit_record(
        actor=actor,
        tenant_id=referral.tenant_id,
        action=Action.NOTE_ADDED,
        target=audit_target(referral),
    )
    return note
