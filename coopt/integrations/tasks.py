"""Job feed tasks: thin, take ids, idempotent (see ``coopt.integrations.runs``)."""

from celery import shared_task

from . import runs


@shared_task
def run_feed(run_id: int) -> str:
    """Do one queued run of a source; "" when it was done already."""
    run = runs.feed_run_execute(run_id=run_id)
    return run.status if run is not None else ""


@shared_task
def run_due_feeds() -> list[int]:
    """Every few minutes (beat): queue a run of each source whose schedule says so."""
    return runs.feeds_run_due()
