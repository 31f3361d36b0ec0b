from celery import shared_task

from . import services


@shared_task
def make_rewards_due() -> int:
    """Daily: pending rewards whose probation period is over become due (W2)."""
    return services.rewards_make_due()
