"""The digest (D3): weekly or monthly, each member's featured jobs and best new matches.

The life of a digest run:

1. ``digests_start_due`` (the beat, every morning at 07:00) creates one ``DigestRun``
   per active tenant and due frequency (weekly on Mondays, monthly on the 1st) for the
   period ("2026-W47", "2026-11") and queues its first batch. The run is unique per
   tenant, frequency and period: a second call the same day starts nothing.
2. ``digest_batch`` takes the next members (by id) who chose this frequency and, in one
   transaction, writes each one's digest to the outbox with its in-app notification,
   its solicitation (the cap counts it) and the ``Delivery`` rows of the jobs it offers.
   A member over the cap is postponed (their deferred jobs wait for the next digest);
   a member with nothing new gets nothing. After the commit it queues the next batch,
   then sends the batch's e-mails over one connection.
3. ``digests_resume`` (every five minutes) restarts a run whose heartbeat stopped.

Nothing is sent twice: the member's ``Solicitation`` for the period is written with
their e-mail, and a batch skips the members who have one; the run's row is locked
while a batch is written, so two workers on the same run take turns.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from coopt.accounts.models import Membership
from coopt.notifications.delivery import deliver_many
from coopt.tenants.models import Tenant

from ..cap import lock_members, over_cap
from ..models import DigestRun, Solicitation
from .catalogue import Catalogue, catalogue_for_run, load_catalogue
from .content import WINDOWS, Offer, load_member_facts, offers_for
from .email import write_digests

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# A run whose batches stopped moving for this long lost its worker: resume it.
STALL_AFTER = timedelta(minutes=5)
WEEKLY = Membership.DigestFrequency.WEEKLY
MONTHLY = Membership.DigestFrequency.MONTHLY


def period_of(*, frequency: str, now: datetime) -> str:
    """The ISO week ("2026-W47") of a weekly digest, the month ("2026-11") of a monthly one."""
    day = timezone.localdate(now)
    if frequency == WEEKLY:
        year, week, _weekday = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year}-{day.month:02d}"


def frequencies_due(now: datetime) -> list[str]:
    """Weekly digests go on Mondays, monthly ones on the 1st (in the site's time zone)."""
    day = timezone.localdate(now)
    return [
        frequency
        for frequency, due in ((WEEKLY, day.weekday() == 0), (MONTHLY, day.day == 1))
        if due
    ]


def digests_start_due(now: datetime | None = None) -> list[int]:
    """Start the digests due today for every active tenant; returns the new runs' ids."""
    now = now or timezone.now()
    due = frequencies_due(now)
    started = []
    for tenant in Tenant.objects.filter(is_active=True).order_by("pk") if due else []:
        for frequency in due:
            run, created = _start(tenant=tenant, frequency=frequency, now=now, enqueue=True)
            if created:
                started.append(run.pk)
    return started


def digest_start(
    *, tenant: Tenant, frequency: str, now: datetime | None = None, enqueue: bool = True
) -> DigestRun:
    """The tenant's run for this period, created (and its first batch queued) if needed."""
    run, _created = _start(
        tenant=tenant, frequency=frequency, now=now or timezone.now(), enqueue=enqueue
    )
    return run


@transaction.atomic
def _start(
    *, tenant: Tenant, frequency: str, now: datetime, enqueue: bool
) -> tuple[DigestRun, bool]:
    run, created = DigestRun.objects.get_or_create(
        tenant=tenant,
        frequency=frequency,
        period=period_of(frequency=frequency, now=now),
        defaults={"started_at": now, "heartbeat_at": now},
    )
    if created and enqueue:
        transaction.on_commit(lambda: _enqueue(run.pk, 0))
    return run, created


@dataclass
class Batch:
    """What one batch did: the members it looked at, the last one's id, its e-mails."""

    looked_at: int = 0
    last_member_id: int = 0
    email_ids: list[int] = field(default_factory=list)


def digest_batch(*, run_id: int, after_member_id: int = 0, size: int = BATCH_SIZE) -> int:
    """Write the next batch's digests, queue the following batch, then send the e-mails.

    The next batch is queued before this one's e-mails go out, so that another worker
    prepares it meanwhile; an e-mail left unsent by a lost worker waits in the outbox,
    where the relay finds it. Returns how many members the batch looked at.
    """
    batch = digest_prepare_batch(run_id=run_id, after_member_id=after_member_id, size=size)
    if batch.looked_at == size:
        _enqueue(run_id, batch.last_member_id)
    else:
        digest_finish(run_id=run_id)
    if batch.email_ids:
        deliver_many(batch.email_ids)
    return batch.looked_at


def digest_run_now(*, run: DigestRun, size: int = BATCH_SIZE) -> DigestRun:
    """Every batch of the run in this process, one after the other (the command)."""
    after = 0
    while True:
        batch = digest_prepare_batch(run_id=run.pk, after_member_id=after, size=size)
        if batch.email_ids:
            deliver_many(batch.email_ids)
        if batch.looked_at < size:
            break
        after = batch.last_member_id
    digest_finish(run_id=run.pk)
    run.refresh_from_db()
    return run


def digest_prepare_batch(*, run_id: int, after_member_id: int = 0, size: int = BATCH_SIZE) -> Batch:
    """The batch's digests, in one transaction and a fixed number of queries."""
    with transaction.atomic():
        # Locked: a resumed run and its lost-but-not-dead worker write in turn.
        run = (
            DigestRun.objects.select_for_update(of=("self",))
            .select_related("tenant")
            .get(pk=run_id)
        )
        members = list(
            Membership.objects.filter(
                tenant_id=run.tenant_id,
                pk__gt=after_member_id,
                digest_frequency=run.frequency,
                is_active=True,
                is_member=True,
                client__isnull=True,  # a client company's recruiter is not a referrer
            )
            .select_related("user")
            .order_by("pk")[:size]
        )
        batch = Batch(looked_at=len(members), last_member_id=after_member_id)
        if not members:
            return batch
        batch.last_member_id = members[-1].pk
        done = set(
            Solicitation.objects.filter(
                member_id__in=[m.pk for m in members],
                kind=Solicitation.Kind.DIGEST,
                period=run.period,
            ).values_list("member_id", flat=True)
        )
        todo = [member for member in members if member.pk not in done]
        now = timezone.now()
        counts = {"members": len(todo), "sent": 0, "postponed": 0, "empty": 0}
        if todo:
            offers, postponed, catalogue = _offers(run=run, members=todo, now=now)
            to_send = [m for m in todo if offers.get(m.pk) and m.pk not in postponed]
            batch.email_ids = write_digests(
                run=run, members=to_send, offers=offers, now=now, rendered_offers=catalogue.rendered
            )
            counts["sent"] = len(to_send)
            counts["empty"] = sum(1 for m in todo if not offers.get(m.pk))
            counts["postponed"] = len(todo) - counts["sent"] - counts["empty"]
        DigestRun.objects.filter(pk=run.pk).update(
            heartbeat_at=now, **{name: F(name) + n for name, n in counts.items()}
        )
    return batch


def _offers(
    *, run: DigestRun, members: list[Membership], now: datetime
) -> tuple[dict[int, list[Offer]], set[int], Catalogue]:
    """Each member's offers, who is over the cap (a digest counts as one solicitation),
    and the catalogue they come from."""
    ids = [member.pk for member in members]
    lock_members(member_ids=ids)  # a targeted batch counting them waits, and vice versa
    capped = over_cap(tenant=run.tenant, member_ids=ids, now=now)
    facts = load_member_facts(tenant=run.tenant, member_ids=ids)
    catalogue = catalogue_for_run(
        run=run,
        since=run.started_at - WINDOWS[run.frequency],
        extra_ids=facts.deferred_job_ids,
    )
    offers = {pk: offers_for(pk, catalogue=catalogue, facts=facts) for pk in ids}
    return offers, capped, catalogue


def digest_finish(*, run_id: int) -> None:
    now = timezone.now()
    DigestRun.objects.filter(pk=run_id, finished_at__isnull=True).update(
        finished_at=now, heartbeat_at=now
    )


def digests_resume(now: datetime | None = None) -> list[int]:
    """Restart the runs a lost worker left behind, from their first member: those who
    have their digest are skipped. Returns the resumed runs' ids.

    The members who got nothing before the stall (nothing new, or over the cap) are
    looked at again, and counted again in the run's figures.
    """
    now = now or timezone.now()
    stalled = Q(heartbeat_at__lt=now - STALL_AFTER) | Q(heartbeat_at__isnull=True)
    resumed = []
    for run_id in DigestRun.objects.filter(stalled, finished_at__isnull=True).values_list(
        "pk", flat=True
    ):
        # A conditional update: of two resumes running together, one restarts the run.
        if DigestRun.objects.filter(stalled, pk=run_id).update(heartbeat_at=now):
            _enqueue(run_id, 0)
            resumed.append(run_id)
    return resumed


def digest_preview(*, member: Membership, now: datetime | None = None) -> list[Offer]:
    """What the member's next digest would offer now (nothing is written)."""
    frequency = member.digest_frequency if member.digest_frequency in WINDOWS else WEEKLY
    facts = load_member_facts(tenant=member.tenant, member_ids=[member.pk])
    catalogue = load_catalogue(
        tenant=member.tenant,
        since=(now or timezone.now()) - WINDOWS[frequency],
        extra_ids=facts.deferred_job_ids,
    )
    return offers_for(member.pk, catalogue=catalogue, facts=facts)


def _enqueue(run_id: int, after_member_id: int) -> None:
    """Queue a batch; with the broker down, ``digests_resume`` picks the run up again."""
    from . import tasks

    try:
        tasks.digest_batch.delay(run_id, after_member_id)
    except Exception:  # noqa: BLE001 - broker down: the resume restarts the run
        logger.warning("Broker unavailable; digest run %s left to the resume", run_id)
