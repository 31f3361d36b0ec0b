"""Delivering the outbox: claim a message, send it, record the result.

A message is claimed with a conditional UPDATE so that two workers never send
it together. A worker killed after claiming leaves the claim to expire, and
the relay hands the message out again (at-least-once; the stable Message-ID
lets receiving servers drop the rare duplicate).

The message is marked sent as soon as the server has accepted it, before the
connection is closed: a QUIT that hangs or fails, or a worker killed while
closing, can no longer cause a second copy. The only window left for a
duplicate is between the server's "250 OK" and that UPDATE.

A failed attempt is retried with exponential backoff for 48 hours, then the
message is marked failed; a recipient the server refuses for good (5xx) fails
at once, since trying again cannot help. An admin can ask for one more
attempt at once (``retry_now``, the back office's "E-mail delivery" page).
"""

import logging
import smtplib
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta

from django.core.mail import mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.db import DatabaseError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from coopt.tenants.models import Tenant

from .mime import OutboxEmail
from .models import OutboundEmail

logger = logging.getLogger(__name__)

# A claim outlives the longest single delivery: with the SMTP timeout of 20 s
# per network operation (settings/prod.py) one delivery takes at most about
# ten operations, i.e. ~200 s. A claim older than this belongs to a dead worker.
CLAIM_TIMEOUT = timedelta(minutes=10)
# Retry for at least 48 hours with exponential backoff capped at one hour.
RETRY_FOR = timedelta(hours=48)
FIRST_BACKOFF = timedelta(seconds=30)
MAX_BACKOFF = timedelta(hours=1)
RELAY_BATCH_SIZE = 200
# The relay stops handing out messages after this long and queues the next
# batch: with the per-delivery bound above, one relay lasts at most ~9 minutes,
# far below the broker's visibility timeout (one hour, settings/base.py).
RELAY_TIME_BUDGET = timedelta(minutes=5)


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt: 30 s, 1 min, 2 min… 1 h."""
    # The exponent is bounded so that a long run of failures cannot overflow timedelta.
    exponent = min(max(attempts - 1, 0), 16)
    return min(FIRST_BACKOFF * 2**exponent, MAX_BACKOFF)


def _due(now: datetime) -> Q:
    """Due and sendable: a suspended tenant's messages wait, unclaimed and unchanged, until
    it is reactivated (the relay then sends them like any other due message)."""
    due = Q(status=OutboundEmail.Status.PENDING, next_attempt_at__lte=now) | Q(
        status=OutboundEmail.Status.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT
    )
    # A subquery, not a join: claim_many locks the rows it reads (FOR UPDATE refuses the
    # nullable side of an outer join on PostgreSQL).
    active = Tenant.objects.filter(is_active=True).values("pk")
    return due & (Q(tenant__isnull=True) | Q(tenant_id__in=active))


def claim(message_id: int) -> bool:
    now = timezone.now()
    return bool(
        OutboundEmail.objects.filter(_due(now), pk=message_id).update(
            status=OutboundEmail.Status.SENDING, claimed_at=now
        )
    )


def build(message: OutboundEmail) -> OutboxEmail:
    email = OutboxEmail(
        subject=message.subject,
        body=message.body_text,
        from_email=message.from_email,
        to=[message.to_email],
        headers={"Message-ID": message.message_id, **message.headers},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    return email


def is_permanent(error: Exception) -> bool:
    """The server refused every recipient for good: retrying cannot help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        return all(code >= 500 for code, _text in error.recipients.values())
    return False


def deliver(message_id: int) -> str:
    """Send one outbox message if it is due and unclaimed.

    Returns "sent", "retry" (it failed and will be tried again), "failed" (given
    up) or "skipped" (not due, already sent, claimed by another worker or gone).
    """
    if not claim(message_id):
        return "skipped"
    message = OutboundEmail.objects.filter(pk=message_id).first()
    if message is None:  # erased between the claim and now
        return "skipped"
    backend = mailers.default
    try:
        # Building the message is inside the try: a message that cannot be
        # built is retried and given up like any other, never left claimed.
        email = build(message)
        backend.open()  # opened here so that send_messages leaves the closing to us
        backend.send_messages([email])
    except Exception as error:  # noqa: BLE001 - any SMTP or network failure is retried
        _close_quietly(backend, message.pk)
        return _record_failure(message, error)
    # The server has the message: record it before saying goodbye (QUIT).
    _mark_sent(message)
    _close_quietly(backend, message.pk)
    return "sent"


def claim_many(message_ids: list[int]) -> list[int]:
    """Claim those of ``message_ids`` that are due, in one transaction; returns them.

    The rows are locked while claimed (``SKIP LOCKED`` on PostgreSQL: a message
    another worker is claiming is left to it; SQLite serialises writers).
    """
    now = timezone.now()
    skip_locked = connection.features.has_select_for_update_skip_locked
    with transaction.atomic():
        claimed = list(
            OutboundEmail.objects.select_for_update(skip_locked=skip_locked)
            .filter(_due(now), pk__in=list(message_ids))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        OutboundEmail.objects.filter(pk__in=claimed).update(
            status=OutboundEmail.Status.SENDING, claimed_at=now
        )
    return claimed


def deliver_many(message_ids: list[int]) -> dict[str, int]:
    """Send several outbox messages over one SMTP connection (bulk sends, digests).

    The messages are claimed together (one transaction), then each is sent and
    recorded on its own exactly as ``deliver`` does; only the connection is
    shared. A failure closes it, records that message's failure, and the next
    message opens a new one. Returns how many ended in each outcome ("sent",
    "retry", "failed", "skipped").

    Each "sent" is one UPDATE, committed at once. On PostgreSQL these commits do
    not wait for the disk flush (``synchronous_commit`` off for the connection
    while it sends, reset after): a killed worker loses nothing (the commit is
    in the server), and only a crash of the database server itself could forget
    the last fraction of a second of them, whose messages would then be sent
    again under the same Message-ID.
    """
    outcomes = dict.fromkeys(("sent", "retry", "failed", "skipped"), 0)
    # The claims must not expire while this worker still sends: past half their
    # life, the rest is handed back to the relay rather than risk a second sender.
    deadline = timezone.now() + CLAIM_TIMEOUT / 2
    claimed = claim_many(message_ids)
    outcomes["skipped"] = len(set(message_ids)) - len(claimed)
    messages = OutboundEmail.objects.in_bulk(claimed)
    backend = mailers.default
    opened = False
    with _commits_unflushed():
        try:
            for index, message_id in enumerate(claimed):
                if timezone.now() > deadline:
                    _hand_back(claimed[index:])
                    outcomes["skipped"] += len(claimed) - index
                    break
                message = messages.get(message_id)
                if message is None:  # erased meanwhile
                    outcomes["skipped"] += 1
                    continue
                try:
                    email = build(message)
                    if not opened:
                        backend.open()
                        opened = True
                    backend.send_messages([email])
                except Exception as error:  # noqa: BLE001 - retried like any delivery
                    _close_quietly(backend, message.pk)
                    opened = False
                    outcomes[_record_failure(message, error)] += 1
                    continue
                _mark_sent(message)
                outcomes["sent"] += 1
        finally:
            if opened:
                _close_quietly(backend, 0)
    return outcomes


def _hand_back(message_ids: list[int]) -> None:
    """Release claims not used in time: the relay sends those messages."""
    OutboundEmail.objects.filter(pk__in=message_ids, status=OutboundEmail.Status.SENDING).update(
        status=OutboundEmail.Status.PENDING, claimed_at=None, next_attempt_at=timezone.now()
    )


def _mark_sent(message: OutboundEmail) -> None:
    """One UPDATE, committed on its own (autocommit) unless inside a transaction."""
    OutboundEmail.objects.filter(pk=message.pk).update(
        status=OutboundEmail.Status.SENT,
        sent_at=timezone.now(),
        attempts=message.attempts + 1,
        claimed_at=None,
        last_error="",
    )


@contextmanager
def _commits_unflushed() -> Iterator[None]:
    """On PostgreSQL, the connection's commits inside the block do not wait for the disk
    flush (``synchronous_commit`` off for the session, reset after)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        # A broken connection or an aborted outer transaction takes the setting along.
        with suppress(DatabaseError), connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def _close_quietly(backend: BaseEmailBackend, message_id: int) -> None:
    """Close the connection; an error here changes nothing about the message."""
    try:
        backend.close()
    except Exception as error:  # noqa: BLE001 - a failed QUIT after the send is harmless
        logger.info(
            "Closing the mail connection after e-mail %s failed: %s",
            message_id,
            type(error).__name__,
        )


def _record_failure(message: OutboundEmail, error: Exception) -> str:
    now = timezone.now()
    attempts = message.attempts + 1
    gave_up = is_permanent(error) or now - message.created_at >= RETRY_FOR
    OutboundEmail.objects.filter(pk=message.pk).update(
        status=OutboundEmail.Status.FAILED if gave_up else OutboundEmail.Status.PENDING,
        attempts=attempts,
        next_attempt_at=now + backoff(attempts),
        claimed_at=None,
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )
    if gave_up:
        logger.error(
            "Outbound e-mail %s failed for good after %s attempts: %s",
            message.pk,
            attempts,
            type(error).__name__,
        )
        return "failed"
    logger.warning(
        "Outbound e-mail %s not sent (attempt %s): %s", message.pk, attempts, type(error).__name__
    )
    return "retry"


def due_message_ids(limit: int = RELAY_BATCH_SIZE) -> list[int]:
    """Messages to send now: due retries, lost enqueues, and claims that expired."""
    return list(
        OutboundEmail.objects.filter(_due(timezone.now()))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def relay_deadline() -> float:
    """The ``time.monotonic()`` after which a relay stops handing out messages."""
    return time.monotonic() + RELAY_TIME_BUDGET.total_seconds()


def undelivered_for(*, tenant: Tenant) -> QuerySet[OutboundEmail]:
    """The tenant's messages that failed for good or wait for another attempt.

    Failed ones first, then the retries by their next attempt.
    """
    retrying = Q(status=OutboundEmail.Status.PENDING, attempts__gt=0)
    return (
        OutboundEmail.objects.filter(tenant=tenant)
        .filter(Q(status=OutboundEmail.Status.FAILED) | retrying)
        .defer("body_text", "body_html", "headers")
        .order_by("status", "next_attempt_at", "pk")  # "failed" < "pending"
    )


@transaction.atomic
def retry_now(*, message: OutboundEmail) -> bool:
    """Hand a failed or waiting message to a worker at once, for one more attempt.

    Returns False when there is nothing to retry: it was sent meanwhile, or a
    worker is sending it now. A failed message past its 48 hours that fails
    again is failed again after this single attempt.
    """
    from .services import _enqueue_delivery

    retried = OutboundEmail.objects.filter(
        pk=message.pk,
        status__in=[OutboundEmail.Status.PENDING, OutboundEmail.Status.FAILED],
    ).update(status=OutboundEmail.Status.PENDING, next_attempt_at=timezone.now(), claimed_at=None)
    if retried:
        transaction.on_commit(lambda: _enqueue_delivery(message.pk))
    return bool(retried)
