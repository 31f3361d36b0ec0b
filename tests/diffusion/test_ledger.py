"""The delivery ledger in bulk: new rows without touching existing ones, settled rows."""

from datetime import UTC, datetime

import pytest

from coopt.accounts.models import Membership
from coopt.diffusion import ledger
from coopt.diffusion.models import Delivery
from coopt.jobs.models import Job
from coopt.notifications.models import OutboundEmail
from coopt.tenants.models import Tenant

from .. import factories as f

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)


def outbox_email(tenant: Tenant) -> OutboundEmail:
    return OutboundEmail.objects.create(
        tenant=tenant, to_email="a@example.org", subject="s", body_text="b", next_attempt_at=NOW
    )


@pytest.fixture
def acme() -> tuple[Tenant, list[Job], list[Membership]]:
    tenant = f.make_tenant("acme")
    jobs = [f.make_job(tenant, title=f"Job {n}") for n in range(3)]
    members = [f.make_member(tenant) for _n in range(3)]
    return tenant, jobs, members


def test_add_writes_each_row_with_its_score_email_status_and_time(acme, monkeypatch):
    tenant, jobs, members = acme
    monkeypatch.setattr(ledger, "INSERT_CHUNK", 2)  # three statements for five rows
    email = outbox_email(tenant)
    rows = [(job.pk, member.pk, n, email.pk) for n, (job, member) in
            enumerate((j, m) for j in jobs[:2] for m in members)][:5]  # fmt: skip
    ledger.add(rows, tenant_id=tenant.pk, status=Delivery.Status.DIGESTED, now=NOW)
    found = Delivery.objects.order_by("job_id", "member_id")
    assert [(d.job_id, d.member_id, d.score, d.email_id) for d in found] == rows
    assert {(d.tenant_id, d.status, d.send_id, d.wave) for d in found} == {
        (tenant.pk, "digested", None, 1)
    }
    assert {(d.created_at, d.updated_at) for d in found} == {(NOW, NOW)}


def test_add_leaves_a_member_s_existing_row_for_the_job_as_it_is(acme):
    tenant, jobs, members = acme
    queued = Delivery.objects.create(
        tenant=tenant, job=jobs[0], member=members[0], score=9, status=Delivery.Status.QUEUED
    )
    email = outbox_email(tenant)
    rows = [(jobs[0].pk, members[0].pk, 1, email.pk), (jobs[0].pk, members[1].pk, 2, email.pk)]
    ledger.add(rows, tenant_id=tenant.pk, status=Delivery.Status.DIGESTED, now=NOW)
    queued.refresh_from_db()
    assert (queued.status, queued.score, queued.email_id) == ("queued", 9, None)
    added = Delivery.objects.get(member=members[1])
    assert (added.status, added.score, added.email_id) == ("digested", 2, email.pk)


def test_add_of_nothing_writes_nothing(acme, django_assert_num_queries):
    tenant, _jobs, _members = acme
    with django_assert_num_queries(0):
        ledger.add([], tenant_id=tenant.pk, status=Delivery.Status.DIGESTED, now=NOW)


def test_settle_gives_each_row_its_status_and_email_in_one_statement(
    acme, django_assert_num_queries
):
    tenant, jobs, members = acme
    rows = [
        Delivery.objects.create(tenant=tenant, job=job, member=members[0], status="deferred")
        for job in jobs
    ]
    first, second = outbox_email(tenant), outbox_email(tenant)
    with django_assert_num_queries(1):
        ledger.settle([(rows[0].pk, first.pk), (rows[1].pk, second.pk)], status="digested", now=NOW)
    found = {d.pk: d for d in Delivery.objects.all()}
    assert (found[rows[0].pk].status, found[rows[0].pk].email_id) == ("digested", first.pk)
    assert (found[rows[1].pk].status, found[rows[1].pk].email_id) == ("digested", second.pk)
    assert found[rows[0].pk].updated_at == NOW
    assert (found[rows[2].pk].status, found[rows[2].pk].email_id) == ("deferred", None)
