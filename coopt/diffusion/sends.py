"""Targeted sends (D2): a job to its audience, by e-mail and in-app, in batches and waves.

The life of a send:

1. ``send_start`` saves the recruiter's audience and queues the preparation. In a
   network tenant it sets the waves itself: by level, highest first, the delay of the
   tenant's network rules (``coopt.diffusion.waves``), whatever the caller asked.
2. ``send_prepare`` writes one ``Delivery`` per member of the audience (status
   "queued", with its wave) and the waves, in one transaction: a worker killed
   half-way leaves nothing and the preparation runs again.
3. ``waves_release_due`` releases each wave when its time has come (the first at
   once, the next ones after the send's delay); the beat calls it every minute.
4. ``send_batch`` takes the next queued deliveries of the released waves, locked
   (``SKIP LOCKED`` on PostgreSQL; SQLite's writes are serialised), and in one
   transaction: defers the members over the frequency cap to their next digest,
   writes the others' e-mails to the outbox, their in-app notifications and their
   solicitation, and marks the deliveries. After the commit it sends the batch's
   e-mails over one SMTP connection and queues the next batch.

Nothing is sent twice: a delivery leaves "queued" in the same transaction that
writes its e-mail, the outbox's claim decides who sends each e-mail, and the
(job, member) unique constraint keeps the job from reaching a member again, by
another send or a digest. A killed worker's batch rolls back and is taken again;
``sends_resume`` (every minute) restarts the sends whose heartbeat stopped.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coopt.accounts.models import Membership
from coopt.jobs.models import Job
from coopt.notifications.delivery import deliver_many
from coopt.notifications.language import reader_language
from coopt.notifications.models import OutboundEmail
from coopt.notifications.rendering import render_email
from coopt.notifications.services import (
    EmailRow,
    NotificationRow,
    emails_queue_many,
    is_delivery_held,
    notifications_create_many,
)
from coopt.referrals.models import Referral
from coopt.taxonomy.models import Tag
from coopt.tenants.models import Tenant

from . import audience as audiences
from .audience import AudienceSpec
from .cap import over_cap
from .explain import explanation
from .ledger import settle
from .matching import SUCCESS_STATUSES, Reasons
from .models import Delivery, Send, Solicitation, Wave
from .unsubscribe import unsubscribe_headers, unsubscribe_url
from .waves import network_wave_delay

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
PREPARE_CHUNK = 2000
# A send whose batches stopped moving for this long lost its worker: resume it.
STALL_AFTER = timedelta(minutes=2)
WAVE_ORDER = {"expert": 1, "confirmed": 2, "beginner": 3}


class SendError(Exception):
    """The send cannot start (the message says why, translated)."""


@transaction.atomic
def send_start(
    *,
    job: Job,
    spec: AudienceSpec,
    author: Any,
    wave_by: str = Send.WaveBy.NONE,
    wave_delay: timedelta | None = None,
) -> Send:
    """Save the send and queue its preparation once the transaction commits.

    In network mode the send goes in waves by level with the tenant's delay: the
    ``wave_by`` and ``wave_delay`` asked for are not used (the rule is the network's).
    """
    forced_delay = network_wave_delay(tenant=job.tenant)
    if forced_delay is not None:
        wave_by, wave_delay = Send.WaveBy.LEVEL, forced_delay
    if job.status != Job.Status.PUBLISHED:
        raise SendError(_("Only a published job can be sent."))
    size = audiences.counts(job=job, spec=spec).size
    if size == 0:
        raise SendError(_("Nobody is in the audience: widen it before sending."))
    if wave_by and not wave_delay:
        raise SendError(_("Give the delay between two waves."))
    send = Send.objects.create(
        tenant_id=job.tenant_id,
        job=job,
        created_by=author,
        audience=spec.to_json(),
        audience_size=size,
        wave_by=wave_by,
        wave_delay=wave_delay if wave_by else None,
        heartbeat_at=timezone.now(),
    )
    transaction.on_commit(lambda: _enqueue("prepare_send", send.pk))
    return send


def send_prepare(*, send_id: int) -> bool:
    """Write the deliveries and waves of a send being prepared; False if already done."""
    with transaction.atomic():
        send = Send.objects.select_for_update().select_related("job__tenant").get(pk=send_id)
        if send.status != Send.Status.PREPARING:
            return False
        spec = AudienceSpec.from_json(send.audience)
        rows = list(audiences.iter_members(job=send.job, spec=spec))
        numbers = _wave_numbers(send, rows)
        now = timezone.now()
        labels: dict[int, str] = {}  # wave number → its label
        deliveries = []
        for (member_id, member_score, level), number in zip(rows, numbers, strict=True):
            labels[number] = level if send.wave_by == Send.WaveBy.LEVEL else ""
            deliveries.append(
                Delivery(
                    tenant_id=send.tenant_id,
                    job_id=send.job_id,
                    member_id=member_id,
                    send=send,
                    wave=number,
                    score=member_score,
                )
            )
        for start in range(0, len(deliveries), PREPARE_CHUNK):
            Delivery.objects.bulk_create(
                deliveries[start : start + PREPARE_CHUNK], ignore_conflicts=True
            )
        # A wave's size is what was written: a member a digest reached meanwhile kept that row.
        written = dict(
            Delivery.objects.filter(send=send)
            .values("wave")
            .annotate(n=Count("pk"))
            .values_list("wave", "n")
        )
        sizes = {number: written.get(number, 0) for number in labels}
        delay = send.wave_delay or timedelta(0)
        Wave.objects.bulk_create(
            Wave(
                send=send,
                number=number,
                label=labels[number],
                size=sizes[number],
                release_at=now + delay * index,
            )
            for index, number in enumerate(sorted(sizes))
        )
        send.status = Send.Status.SENDING if sizes else Send.Status.DONE
        send.finished_at = None if sizes else now
        send.heartbeat_at = now
        send.save(update_fields=["status", "finished_at", "heartbeat_at"])
    transaction.on_commit(lambda: _enqueue("release_waves"))
    return True


def _wave_numbers(send: Send, rows: list[tuple[int, int, str]]) -> list[int]:
    """1 for everyone, or the rank of each member's level among the levels present."""
    if send.wave_by != Send.WaveBy.LEVEL:
        return [1] * len(rows)
    present = sorted({WAVE_ORDER[level] for _pk, _score, level in rows})
    rank = {order: index + 1 for index, order in enumerate(present)}
    return [rank[WAVE_ORDER[level]] for _pk, _score, level in rows]


def waves_release_due() -> list[int]:
    """Release the waves whose time has come; queue a batch for each. Returns send ids."""
    now = timezone.now()
    with transaction.atomic():
        due = list(
            Wave.objects.select_for_update(skip_locked=_skip_locked())
            .filter(released_at__isnull=True, release_at__lte=now)
            .filter(send__status__in=[Send.Status.SENDING, Send.Status.WAITING])
            # A suspended tenant's waves wait for its return (a subquery: no row of it locked).
            .filter(send__tenant_id__in=Tenant.objects.filter(is_active=True).values("pk"))
            .values_list("pk", "send_id")
        )
        if not due:
            return []
        Wave.objects.filter(pk__in=[pk for pk, _send in due]).update(released_at=now)
        send_ids = sorted({send_id for _pk, send_id in due})
        Send.objects.filter(pk__in=send_ids).update(status=Send.Status.SENDING, heartbeat_at=now)
    for send_id in send_ids:
        _enqueue("send_batch", send_id)
    return send_ids


def _skip_locked() -> bool:
    return connection.features.has_select_for_update_skip_locked


@dataclass
class BatchResult:
    notified: int = 0
    deferred: int = 0
    dropped: int = 0  # unsubscribed or deactivated since the audience was made
    email_ids: list[int] | None = None

    @property
    def handled(self) -> int:
        return self.notified + self.deferred + self.dropped


def send_batch(*, send_id: int, size: int = BATCH_SIZE) -> BatchResult:
    """Notify the next batch of a send, queue the next one if any, then e-mail this one."""
    result = _notify_batch(send_id=send_id, size=size)
    more = result.handled == size
    if more:  # queued first: another worker writes the next batch while this one sends
        _enqueue("send_batch", send_id)
    if result.email_ids and not is_delivery_held():
        deliver_many(result.email_ids)
    if not more:
        send_finish_if_done(send_id=send_id)
    return result


def _notify_batch(*, send_id: int, size: int) -> BatchResult:
    with transaction.atomic():
        send = Send.objects.select_related("job__tenant", "job__job_family").get(pk=send_id)
        if send.status not in (Send.Status.SENDING, Send.Status.WAITING):
            return BatchResult(email_ids=[])
        if send.job.status != Job.Status.PUBLISHED:
            _stop(send)  # closed or filled meanwhile: nobody else hears of it
            return BatchResult(email_ids=[])
        released = Wave.objects.filter(send=send, released_at__isnull=False).values("number")
        batch = list(
            Delivery.objects.select_for_update(skip_locked=_skip_locked())
            .filter(send=send, status=Delivery.Status.QUEUED, wave__in=released)
            .order_by("wave", "-score", "pk")[:size]
        )
        if not batch:
            return BatchResult(email_ids=[])
        now = timezone.now()
        taken = len(batch)
        batch = _still_wanted(batch)
        capped = over_cap(tenant=send.job.tenant, member_ids=[d.member_id for d in batch], now=now)
        deferred = [d for d in batch if d.member_id in capped]
        to_notify = [d for d in batch if d.member_id not in capped]
        email_ids = _notify(send=send, deliveries=to_notify, now=now)
        Delivery.objects.filter(pk__in=[d.pk for d in deferred]).update(
            status=Delivery.Status.DEFERRED, updated_at=now
        )
        Send.objects.filter(pk=send.pk).update(heartbeat_at=now)
    return BatchResult(
        notified=len(to_notify),
        deferred=len(deferred),
        dropped=taken - len(batch),
        email_ids=email_ids,
    )


def _still_wanted(batch: list[Delivery]) -> list[Delivery]:
    """Drop the members who unsubscribed or left since the audience was made (their
    queued delivery goes: nothing was sent, nothing blocks a later send), and lock
    the others until the batch commits."""
    wanted = set(
        # Locked (in id order, like every batch) so that two batches of different sends
        # count a member's solicitations one after the other: the cap holds.
        Membership.objects.select_for_update(no_key=True)
        .filter(
            pk__in=[d.member_id for d in batch],
            is_active=True,
            is_member=True,
            client__isnull=True,
            notify_targeted=True,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    gone = [d.pk for d in batch if d.member_id not in wanted]
    if gone:
        Delivery.objects.filter(pk__in=gone).delete()
    return [d for d in batch if d.member_id in wanted]


def _notify(*, send: Send, deliveries: list[Delivery], now: Any) -> list[int]:
    """E-mail, in-app notice and solicitation for each delivery; returns the e-mail ids."""
    if not deliveries:
        return []
    job = send.job
    tenant = job.tenant
    members = Membership.objects.select_related("user").in_bulk([d.member_id for d in deliveries])
    reasons = _reasons(send=send, member_ids=list(members))
    job_url = tenant.absolute_url(job.get_absolute_url())
    preferences_url = tenant.absolute_url(reverse("accounts:preferences"))
    emails, notifications = [], []
    for delivery in deliveries:
        member = members[delivery.member_id]
        member.tenant = tenant  # one tenant (and its domain) for the whole batch
        language = reader_language(member.user.language, tenant)
        unsubscribe = unsubscribe_url(member=member)
        with translation.override(language):
            why = explanation(reasons.get(member.pk, Reasons()))
            text = _("New job for you: %(title)s") % {"title": job.title}
        rendered = render_email(
            tenant=tenant,
            name="job-targeted",
            context={
                "member": member,
                "job": job,
                "why": why,
                "job_url": job_url,
                "preferences_url": preferences_url,
                "unsubscribe_url": unsubscribe,
            },
            language=language,
        )
        emails.append(
            EmailRow(
                to=member.user.email,
                rendered=rendered,
                language=language,
                headers=unsubscribe_headers(url=unsubscribe),
            )
        )
        notifications.append(
            NotificationRow(recipient_id=member.pk, text=f"{text} — {why}" if why else text)
        )
    email_ids = emails_queue_many(
        tenant=tenant, rows=emails, template="job-targeted", subject_ref=f"job:{job.pk}", now=now
    )
    notifications_create_many(
        tenant_id=tenant.pk,
        rows=notifications,
        url=job.get_absolute_url(),
        subject_ref=f"job:{job.pk}",
    )
    Solicitation.objects.bulk_create(
        Solicitation(
            tenant=tenant, member_id=d.member_id, kind=Solicitation.Kind.TARGETED, created_at=now
        )
        for d in deliveries
    )
    pairs = [(d.pk, email_id) for d, email_id in zip(deliveries, email_ids, strict=True)]
    settle(pairs, status=Delivery.Status.NOTIFIED, now=now)
    return email_ids


def _reasons(*, send: Send, member_ids: list[int]) -> dict[int, Reasons]:
    """What each member follows among the tags matched on, and their past successes."""
    job = send.job
    tags = audiences.matched_tags(job=job, spec=AudienceSpec.from_json(send.audience))
    found: dict[int, Reasons] = {pk: Reasons() for pk in member_ids}
    interests = Membership.interests.through.objects.filter(
        membership_id__in=member_ids, tag_id__in=list(tags)
    ).values_list("membership_id", "tag_id")
    locations = {pk for pk, tag in tags.items() if tag.kind == Tag.Kind.LOCATION}
    for member_id, tag_id in sorted(interests, key=lambda row: tags[row[1]].name):
        name = tags[tag_id].name
        if tag_id in locations:
            found[member_id].locations.append(name)
        elif tag_id == job.job_family_id:
            found[member_id].family = name
        elif tag_id == job.sector_id:
            found[member_id].sector = name
    if job.job_family_id:
        successes = (
            Referral.objects.filter(
                referrer_id__in=member_ids,
                job__job_family_id=job.job_family_id,
                status__in=SUCCESS_STATUSES,
            )
            .values("referrer_id")
            .annotate(n=Count("id"))
            .values_list("referrer_id", "n")
        )
        for member_id, count in successes:
            found[member_id].past_successes = count
            found[member_id].success_family = job.job_family.name if job.job_family else ""
    return found


def send_stop(*, send: Send) -> bool:
    """Stop a send: the members not reached yet will not be (nor blocked from a later
    send of the job). False if it had already ended.

    Locks in the order a batch takes them, deliveries first and the send last, so a
    stop pressed while a batch is being written waits for it instead of deadlocking.
    """
    with transaction.atomic():
        if Send.objects.filter(pk=send.pk, status__in=ENDED).exists():
            return False
        return _stop(send)


ENDED = (Send.Status.DONE, Send.Status.STOPPED)


def _stop(send: Send) -> bool:
    Delivery.objects.filter(send=send, status=Delivery.Status.QUEUED).delete()
    Wave.objects.filter(send=send, released_at__isnull=True).delete()
    stopped = Send.objects.filter(pk=send.pk).exclude(status__in=ENDED)
    return bool(stopped.update(status=Send.Status.STOPPED, finished_at=timezone.now()))


def send_finish_if_done(*, send_id: int) -> str:
    """Close the send when nothing is queued; wait when a wave is still to come."""
    with transaction.atomic():
        send = Send.objects.select_for_update().get(pk=send_id)
        if send.status not in (Send.Status.SENDING, Send.Status.WAITING):
            return str(send.status)
        unreleased = Wave.objects.filter(send=send, released_at__isnull=True).exists()
        queued_released = Delivery.objects.filter(
            send=send,
            status=Delivery.Status.QUEUED,
            wave__in=Wave.objects.filter(send=send, released_at__isnull=False).values("number"),
        ).exists()
        if queued_released:
            return str(send.status)
        send.status = Send.Status.WAITING if unreleased else Send.Status.DONE
        send.finished_at = None if unreleased else timezone.now()
        send.save(update_fields=["status", "finished_at"])
        return str(send.status)


def sends_resume() -> list[int]:
    """Restart the sends a lost worker left behind (the beat runs it every minute)."""
    stalled = timezone.now() - STALL_AFTER
    resumed = []
    for send_id, status in Send.objects.filter(
        Q(heartbeat_at__lt=stalled) | Q(heartbeat_at__isnull=True),
        status__in=[Send.Status.PREPARING, Send.Status.SENDING],
    ).values_list("pk", "status"):
        Send.objects.filter(pk=send_id).update(heartbeat_at=timezone.now())
        _enqueue("prepare_send" if status == Send.Status.PREPARING else "send_batch", send_id)
        resumed.append(send_id)
    return resumed


@dataclass
class Progress:
    queued: int = 0
    sent: int = 0
    failed: int = 0
    deferred: int = 0

    @property
    def total(self) -> int:
        return self.queued + self.sent + self.failed + self.deferred


def progress_of(*, send: Send) -> Progress:
    """Where each delivery of the send stands: one grouped query.

    "sent" and "failed" are the e-mail's outcome; a delivery whose e-mail waits for
    the server (or a retry) is still "queued"; deferred ones went, or go, to a digest.
    """
    progress = Progress()
    rows = (
        Delivery.objects.filter(send=send)
        .values_list("status", "email__status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for status, email_status, n in rows:
        if status in (Delivery.Status.DEFERRED, Delivery.Status.DIGESTED):
            progress.deferred += n
        elif email_status == OutboundEmail.Status.SENT:
            progress.sent += n
        elif email_status == OutboundEmail.Status.FAILED:
            progress.failed += n
        else:
            progress.queued += n
    return progress


def deferred_count(*, job: Job) -> int:
    return Delivery.objects.filter(
        job=job, status__in=[Delivery.Status.DEFERRED, Delivery.Status.DIGESTED], send__isnull=False
    ).count()


def _enqueue(task: str, *args: int) -> None:
    """Queue a diffusion task; with the broker down, the beat's resume picks it up."""
    from . import tasks

    if is_delivery_held():  # a bulk load runs the steps itself
        return
    try:
        getattr(tasks, task).delay(*args)
    except Exception:  # noqa: BLE001 - broker down: sends_resume restarts the send
        logger.warning("Broker unavailable; diffusion task %s%s left to the resume", task, args)
