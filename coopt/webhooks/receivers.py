"""What this app does when a lower app tells it something (connected in ``apps.py``): the
event's deliveries are written in the change's transaction (the outbox)."""

from typing import Any

from coopt.jobs.models import Job
from coopt.referrals.models import Referral, Status
from coopt.referrals.services.events import CONFIRMED, MADE

from .models import Event
from .payloads import job_data, referral_data
from .services import webhook_deliveries_queue


def referral_events(event: str) -> list[str]:
    """The webhook events of one ``referral_progressed`` event: a new referral; a move in the
    pipeline or the person's confirmation; a hire is also a status change. Anything else (a
    forwarding in network mode) sends nothing."""
    if event == MADE:
        return [Event.REFERRAL_CREATED]
    if event == CONFIRMED:
        return [Event.REFERRAL_STATUS_CHANGED]
    if event == Status.HIRED:
        return [Event.REFERRAL_STATUS_CHANGED, Event.REFERRAL_HIRED]
    if event in Status.values:
        return [Event.REFERRAL_STATUS_CHANGED]
    return []


def on_referral_progressed(sender: Any, *, referral: Referral, event: str, **kwargs: Any) -> None:
    event_types = referral_events(event)
    if not event_types:
        return
    for event_type in event_types:
        webhook_deliveries_queue(
            tenant_id=referral.tenant_id,
            event_type=event_type,
            data=lambda: referral_data(referral),
        )


def on_job_status_changed(sender: Any, *, job: Job, previous: str, **kwargs: Any) -> None:
    if job.status == Job.Status.PUBLISHED:
        event_type = Event.JOB_PUBLISHED
    elif job.status in (Job.Status.CLOSED, Job.Status.FILLED) and previous == Job.Status.PUBLISHED:
        event_type = Event.JOB_CLOSED
    else:
        return
    webhook_deliveries_queue(
        tenant_id=job.tenant_id, event_type=event_type, data=lambda: job_data(job)
    )
