"""The purge's report, its idempotence, its batches, its tasks (Y2)."""

import datetime as dt
import threading

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection

from coopt.privacy import purge
from coopt.privacy.models import PurgeRun
from coopt.privacy.purge import purge_all_tenants, purge_tenant
from coopt.privacy.retention import DATA_CLASSES
from coopt.privacy.tasks import purge_personal_data
from coopt.referrals.models import Referral, Status
from coopt.tenants.models import Tenant

from .purge_helpers import START, clock, closed, is_erased, submitted

pytestmark = pytest.mark.django_db
__all__ = ["clock"]

PAST_ALL = START + relativedelta(months=4)


def test_each_run_reports_every_data_class_even_at_zero(world, clock):
    submitted(world.member, world.job)
    closed(world.member, world.job, Status.NOT_RETAINED, world.recruiter)
    clock.move_to(PAST_ALL)
    run, erased = purge_tenant(tenant=world.acme)
    assert erased == 2
    run = PurgeRun.objects.get(pk=run.pk)
    assert set(run.counts) == set(DATA_CLASSES)
    assert run.counts == {
        "unconfirmed": 1,
        "declined": 0,
        "not_retained": 1,
        "talent_pool": 0,
        "hired": 0,
        "transferred": 0,
    }
    assert run.tenant == world.acme
    assert run.started_at == PAST_ALL
    assert run.finished_at is not None


def test_a_second_run_erases_nothing_more_and_says_so(world, clock):
    referrals = [submitted(world.member, world.job) for _ in range(3)]
    clock.move_to(PAST_ALL)
    first, erased = purge_tenant(tenant=world.acme)
    assert erased == 3
    clock.move_to(PAST_ALL + dt.timedelta(days=1))
    second, erased_again = purge_tenant(tenant=world.acme)
    assert erased_again == 0
    assert second.pk != first.pk
    assert second.total == 0
    assert set(second.counts) == set(DATA_CLASSES)
    first.refresh_from_db()
    assert first.counts["unconfirmed"] == 3
    assert all(is_erased(referral) for referral in referrals)


def test_purging_one_tenant_leaves_the_other_untouched(world, clock):
    globex = submitted(world.outsider_member, world.globex_job)
    clock.move_to(PAST_ALL)
    purge_tenant(tenant=world.acme)
    assert not is_erased(globex)
    assert not PurgeRun.objects.filter(tenant=world.globex).exists()


def test_a_run_stopped_half_way_is_completed_in_the_same_report(world, clock):
    submitted(world.member, world.job)
    clock.move_to(PAST_ALL)
    # A worker was killed after erasing two referrals: its report is unfinished.
    stopped = PurgeRun.objects.create(
        tenant=world.acme,
        started_at=PAST_ALL - dt.timedelta(hours=1),
        counts=dict.fromkeys(DATA_CLASSES, 0) | {"unconfirmed": 2},
    )
    run, erased = purge_tenant(tenant=world.acme)
    assert erased == 1
    assert run.pk == stopped.pk
    assert run.counts["unconfirmed"] == 3
    assert run.finished_at is not None
    assert PurgeRun.objects.filter(tenant=world.acme).count() == 1


def test_the_purge_works_in_batches(world, clock, monkeypatch):
    monkeypatch.setattr(purge, "PURGE_BATCH_SIZE", 2)
    referrals = [submitted(world.member, world.job) for _ in range(5)]
    clock.move_to(PAST_ALL)
    run, erased = purge_tenant(tenant=world.acme)
    assert erased == 5
    assert run.counts["unconfirmed"] == 5
    assert all(is_erased(referral) for referral in referrals)


def test_the_daily_task_purges_every_tenant(world, clock):
    submitted(world.member, world.job)
    submitted(world.outsider_member, world.globex_job)
    clock.move_to(PAST_ALL)
    assert purge_personal_data.delay().get() == 2
    assert PurgeRun.objects.filter(tenant=world.acme).count() == 1
    assert PurgeRun.objects.filter(tenant=world.globex).count() == 1
    assert purge_personal_data.delay().get() == 0


def test_the_daily_purge_is_scheduled(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "coopt.privacy.tasks.purge_personal_data" in tasks


def test_a_failing_tenant_does_not_stop_the_others(world, clock, monkeypatch):
    globex = submitted(world.outsider_member, world.globex_job)
    real = purge.purge_tenant

    def broken_for_acme(*, tenant: Tenant) -> tuple[PurgeRun, int]:
        if tenant.pk == world.acme.pk:
            raise RuntimeError("disk full")
        return real(tenant=tenant)

    monkeypatch.setattr(purge, "purge_tenant", broken_for_acme)
    clock.move_to(PAST_ALL)
    assert purge_all_tenants() == 1
    assert is_erased(globex)


@pytest.mark.django_db(transaction=True)
def test_two_purges_at_once_erase_and_count_each_person_once(world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only real on PostgreSQL")
    for _ in range(12):
        submitted(world.member, world.job)
    Referral.objects.update(consent_requested_at=START - dt.timedelta(days=365))
    results: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def run() -> None:
        try:
            barrier.wait()
            results.append(purge_tenant(tenant=world.acme)[1])
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sum(results) == 12
    runs = PurgeRun.objects.filter(tenant=world.acme)
    assert sum(run.counts["unconfirmed"] for run in runs) == 12
    assert not Referral.objects.filter(personal_data_deleted_at__isnull=True).exists()
