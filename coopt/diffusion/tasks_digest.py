"""Digest tasks (D3): thin, take ids, idempotent (see ``coopt.diffusion.digest``)."""

from celery import shared_task


@shared_task
def run_digests() -> list[int]:
    """Every morning (beat): start the weekly digests on Mondays, the monthly ones on the 1st."""
    from . import digest

    return digest.digests_start_due()


@shared_task
def digest_batch(run_id: int, after_member_id: int = 0) -> int:
    from . import digest

    return digest.digest_batch(run_id=run_id, after_member_id=after_member_id)


@shared_task
def resume_digests() -> list[int]:
    """Every few minutes (beat): restart the digest runs whose worker was lost."""
    from . import digest

    return digest.digests_resume()
