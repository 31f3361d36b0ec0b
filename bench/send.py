"""A targeted send (D2) of at least 50,000 e-mails, end to end.

The audience is a job's own, widened with tags (``AudienceSpec.add_tags``) until it
holds the target. ``sends.send_start`` does what the recruiter's click does; a real
Celery worker (``--concurrency 2``, Redis) prepares the send, releases its wave and runs
its batches, which write the e-mails to the outbox and send them over SMTP to the sink.
The clock runs from the click until the sink has received every e-mail.

Before each run, the tenant's diffusion state (sends, deliveries, solicitations, in-app
notifications, outbox) is emptied, so that the same audience is sent again, and no member
is held back by the frequency cap because of an earlier run.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection
from django.db.models import Count

from coopt.accounts.models import User
from coopt.diffusion import audience, sends
from coopt.diffusion.audience import AudienceSpec
from coopt.diffusion.models import Delivery, Send
from coopt.jobs.models import Job
from coopt.notifications.delivery import build
from coopt.notifications.models import OutboundEmail
from coopt.tenants.models import Tenant

from .audience import pick_jobs
from .generate import RECRUITER_EMAIL
from .procs import Monitor, Sink, Usage, Worker, purge_queue

OVERSHOOT = 1.10  # the audience may exceed the target by this much


def reset_diffusion(tenant: Tenant) -> None:
    """Forget every send, digest and e-mail of the tenant (the bench's own)."""
    statements = [
        "DELETE FROM diffusion_delivery WHERE tenant_id = %s",
        "DELETE FROM diffusion_wave WHERE send_id IN "
        "(SELECT id FROM diffusion_send WHERE tenant_id = %s)",
        "DELETE FROM diffusion_send WHERE tenant_id = %s",
        "DELETE FROM diffusion_solicitation WHERE tenant_id = %s",
        "DELETE FROM diffusion_digestrun WHERE tenant_id = %s",
        "DELETE FROM notifications_notification WHERE tenant_id = %s",
        "DELETE FROM notifications_outboundemail WHERE tenant_id = %s",
    ]
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql, [tenant.pk])
        for table in ("diffusion_delivery", "diffusion_send", "diffusion_wave",
                      "diffusion_solicitation", "diffusion_digestrun",
                      "notifications_notification", "notifications_outboundemail"):  # fmt: skip
            cursor.execute(f"VACUUM ANALYZE {table}")


def choose_audience(tenant: Tenant, target: int) -> tuple[Job, AudienceSpec, int]:
    """Among the audience benchmark's jobs, the one whose own audience comes closest to
    ``target`` from below, widened with the most followed tags that keep it under
    ``target`` × 1.1 until it reaches ``target``."""
    sizes = {job: audience.counts(job=job, spec=AudienceSpec()).size for job in pick_jobs(tenant)}
    below = [job for job, size in sizes.items() if size <= target]
    job = max(below, key=sizes.__getitem__) if below else min(sizes, key=sizes.__getitem__)
    spec, size = AudienceSpec(), sizes[job]
    matched = set(audience.matched_tags(job=job, spec=spec))
    smallest_overshoot: tuple[int, int] | None = None
    for tag_id in _tags_by_followers(tenant, exclude=matched):
        if size >= target:
            break
        trial = AudienceSpec(add_tags=[*spec.add_tags, tag_id])
        trial_size = audience.counts(job=job, spec=trial).size
        if trial_size <= target * OVERSHOOT:
            spec, size = trial, trial_size
        elif smallest_overshoot is None or trial_size < smallest_overshoot[1]:
            smallest_overshoot = (tag_id, trial_size)
    if size < target and smallest_overshoot is not None:
        spec = AudienceSpec(add_tags=[*spec.add_tags, smallest_overshoot[0]])
        size = smallest_overshoot[1]
    return job, spec, size


def _tags_by_followers(tenant: Tenant, *, exclude: set[int]) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT t.id FROM jobs_tag t
               LEFT JOIN accounts_membership_interests i ON i.tag_id = t.id
               WHERE t.tenant_id = %s GROUP BY t.id ORDER BY COUNT(i.id) DESC, t.id""",
            [tenant.pk],
        )
        return [row[0] for row in cursor.fetchall() if row[0] not in exclude]


@dataclass
class SendResult:
    audience: int = 0
    emails: int = 0
    seconds: float = 0.0
    prepared_after: float = 0.0  # the deliveries written and the wave released
    first_email_after: float = 0.0
    distinct_recipients: int = 0
    outbox: dict[str, int] = field(default_factory=dict)
    usage: Usage = field(default_factory=Usage)
    batches_in_flight: float = 0.0  # on average (bench.procs.Worker.in_flight)
    mime_ms: float = 0.0  # CPU to build one message's MIME (``mime_cost_ms``)
    worker_errors: list[str] = field(default_factory=list)

    def figures(self) -> list[tuple[str, float, str]]:
        return [
            ("send_emails", self.emails, "e-mails"),
            ("send_seconds", round(self.seconds, 1), "s"),
            ("send_rate", round(self.emails / self.seconds, 1), "e-mails/s"),
            ("send_worker_peak_rss", round(self.usage.worker_peak_rss_mb), "MB"),
        ]


def measure(
    tenant: Tenant, *, target: int, folder: Path, log: Callable[[str], None] = print
) -> SendResult:
    reset_diffusion(tenant)
    job, spec, size = choose_audience(tenant, target)
    log(f"send: job {job.pk}, {len(spec.add_tags)} tags added, audience {size}")
    author = User.objects.get(email=RECRUITER_EMAIL)
    purge_queue()
    sink = Sink(folder)
    worker = Worker(folder=folder, smtp_port=sink.port)
    result = SendResult(audience=size)
    try:
        worker.wait_until_ready()
        monitor = Monitor.started(worker=worker, sink=sink)
        started = time.monotonic()
        send = sends.send_start(job=job, spec=spec, author=author)
        result.seconds = _wait(send, sink, started=started, result=result, log=log)
        result.usage = monitor.stop()
        result.outbox = _outbox(job)
        record_delivery(result, sink=sink, worker=worker, task="send_batch", ref=f"job:{job.pk}")
    finally:
        worker.stop()
        sink.stop()
    return result


def _wait(
    send: Send, sink: Sink, *, started: float, result: SendResult, log: Callable[[str], None]
) -> float:
    """Seconds from ``started`` until the sink holds every e-mail of the send."""
    expected = send.audience_size
    timeout = max(600.0, expected / 20)
    checked = 0.0
    last_log = started
    while True:
        now = time.monotonic()
        received = sink.messages()
        if received and not result.first_email_after:
            result.first_email_after = now - started
        if received >= expected:
            return now - started
        if now - checked >= 1.0:
            checked = now
            send.refresh_from_db(fields=["status"])
            if send.status != Send.Status.PREPARING and not result.prepared_after:
                result.prepared_after = now - started
            if send.status == Send.Status.DONE:
                # Members over the cap were deferred, not e-mailed: expect the others.
                expected = Delivery.objects.filter(
                    send=send, status=Delivery.Status.NOTIFIED
                ).count()
        if now - last_log >= 15:
            last_log = now
            log(f"send: {received}/{expected} e-mails after {now - started:.0f} s")
        if now - started > timeout:
            raise TimeoutError(f"send: {received}/{expected} e-mails after {timeout:.0f} s")
        time.sleep(0.05)


def record_delivery(result: Any, *, sink: Sink, worker: Worker, task: str, ref: str) -> None:
    """What a send or a digest delivered, measured the same way for both: the sink's
    counts, the MIME's cost, the worker's errors and its batches' overlap."""
    result.emails = sink.messages()
    result.distinct_recipients = sink.status()["recipients"]
    result.mime_ms = mime_cost_ms(ref)
    result.worker_errors = worker.errors()
    result.batches_in_flight = worker.in_flight(task)


def mime_cost_ms(subject_ref: str, *, count: int = 300) -> float:
    """CPU ms to turn one of these outbox messages into what goes over SMTP, as the worker
    does (``delivery.build``, then Django's ``message().as_bytes()``)."""
    messages = list(OutboundEmail.objects.filter(subject_ref__startswith=subject_ref)[:count])
    if not messages:
        return 0.0
    started = time.process_time()
    for message in messages:
        build(message).message().as_bytes()
    return (time.process_time() - started) * 1000 / len(messages)


def _outbox(job: Job) -> dict[str, int]:
    rows = (
        OutboundEmail.objects.filter(subject_ref=f"job:{job.pk}")
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return dict(rows)
