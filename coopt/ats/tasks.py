"""The ATS's tasks. Each is idempotent: the claim in ``link_push`` decides who sends."""

from celery import shared_task

from . import services


@shared_task
def push_candidate(link_id: int) -> str:
    """Send one confirmed candidate to the ATS; safe to run twice (the claim decides)."""
    return services.link_push(link_id)


@shared_task
def sync_connection(connection_id: int) -> dict[str, int]:
    """Jobs in, due candidates out, stages back, for one company's ATS."""
    return services.connection_sync(connection_id=connection_id)


@shared_task
def sync_all() -> int:
    """Every 15 minutes (beat): one sync task per enabled connection."""
    ids = services.connections_due()
    for connection_id in ids:
        sync_connection.delay(connection_id)
    return len(ids)
