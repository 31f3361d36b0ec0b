"""Scheduled work of the jobs app; idempotent (see services.jobs_close_expired)."""

from celery import shared_task

from .services import jobs_close_expired


@shared_task
def close_expired_jobs() -> int:
    """Close the published jobs whose closing date has passed (beat)."""
    return jobs_close_expired()
