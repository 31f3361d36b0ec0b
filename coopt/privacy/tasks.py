from celery import shared_task

from .purge import purge_all_tenants


@shared_task
def purge_personal_data() -> int:
    """The daily purge (beat); returns how many referrals it erased.

    Safe to run again at any time: only what is still due is erased, and a run
    a killed worker left half-way is completed, in the same report.
    """
    return purge_all_tenants()
