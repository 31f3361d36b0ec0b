"""Digest tasks (D3): thin, take ids, idempotent (see ``coopt.diffusion.digest.run``).

Their names are those they had in ``coopt.diffusion.tasks_digest``, before the digest
became a package: the beat schedule (``CELERY_BEAT_SCHEDULE``) and the batches already
queued when a new version starts call them by name. ``coopt.diffusion.tasks`` imports this
module, so that workers, which look for each app's ``tasks`` module, register them.
"""

from celery import shared_task


@shared_task(name="coopt.diffusion.tasks_digest.run_digests")
def run_digests() -> list[int]:
    """Every morning (beat): start the weekly digests on Mondays, the monthly ones on the 1st."""
    from . import run

    return run.digests_start_due()


@shared_task(name="coopt.diffusion.tasks_digest.digest_batch")
def digest_batch(run_id: int, after_member_id: int = 0) -> int:
    from . import run

    return run.digest_batch(run_id=run_id, after_member_id=after_member_id)


@shared_task(name="coopt.diffusion.tasks_digest.resume_digests")
def resume_digests() -> list[int]:
    """Every few minutes (beat): restart the digest runs whose worker was lost."""
    from . import run

    return run.digests_resume()
