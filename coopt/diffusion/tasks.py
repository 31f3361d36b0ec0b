"""Diffusion tasks: thin, take ids, idempotent (see ``coopt.diffusion.sends``)."""

from celery import shared_task

from . import sends

# The digest's tasks live in its package: imported here so that workers, which import each
# app's ``tasks`` module, register them too.
from .digest import tasks as digest_tasks  # noqa: F401


@shared_task
def prepare_send(send_id: int) -> bool:
    return sends.send_prepare(send_id=send_id)


@shared_task
def release_waves() -> list[int]:
    """Every minute (beat), and right after a send is prepared."""
    return sends.waves_release_due()


@shared_task
def send_batch(send_id: int) -> int:
    return sends.send_batch(send_id=send_id).handled


@shared_task
def resume_sends() -> list[int]:
    """Every minute (beat): restart the sends whose worker was lost."""
    return sends.sends_resume()
