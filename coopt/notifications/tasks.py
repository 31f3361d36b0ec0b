from celery import shared_task

from . import delivery


@shared_task
def deliver_email(message_id: int) -> str:
    return delivery.deliver(message_id)


@shared_task
def relay_outbox() -> int:
    """Send whatever is due: messages whose enqueue was lost, retries, stale claims."""
    ids = delivery.due_message_ids()
    for message_id in ids:
        delivery.deliver(message_id)
    if len(ids) == delivery.RELAY_BATCH_SIZE:
        relay_outbox.delay()
    return len(ids)
