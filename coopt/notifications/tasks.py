"""Outbox tasks. Both are idempotent: the claim in ``delivery.deliver`` decides who
sends, so a task delivered twice (late acks, a redelivery after a lost worker)
sends nothing more."""

import logging
import time

from celery import shared_task

from . import delivery

logger = logging.getLogger(__name__)


@shared_task
def deliver_email(message_id: int) -> str:
    """Send one outbox message; safe to run twice for the same id (the claim decides)."""
    return delivery.deliver(message_id)


@shared_task
def relay_outbox() -> int:
    """Send whatever is due: messages whose enqueue was lost, retries, stale claims.

    Runs every minute (beat). Returns how many messages it handed out. A full
    batch, or one cut short by the time budget, queues the next batch at once.
    """
    ids = delivery.due_message_ids(limit=delivery.RELAY_BATCH_SIZE)
    deadline = delivery.relay_deadline()
    handled = broken = 0
    for message_id in ids:
        handled += 1
        try:
            delivery.deliver(message_id)
        except Exception:  # noqa: BLE001 - one broken message must not hold up the others
            broken += 1
            logger.exception("Relaying outbound e-mail %s failed", message_id)
        if time.monotonic() > deadline:
            break
    more = handled < len(ids) or len(ids) == delivery.RELAY_BATCH_SIZE
    if handled and more and broken < handled:
        relay_outbox.delay()
    return handled
