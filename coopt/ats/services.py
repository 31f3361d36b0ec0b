"""The ATS connection's writes: its settings, the candidates' push, the sync (X3).

The push is an outbox: when the person confirms (``referral_progressed`` with CONFIRMED),
``candidate_push_queue`` writes an ``AtsCandidateLink`` in that transaction and enqueues its
push after the commit. ``link_push`` claims the link with a conditional UPDATE (two workers
never send it together), checks the consent again, sends it, and records the ATS's ids or
the error; a failed push is retried with backoff for 48 hours, then marked failed (an admin
can ask for one more attempt). The sync, every 15 minutes and on demand, brings the ATS's
jobs in, sends what is due, and reads the stages back.
"""

import logging
from collections import Counter
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from coopt.audit.actors import Actor
from coopt.audit.services import Action, audit_record, audit_target
from coopt.jobs.external import JobRecord, jobs_upsert
from coopt.jobs.models import Job
from coopt.referrals.models import Referral
from coopt.tenants.models import Tenant

from .connectors.base import AtsError, NotConsented
from .connectors.registry import connector_for
from .models import AtsCandidateLink, AtsConnection

logger = logging.getLogger(__name__)

CLAIM_TIMEOUT = timedelta(minutes=10)
RETRY_FOR = timedelta(hours=48)
FIRST_BACKOFF = timedelta(minutes=1)
MAX_BACKOFF = timedelta(hours=1)
PUSH_BATCH = 100
STAGE_BATCH = 200
# Greenhouse's last word on an application: its stage no longer moves.
FINAL_STATUSES = ("rejected", "hired")

SETTING_FIELDS = (
    "connector",
    "enabled",
    "board_token",
    "on_behalf_of",
    "credit_referrer_as",
    "pull_jobs",
    "push_candidates",
)


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failure: 1 min, 2 min, 4 min… 1 h."""
    exponent = min(max(attempts - 1, 0), 16)
    return min(FIRST_BACKOFF * 2**exponent, MAX_BACKOFF)


# Settings ----------------------------------------------------------------------------------


@transaction.atomic
def connection_save(
    *, tenant: Tenant, actor: Actor, api_key: str = "", **settings: Any
) -> AtsConnection:
    """Save the company's ATS settings, recorded in the audit log (the names of the fields
    that changed, never the key). An empty ``api_key`` keeps the current one."""
    unknown = set(settings) - set(SETTING_FIELDS)
    if unknown:
        raise TypeError(f"unknown settings: {sorted(unknown)}")
    connection = AtsConnection.objects.select_for_update().filter(tenant=tenant).first()
    if connection is None:
        connection = AtsConnection(tenant=tenant)
    changed = [name for name, value in settings.items() if getattr(connection, name) != value]
    for name, value in settings.items():
        setattr(connection, name, value)
    if api_key and api_key != connection.api_key:
        connection.api_key = api_key
        changed.append("api_key")
    connection.save()
    audit_record(
        actor=actor,
        tenant_id=tenant.pk,
        action=Action.ATS_CONNECTION_SAVED,
        target=audit_target(connection, "ats_connection"),
        details={"connector": connection.connector, "fields": changed},
    )
    return connection


class JobAlreadyLinked(Exception):
    """Another job of the company is already linked to that ATS job."""


@transaction.atomic
def job_link(*, connection: AtsConnection, job: Job, external_job_id: str, actor: Actor) -> Job:
    """Link a Coopt job to the ATS's job (``Job.external_id``, ``"<connector>:<id>"``), or
    unlink it with an empty id: its confirmed candidates are sent to that ATS job. When the
    ATS's jobs are brought in, the upsert then keeps the job in line with the ATS's. Recorded
    in the audit log."""
    external_id = f"{connection.connector}:{external_job_id}" if external_job_id else ""
    taken = (
        Job.objects.filter(tenant_id=connection.tenant_id, external_id=external_id)
        .exclude(pk=job.pk)
        .exists()
    )
    if external_id and taken:
        raise JobAlreadyLinked
    Job.objects.filter(pk=job.pk, tenant_id=connection.tenant_id).update(external_id=external_id)
    job.external_id = external_id
    audit_record(
        actor=actor,
        tenant_id=connection.tenant_id,
        action=Action.ATS_CONNECTION_SAVED,
        target=audit_target(connection, "ats_connection"),
        details={"connector": connection.connector, "job": job.pk},
    )
    return job


def connection_test(*, connection: AtsConnection) -> str:
    """Ask the ATS whether the settings work; returns the error, or "" when they do."""
    try:
        connector_for(connection).check()
    except (AtsError, KeyError) as error:
        return str(error) or type(error).__name__
    return ""


@transaction.atomic
def sync_request(*, connection: AtsConnection, actor: Actor) -> None:
    """An admin asks for a sync now: recorded, then run by a worker after the commit."""
    audit_record(
        actor=actor,
        tenant_id=connection.tenant_id,
        action=Action.ATS_SYNC_RUN,
        target=audit_target(connection, "ats_connection"),
        details={"connector": connection.connector},
    )
    connection_id = connection.pk
    transaction.on_commit(lambda: _enqueue_sync(connection_id))


# The push ----------------------------------------------------------------------------------


def candidate_push_queue(*, referral: Referral) -> list[AtsCandidateLink]:
    """The person confirmed: write the push's outbox row, in the caller's transaction, and
    send it after the commit. Once per referral; nothing when no ATS takes candidates."""
    connections = AtsConnection.objects.filter(
        tenant_id=referral.tenant_id, enabled=True, push_candidates=True
    )
    queued = []
    for connection in connections:
        link, created = AtsCandidateLink.objects.get_or_create(
            connection=connection,
            referral=referral,
            defaults={"tenant_id": referral.tenant_id, "next_attempt_at": timezone.now()},
        )
        if created:
            transaction.on_commit(partial(_enqueue_push, link.pk))
            queued.append(link)
    return queued


def _due(now: datetime) -> Q:
    due = Q(state=AtsCandidateLink.State.PENDING, next_attempt_at__lte=now) | Q(
        state=AtsCandidateLink.State.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT
    )
    usable = Q(
        connection__enabled=True,
        connection__push_candidates=True,
        tenant_id__in=Tenant.objects.filter(is_active=True).values("pk"),
    )
    return due & usable


def _claim(link_id: int) -> bool:
    now = timezone.now()
    return bool(
        AtsCandidateLink.objects.filter(_due(now), pk=link_id).update(
            state=AtsCandidateLink.State.SENDING, claimed_at=now
        )
    )


def link_push(link_id: int) -> str:
    """Send one link if it is due and unclaimed: "pushed", "retry" (failed, tried again
    later), "failed" (given up), "skipped" (not due, claimed elsewhere, gone, or the person's
    consent is not there: then it is never sent)."""
    if not _claim(link_id):
        return "skipped"
    link = (
        AtsCandidateLink.objects.select_related(
            "connection", "referral__job", "referral__referrer__user"
        )
        .filter(pk=link_id)
        .first()
    )
    if link is None:
        return "skipped"
    try:
        pushed = connector_for(link.connection).push(link.referral)
    except NotConsented:
        AtsCandidateLink.objects.filter(pk=link.pk).update(
            state=AtsCandidateLink.State.SKIPPED, claimed_at=None, next_attempt_at=None
        )
        return "skipped"
    except (AtsError, KeyError) as error:
        return _record_failure(link, error)
    now = timezone.now()
    AtsCandidateLink.objects.filter(pk=link.pk).update(
        state=AtsCandidateLink.State.PUSHED,
        external_candidate_id=pushed.candidate_id[:40],
        external_application_id=pushed.application_id[:40],
        attempts=link.attempts + 1,
        claimed_at=None,
        next_attempt_at=None,
        last_error="",
        pushed_at=now,
        last_synced_at=now,
    )
    return "pushed"


def _record_failure(link: AtsCandidateLink, error: Exception) -> str:
    now = timezone.now()
    attempts = link.attempts + 1
    gave_up = now - link.created_at >= RETRY_FOR
    AtsCandidateLink.objects.filter(pk=link.pk).update(
        state=AtsCandidateLink.State.FAILED if gave_up else AtsCandidateLink.State.PENDING,
        attempts=attempts,
        next_attempt_at=now + backoff(attempts),
        claimed_at=None,
        last_error=(str(error) or type(error).__name__)[:500],
    )
    logger.warning("ATS push of link %s failed (attempt %s)", link.pk, attempts)
    return "failed" if gave_up else "retry"


@transaction.atomic
def link_retry_now(*, link: AtsCandidateLink) -> bool:
    """An admin asks for one more attempt at once; False when there is nothing to retry
    (sent meanwhile, being sent, or left out for want of consent)."""
    retried = AtsCandidateLink.objects.filter(
        pk=link.pk,
        state__in=[AtsCandidateLink.State.PENDING, AtsCandidateLink.State.FAILED],
    ).update(state=AtsCandidateLink.State.PENDING, next_attempt_at=timezone.now(), claimed_at=None)
    if retried:
        link_id = link.pk
        transaction.on_commit(lambda: _enqueue_push(link_id))
    return bool(retried)


def due_link_ids(*, connection: AtsConnection, limit: int = PUSH_BATCH) -> list[int]:
    return list(
        AtsCandidateLink.objects.filter(_due(timezone.now()), connection=connection)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


# Reading stages back -----------------------------------------------------------------------


def link_read_stage(*, link: AtsCandidateLink) -> bool:
    """Read the application's stage from the ATS onto the link; False (the error kept on
    the link) when the ATS did not answer."""
    now = timezone.now()
    try:
        read = connector_for(link.connection).read(link.external_application_id)
    except (AtsError, KeyError) as error:
        AtsCandidateLink.objects.filter(pk=link.pk).update(
            last_error=(str(error) or type(error).__name__)[:500]
        )
        return False
    AtsCandidateLink.objects.filter(pk=link.pk).update(
        stage=read.stage, ats_status=read.status, last_synced_at=now, last_error=""
    )
    return True


def links_to_read(*, connection: AtsConnection, limit: int = STAGE_BATCH) -> list[AtsCandidateLink]:
    """Pushed links whose application may still move, least recently read first."""
    return list(
        AtsCandidateLink.objects.filter(connection=connection, state=AtsCandidateLink.State.PUSHED)
        .exclude(ats_status__in=FINAL_STATUSES)
        .select_related("connection")
        .order_by("last_synced_at", "pk")[:limit]
    )


# The sync ----------------------------------------------------------------------------------


def connection_sync(*, connection_id: int) -> dict[str, int]:
    """Bring the jobs in, send what is due, read the stages back; the outcome is kept on
    the connection (when, counts, the last error) for its page. Returns the counts."""
    connection = (
        AtsConnection.objects.filter(pk=connection_id, enabled=True, tenant__is_active=True)
        .select_related("tenant")
        .first()
    )
    if connection is None:
        return {}
    counts: Counter[str] = Counter()
    errors = []
    if connection.pull_jobs:
        try:
            counts.update(jobs_pull(connection=connection))
        except (AtsError, KeyError) as error:
            errors.append(str(error) or type(error).__name__)
    if connection.push_candidates:
        for link_id in due_link_ids(connection=connection):
            counts[link_push(link_id)] += 1
        for link in links_to_read(connection=connection):
            counts["stages_read" if link_read_stage(link=link) else "stages_failed"] += 1
    AtsConnection.objects.filter(pk=connection.pk).update(
        last_sync_at=timezone.now(),
        last_sync_error="; ".join(errors)[:500],
        last_sync_counts=dict(counts),
    )
    return dict(counts)


def jobs_pull(*, connection: AtsConnection) -> dict[str, int]:
    """Bring the ATS's jobs in through the shared upsert (``"<connector>:<id>"`` on
    ``Job.external_id``): new ones created, changed ones updated, the ones the ATS no longer
    lists closed. Nothing is written when the ATS cannot be read."""
    connector = connector_for(connection)
    records: list[JobRecord] = connector.fetch_jobs()
    report = jobs_upsert(
        tenant=connection.tenant,
        source_prefix=connector.key,
        records=records,
        close_missing=True,
        actor=Actor.system("ats"),
    )
    return {
        "jobs_created": report.created,
        "jobs_updated": report.updated,
        "jobs_closed": report.closed,
        "jobs_rejected": len(report.rejected),
    }


def connections_due() -> list[int]:
    """The connections the periodic sync runs: enabled, of an active company."""
    return list(
        AtsConnection.objects.filter(enabled=True, tenant__is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _enqueue_push(link_id: int) -> None:
    from .tasks import push_candidate

    push_candidate.delay(link_id)


def _enqueue_sync(connection_id: int) -> None:
    from .tasks import sync_connection

    sync_connection.delay(connection_id)
