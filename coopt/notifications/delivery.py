"""Delivering the outbox: claim a message, send it, record the result.

A message is claimed with a conditional UPDATE so that two workers never send
it together. A worker killed after claiming leaves the claim to expire, and
the relay hands the message out again (at-least-once; the stable Message-ID
lets receiving servers drop the rare duplicate).
"""

import logging
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives, mailers
from django.db.models import Q
from django.utils import timezone

from .models import OutboundEmail

logger = logging.getLogger(__name__)

CLAIM_TIMEOUT = timedelta(minutes=10)
# Retry for at least 48 hours with exponential backoff capped at one hour.
RETRY_FOR = timedelta(hours=48)
MAX_BACKOFF = timedelta(hours=1)
RELAY_BATCH_SIZE = 200


def backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=30 * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def claim(message_id: int) -> bool:
    now = timezone.now()
    return bool(
        OutboundEmail.objects.filter(pk=message_id)
        .filter(
            Q(status=OutboundEmail.Status.PENDING, next_attempt_at__lte=now)
            | Q(status=OutboundEmail.Status.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)
        )
        .update(status=OutboundEmail.Status.SENDING, claimed_at=now)
    )


def deliver(message_id: int) -> str:
    """Send one outbox message if it is due and unclaimed. Returns its status."""
    if not claim(message_id):
        return "skipped"
    message = OutboundEmail.objects.get(pk=message_id)
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=message.from_email,
        to=[message.to_email],
        headers={"Message-ID": message.message_id, **message.headers},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    now = timezone.now()
    try:
        mailers.default.send_messages([email])
    except Exception as error:  # noqa: BLE001 - any SMTP or network failure is retried
        attempts = message.attempts + 1
        gave_up = now - message.created_at >= RETRY_FOR
        OutboundEmail.objects.filter(pk=message.pk).update(
            status=OutboundEmail.Status.FAILED if gave_up else OutboundEmail.Status.PENDING,
            attempts=attempts,
            next_attempt_at=now + backoff(attempts),
            claimed_at=None,
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        logger.warning("Outbound e-mail %s not sent (attempt %s)", message.pk, attempts)
        return "failed" if gave_up else "retry"
    OutboundEmail.objects.filter(pk=message.pk).update(
        status=OutboundEmail.Status.SENT, sent_at=now, attempts=message.attempts + 1,
        claimed_at=None, last_error="",
    )
    return "sent"


def due_message_ids(limit: int = RELAY_BATCH_SIZE) -> list[int]:
    now = timezone.now()
    return list(
        OutboundEmail.objects.filter(
            Q(status=OutboundEmail.Status.PENDING, next_attempt_at__lte=now)
            | Q(status=OutboundEmail.Status.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
