"""Diffusion in the demo: the weekly cap, featured jobs, one finished send and one
waiting for its second wave, so that every diffusion page has something to show."""

from datetime import timedelta

from coopt.accounts.models import Membership
from coopt.diffusion import sends
from coopt.diffusion.audience import AudienceSpec
from coopt.diffusion.models import DiffusionSettings, FeaturedJob, Send
from coopt.jobs.models import Job


def _run(send: Send) -> None:
    """What the worker does, in process (the demo holds delivery: nothing is e-mailed)."""
    sends.send_prepare(send_id=send.pk)
    sends.waves_release_due()
    while sends.send_batch(send_id=send.pk).handled:
        pass


def seed_diffusion(*, recruiter: Membership, jobs: dict[str, Job]) -> None:
    tenant = recruiter.tenant
    DiffusionSettings.objects.create(tenant=tenant, weekly_cap=3)
    published = [job for job in jobs.values() if job.status == Job.Status.PUBLISHED]
    for job in published[:2]:
        FeaturedJob.objects.create(tenant=tenant, job=job)
    at_once, by_level = published[2], published[3]
    _run(sends.send_start(job=at_once, spec=AudienceSpec(), author=recruiter.user))
    _run(
        sends.send_start(
            job=by_level,
            spec=AudienceSpec(),
            author=recruiter.user,
            wave_by=Send.WaveBy.LEVEL,
            wave_delay=timedelta(hours=24),
        )
    )
