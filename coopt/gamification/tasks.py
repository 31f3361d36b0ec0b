"""Scheduled work of the gamification app; idempotent (see services.contests)."""

from celery import shared_task

from .services import contests_close_ended


@shared_task
def close_ended_contests() -> int:
    """Compute, store and announce the winners of contests that have ended (beat)."""
    return contests_close_ended()
