"""Featured jobs (D3): a recruiter puts a job in every digest while it is open."""

from django.db import IntegrityError, transaction

from coopt.jobs.models import Job

from .models import FeaturedJob


def job_feature(*, job: Job) -> None:
    """Feature the job; featuring it twice, or at the same moment as someone else, is one row."""
    try:
        with transaction.atomic():
            FeaturedJob.objects.get_or_create(job=job, defaults={"tenant_id": job.tenant_id})
    except IntegrityError:  # featured at the same moment by someone else: same outcome
        pass


def job_unfeature(*, job: Job) -> None:
    FeaturedJob.objects.filter(tenant_id=job.tenant_id, job=job).delete()
