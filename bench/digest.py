"""The weekly digest (D3) of every member, end to end.

``digest.digest_start(tenant=…, frequency="weekly")`` does what the beat does on Monday
morning; the same real worker as the send (``--concurrency 2``, Redis) runs the batches,
which write the digests to the outbox and send them over SMTP to the sink. The clock runs
until the run's ``finished_at`` is set and the sink has received every digest it wrote.

Before each run, the digests of earlier runs are forgotten (the run, the members'
digest solicitations, the digests' deliveries, notifications and e-mails); what the
targeted send left (its deliveries and solicitations) stays, as it would in real life.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection

from coopt.accounts.models import Membership
from coopt.diffusion import digest
from coopt.diffusion.models import DigestRun
from coopt.tenants.models import Tenant

from .procs import Monitor, Sink, Usage, Worker, purge_queue
from .send import record_delivery

FREQUENCY = "weekly"


def reset_digests(tenant: Tenant) -> None:
    statements = [
        "DELETE FROM diffusion_delivery WHERE tenant_id = %s AND send_id IS NULL",
        "DELETE FROM diffusion_solicitation WHERE tenant_id = %s AND kind = 'digest'",
        "DELETE FROM diffusion_digestrun WHERE tenant_id = %s",
        "DELETE FROM notifications_notification WHERE tenant_id = %s "
        "AND subject_ref LIKE 'digest:%%'",
        "DELETE FROM notifications_outboundemail WHERE tenant_id = %s "
        "AND subject_ref LIKE 'digest:%%'",
    ]
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql, [tenant.pk])
        for table in ("diffusion_delivery", "diffusion_solicitation", "diffusion_digestrun",
                      "notifications_notification", "notifications_outboundemail"):  # fmt: skip
            cursor.execute(f"VACUUM ANALYZE {table}")


@dataclass
class DigestResult:
    members: int = 0  # members who chose the weekly digest (active)
    looked_at: int = 0
    sent: int = 0
    postponed: int = 0
    empty: int = 0
    emails: int = 0  # received by the sink
    seconds: float = 0.0
    finished_after: float = 0.0
    distinct_recipients: int = 0
    usage: Usage = field(default_factory=Usage)
    batches_in_flight: float = 0.0  # on average (bench.procs.Worker.in_flight)
    mime_ms: float = 0.0  # CPU to build one message's MIME (bench.send.mime_cost_ms)
    worker_errors: list[str] = field(default_factory=list)

    def figures(self) -> list[tuple[str, float, str]]:
        return [
            ("digest_minutes", round(self.seconds / 60, 2), "min"),
            ("digest_sent", self.emails, "e-mails"),
            ("digest_rate", round(self.emails / self.seconds, 1), "e-mails/s"),
            ("digest_worker_peak_rss", round(self.usage.worker_peak_rss_mb), "MB"),
        ]


def measure(tenant: Tenant, *, folder: Path, log: Callable[[str], None] = print) -> DigestResult:
    reset_digests(tenant)
    result = DigestResult(
        members=Membership.objects.filter(
            tenant=tenant, is_member=True, is_active=True, digest_frequency=FREQUENCY
        ).count()
    )
    purge_queue()
    sink = Sink(folder)
    worker = Worker(folder=folder, smtp_port=sink.port)
    try:
        worker.wait_until_ready()
        monitor = Monitor.started(worker=worker, sink=sink)
        started = time.monotonic()
        run = digest.digest_start(tenant=tenant, frequency=FREQUENCY)
        result.seconds = _wait(run, sink, started=started, result=result, log=log)
        result.usage = monitor.stop()
        run.refresh_from_db()
        result.looked_at, result.sent = run.members, run.sent
        result.postponed, result.empty = run.postponed, run.empty
        record_delivery(
            result, sink=sink, worker=worker, task="digest_batch", ref=f"digest:{run.pk}"
        )
    finally:
        worker.stop()
        sink.stop()
    return result


def _wait(
    run: DigestRun,
    sink: Sink,
    *,
    started: float,
    result: DigestResult,
    log: Callable[[str], None],
) -> float:
    """Seconds from ``started`` until the run is finished and the sink has its e-mails."""
    timeout = max(1800.0, result.members / 20)
    last_log = started
    while True:
        now = time.monotonic()
        run.refresh_from_db(fields=["finished_at", "sent", "members"])
        if run.finished_at is not None:
            if not result.finished_after:
                result.finished_after = now - started
            if sink.messages() >= run.sent:
                return time.monotonic() - started
        if now - last_log >= 15:
            last_log = now
            log(
                f"digest: {run.members} members looked at, {run.sent} written, "
                f"{sink.messages()} received after {now - started:.0f} s"
            )
        if now - started > timeout:
            raise TimeoutError(f"digest: not finished after {timeout:.0f} s")
        time.sleep(0.25)
