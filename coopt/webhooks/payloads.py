"""What a webhook says: a versioned envelope around a snapshot of the referral or the job.

``{"type": <event>, "version": 1, "timestamp": <ISO 8601, UTC>, "data": {...}}``. The
snapshot is taken when the event happens, inside its transaction. A referral's data names
the referred person (first and last name) only once they confirmed their interest, as the
back office does (``Referral.is_visible_to_recruiter``, ``access_visible_referral``); before
that it holds ids, the job and the status. Contact details are never sent.
"""

from datetime import datetime
from typing import Any

from coopt.jobs.models import Job
from coopt.referrals.models import Referral

PAYLOAD_VERSION = 1


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment is not None else None


def envelope(*, event_type: str, data: dict[str, Any], now: datetime) -> dict[str, Any]:
    return {"type": event_type, "version": PAYLOAD_VERSION, "timestamp": _iso(now), "data": data}


def job_data(job: Job) -> dict[str, Any]:
    return {
        "id": job.pk,
        "title": job.title,
        "status": job.status,
        "published_at": _iso(job.published_at),
        "closed_at": _iso(job.closed_at),
        "closes_on": job.closes_on.isoformat() if job.closes_on else None,
    }


def referral_data(referral: Referral) -> dict[str, Any]:
    candidate = None
    if referral.is_visible_to_recruiter:
        candidate = {"first_name": referral.first_name, "last_name": referral.last_name}
    return {
        "id": referral.pk,
        "source": referral.source,
        "status": referral.status,
        "consent": referral.consent,
        "job": {"id": referral.job_id, "title": referral.job.title},
        "referrer_id": referral.referrer_id,
        "candidate": candidate,
        "created_at": _iso(referral.created_at),
    }


def ping_data() -> dict[str, Any]:
    return {"message": "This is a test event sent from Coopt's back office."}
