"""Webhook tasks. Both are idempotent: the claim in ``delivery.deliver`` decides who sends,
so a task delivered twice sends nothing more."""

import logging
import time

from celery import shared_task

from . import delivery

logger = logging.getLogger(__name__)


@shared_task
def deliver_webhook(delivery_id: int) -> str:
    """Send one delivery; safe to run twice for the same id (the claim decides)."""
    return delivery.deliver(delivery_id)


@shared_task
def relay_webhooks() -> int:
    """Send whatever is due: deliveries whose enqueue was lost, retries, stale claims.

    Runs every minute (beat). Returns how many it handed out. A full batch, or one cut short
    by the time budget, queues the next batch at once.
    """
    ids = delivery.due_delivery_ids(limit=delivery.RELAY_BATCH_SIZE)
    deadline = delivery.relay_deadline()
    handled = broken = 0
    for delivery_id in ids:
        handled += 1
        try:
            delivery.deliver(delivery_id)
        except Exception:  # noqa: BLE001 - one broken delivery must not hold up the others
            broken += 1
            logger.exception("Relaying webhook delivery %s failed", delivery_id)
        if time.monotonic() > deadline:
            break
    more = handled < len(ids) or len(ids) == delivery.RELAY_BATCH_SIZE
    if handled and more and broken < handled:
        relay_webhooks.delay()
    return handled


@shared_task
def prune_webhook_deliveries() -> int:
    """Nightly, after the purge of personal data: the delivery log keeps a month, and the
    names of people whose data was erased leave the payloads. Returns how many deliveries
    were deleted."""
    delivery.deliveries_forget_erased()
    return delivery.deliveries_prune()
