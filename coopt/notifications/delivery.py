"""Delivering the outbox: claim a message, send it, record the result.

A message is claimed with a conditional UPDATE so that two workers never send
it together. A worker killed after claiming leaves the claim to expire, and
the relay hands the message out again (at-least-once; the stable Message-ID
lets receiving servers drop the rare duplicate).

A failed attempt is retried with exponential backoff for 48 hours, then the
message is marked failed; a recipient the server refuses for good (5xx) fails
at once, since trying again cannot help.
"""

import logging
import smtplib
from datetime import datetime, timedelta

from django.core.mail import EmailMultiAlternatives, mailers
from django.db.models import Q
from django.utils import timezone

from .models import OutboundEmail

logger = logging.getLogger(__name__)

CLAIM_TIMEOUT = timedelta(minutes=10)
# Retry for at least 48 hours with exponential backoff capped at one hour.
RETRY_FOR = timedelta(hours=48)
FIRST_BACKOFF = timedelta(seconds=30)
MAX_BACKOFF = timedelta(hours=1)
RELAY_BATCH_SIZE = 200


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt: 30 s, 1 min, 2 min… 1 h."""
    # The exponent is bounded so that a long run of failures cannot overflow timedelta.
    exponent = min(max(attempts - 1, 0), 16)
    return min(FIRST_BACKOFF * 2**exponent, MAX_BACKOFF)


def _due(now: datetime) -> Q:
    return Q(status=OutboundEmail.Status.PENDING, next_attempt_at__lte=now) | Q(
        status=OutboundEmail.Status.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT
    )


def claim(message_id: int) -> bool:
    now = timezone.now()
    return bool(
        OutboundEmail.objects.filter(_due(now), pk=message_id).update(
            status=OutboundEmail.Status.SENDING, claimed_at=now
        )
    )


def build(message: OutboundEmail) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
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
    try:
        # Building the message is inside the try: a message that cannot be
        # built is retried and given up like any other, never left claimed.
        mailers.default.send_messages([build(message)])
    except Exception as error:  # noqa: BLE001 - any SMTP or network failure is retried
        return _record_failure(message, error)
    OutboundEmail.objects.filter(pk=message.pk).update(
        status=OutboundEmail.Status.SENT,
        sent_at=timezone.now(),
        attempts=message.attempts + 1,
        claimed_at=None,
        last_error="",
    )
    return "sent"


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
