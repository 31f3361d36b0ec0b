from celery import shared_task

from . import services


@shared_task
def send_due_reminders() -> int:
    return services.reminders_send_due()
