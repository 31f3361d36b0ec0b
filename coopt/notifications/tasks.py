import logging

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

    Runs every minute (beat). Returns how many messages were due in this batch;
    a full batch queues the next one at once.
    """
    ids = delivery.due_message_ids(limit=delivery.RELAY_BATCH_SIZE)
    broken = 0
    for message_id in ids:
        try:
            delivery.deliver(message_id)
        except Exception:  # noqa: BLE001 - one broken message must not hold up the others
            broken += 1
            logger.exception("Relaying outbound e-mail %s failed", message_id)
    if ids and len(ids) == delivery.RELAY_BATCH_SIZE and broken < len(ids):
        relay_outbox.delay()
    return len(ids)
