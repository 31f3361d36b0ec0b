"""Scheduled work of the API app; idempotent."""

from celery import shared_task

from .services import idempotent_responses_purge


@shared_task
def purge_idempotent_responses() -> int:
    """Delete the answers kept for an Idempotency-Key past their 24 hours (beat)."""
    return idempotent_responses_purge()
