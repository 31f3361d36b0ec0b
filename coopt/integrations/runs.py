"""Running a job feed (J3): fetch or take the file, read it, upsert the jobs, keep the report.

A run is queued (by the schedule or by hand) and done by a Celery task, or done at once on
a file an admin uploads. Whatever goes wrong (the address refused, the server down, a file
too large or unreadable) fails that run with its reason and nothing changes; other sources
are not stopped. A run is claimed before it starts, so that a task delivered twice does it
once; a run whose worker was lost is failed by the next scheduled pass.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coopt.audit.actors import Actor
from coopt.audit.services import Action, audit_record, audit_target
from coopt.jobs.external import UpsertReport, jobs_upsert
from coopt.jobs.models import Job
from coopt.lib import outbound

from .feeds import FeedError, ParsedFeed, parse_feed
from .models import JobFeedRun, JobFeedSource

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
FETCH_TIMEOUT = 30.0
ACCEPT = {
    JobFeedSource.Kind.XML: "application/xml, text/xml;q=0.9, */*;q=0.1",
    JobFeedSource.Kind.JSON: "application/json, */*;q=0.1",
    JobFeedSource.Kind.CSV: "text/csv, text/plain;q=0.9, */*;q=0.1",
}
# A run still running after this long lost its worker (the task time limit is 30 minutes).
STALE_AFTER = datetime.timedelta(hours=1)
# A run still waiting after this long was never delivered (the broker was down): queued again.
REQUEUE_AFTER = datetime.timedelta(minutes=15)
# The beat passes every few minutes: a source is due a little before its interval is over,
# so that an hourly source does not slip by one pass each hour.
SCHEDULE_SLACK = datetime.timedelta(minutes=2)


def max_bytes() -> int:
    """The largest feed or file read (``COOPT_JOB_FEED_MAX_BYTES``, 10 MB by default)."""
    return int(getattr(settings, "COOPT_JOB_FEED_MAX_BYTES", DEFAULT_MAX_BYTES))


# Queueing -----------------------------------------------------------------------------------


def _enqueue(run_id: int) -> None:
    """Queue the run's task; with the broker down, the next scheduled pass queues it again."""
    from . import tasks

    try:
        tasks.run_feed.delay(run_id)
    except Exception:  # noqa: BLE001 - broker down: feeds_run_due queues it again
        logger.warning("Broker unavailable; job feed run %s left to the schedule", run_id)


def _pending(source: JobFeedSource) -> JobFeedRun | None:
    return source.runs.filter(
        status__in=[JobFeedRun.Status.QUEUED, JobFeedRun.Status.RUNNING]
    ).first()


@transaction.atomic
def feed_run_request(*, source: JobFeedSource, actor: Actor) -> JobFeedRun:
    """Queue a run of the source's feed now (the admin's "run now"); a run already waiting
    or running is returned instead of a second one."""
    source = JobFeedSource.objects.select_for_update().get(pk=source.pk)
    pending = _pending(source)
    if pending is not None:
        return pending
    run = JobFeedRun.objects.create(source=source, trigger=JobFeedRun.Trigger.HAND)
    source.last_run_at = timezone.now()
    source.save(update_fields=["last_run_at"])
    audit_record(
        actor=actor,
        action=Action.FEED_RUN,
        target=audit_target(source),
        details={"run": run.pk, "trigger": run.trigger},
        tenant_id=source.tenant_id,
    )
    transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def feed_run_upload(*, source: JobFeedSource, data: bytes, actor: Actor) -> JobFeedRun:
    """Import a file an admin uploaded, in the source's format, at once; the run's report
    says what it did."""
    with transaction.atomic():
        run = JobFeedRun.objects.create(
            source=source,
            trigger=JobFeedRun.Trigger.UPLOAD,
            status=JobFeedRun.Status.RUNNING,
            started_at=timezone.now(),
        )
        audit_record(
            actor=actor,
            action=Action.FEED_RUN,
            target=audit_target(source),
            details={"run": run.pk, "trigger": run.trigger},
            tenant_id=source.tenant_id,
        )
    with translation.override(source.tenant.default_language):
        try:
            if len(data) > max_bytes():
                raise FeedError(_too_large())
            _import(run, parse_feed(source.kind, data, max_bytes=max_bytes()), actor=actor)
        except FeedError as error:
            _fail(run, error.message)
    return run


def feeds_run_due(*, now: datetime.datetime | None = None) -> list[int]:
    """The scheduled pass (beat): fail the runs whose worker was lost, queue again those never
    delivered, and queue a run of every enabled source whose interval is over. Returns
    the ids of the runs queued."""
    now = now or timezone.now()
    JobFeedRun.objects.filter(
        status=JobFeedRun.Status.RUNNING, started_at__lt=now - STALE_AFTER
    ).update(
        status=JobFeedRun.Status.FAILED,
        finished_at=now,
        error=_("The run was interrupted (its worker stopped) and did not finish."),
    )
    queued = list(
        JobFeedRun.objects.filter(
            status=JobFeedRun.Status.QUEUED, created_at__lt=now - REQUEUE_AFTER
        ).values_list("pk", flat=True)
    )
    sources = JobFeedSource.objects.filter(is_enabled=True).exclude(url="")
    for source in sources.exclude(schedule=JobFeedSource.Schedule.OFF).order_by("pk"):
        run_id = _queue_if_due(source_id=source.pk, now=now)
        if run_id is not None:
            queued.append(run_id)
    for run_id in queued:
        _enqueue(run_id)
    return queued


@transaction.atomic
def _queue_if_due(*, source_id: int, now: datetime.datetime) -> int | None:
    source = JobFeedSource.objects.select_for_update().get(pk=source_id)
    interval = source.interval
    if interval is None or _pending(source) is not None:
        return None
    if source.last_run_at is not None and source.last_run_at > now - interval + SCHEDULE_SLACK:
        return None
    run = JobFeedRun.objects.create(source=source, trigger=JobFeedRun.Trigger.SCHEDULE)
    source.last_run_at = now
    source.save(update_fields=["last_run_at"])
    return run.pk


# Running ------------------------------------------------------------------------------------


@transaction.atomic
def _claim(run_id: int) -> JobFeedRun | None:
    run = (
        JobFeedRun.objects.select_for_update()
        .select_related("source__tenant")
        .filter(pk=run_id, status=JobFeedRun.Status.QUEUED)
        .first()
    )
    if run is None:
        return None
    run.status = JobFeedRun.Status.RUNNING
    run.started_at = timezone.now()
    run.save(update_fields=["status", "started_at"])
    return run


def feed_run_execute(*, run_id: int) -> JobFeedRun | None:
    """Do a queued run: fetch the source's feed, read it, upsert its jobs (the task's work).
    None when the run is not waiting any more (done by another delivery of the task)."""
    run = _claim(run_id)
    if run is None:
        return None
    source = run.source
    with translation.override(source.tenant.default_language):
        try:
            parsed = parse_feed(source.kind, _fetch(source), max_bytes=max_bytes())
            _import(run, parsed, actor=Actor.system("job_feed"))
        except FeedError as error:
            _fail(run, error.message)
        except Exception:  # noqa: BLE001 - one source's failure must not stop the others
            logger.exception("Job feed run %s failed", run.pk)
            _fail(run, _("An unexpected error stopped the run; the team has been told."))
    return run


def _too_large() -> str:
    return _("The feed is larger than %(size)s: it was not read.") % {
        "size": filesizeformat(max_bytes())
    }


def _fetch(source: JobFeedSource) -> bytes:
    """The feed's content, through the outbound guard; ``FeedError`` says why not."""
    if not source.url:
        raise FeedError(_("The source has no address to fetch: upload a file instead."))
    try:
        response = outbound.fetch(
            source.url,
            headers={"Accept": ACCEPT[JobFeedSource.Kind(source.kind)]},
            timeout=FETCH_TIMEOUT,
            max_bytes=max_bytes(),
        )
    except outbound.TooLarge:
        raise FeedError(_too_large()) from None
    except outbound.Refused as refused:
        message = _("Coopt does not fetch this address: %(reason)s.") % {"reason": refused}
        raise FeedError(message) from None
    except outbound.OutboundError as error:
        message = _("The feed could not be fetched: %(reason)s.") % {"reason": error}
        raise FeedError(message) from None
    if response.status != 200:
        raise FeedError(
            _("The feed's server answered with the status %(status)s instead of the feed.")
            % {"status": response.status}
        )
    return response.body


def _has_open_jobs(source: JobFeedSource) -> bool:
    return Job.objects.filter(
        tenant_id=source.tenant_id,
        external_id__startswith=f"{source.prefix}:",
        status=Job.Status.PUBLISHED,
    ).exists()


@transaction.atomic
def _import(run: JobFeedRun, parsed: ParsedFeed, *, actor: Actor) -> None:
    """Upsert the records and write the report, together."""
    source = run.source
    if not parsed.records and source.close_missing and _has_open_jobs(source):
        # An empty feed is far more often a broken export than a company with no job left.
        raise FeedError(
            _(
                "The feed lists no job: nothing was imported and no job was closed. "
                "Close the jobs by hand if the company really has none open."
            )
        )
    report = jobs_upsert(
        tenant=source.tenant,
        source_prefix=source.prefix,
        records=parsed.records,
        close_missing=source.close_missing,
        actor=actor,
        publish_new=source.publish_new,
    )
    _succeed(run, report, read_rejected=parsed.rejected)


def _succeed(
    run: JobFeedRun, report: UpsertReport, *, read_rejected: list[tuple[str, str]]
) -> None:
    run.status = JobFeedRun.Status.SUCCEEDED
    run.finished_at = timezone.now()
    run.created, run.updated = report.created, report.updated
    run.closed, run.unchanged = report.closed, report.unchanged
    run.rejected = [
        {"id": external_id, "reason": reason}
        for external_id, reason in [*read_rejected, *report.rejected]
    ]
    run.unknown_tags = [list(pair) for pair in report.unknown_tags]
    run.error = ""
    run.save()


def _fail(run: JobFeedRun, message: str) -> None:
    JobFeedRun.objects.filter(pk=run.pk).update(
        status=JobFeedRun.Status.FAILED, finished_at=timezone.now(), error=message
    )
    run.refresh_from_db()
