"""``manage.py send_digests``: a tenant's digest now, with a summary."""

from collections.abc import Iterator
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from coopt.accounts.models import Membership
from coopt.diffusion.digest import catalogue as digest_catalogue
from coopt.diffusion.digest import period_of
from coopt.diffusion.models import DigestRun, FeaturedJob

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_cached_catalogue() -> Iterator[None]:
    """A worker keeps a run's jobs for a while; test databases reuse run ids."""
    digest_catalogue._cache.clear()
    yield
    digest_catalogue._cache.clear()


def send_digests(*args: str) -> str:
    out = StringIO()
    call_command("send_digests", *args, stdout=out)
    return out.getvalue()


def test_it_sends_the_tenants_digest_and_prints_a_summary(world):
    FeaturedJob.objects.create(tenant=world.acme, job=world.job)
    Membership.objects.filter(pk=world.admin.pk).update(digest_frequency="never")
    output = send_digests("--tenant", "acme", "--frequency", "weekly", "--batch-size", "2")
    run = DigestRun.objects.get(tenant=world.acme)
    assert run.finished_at is not None
    assert run.period == period_of(frequency="weekly", now=run.started_at)
    assert output.strip() == (
        f"weekly digest {run.period} of acme (run #{run.pk}): "
        "3 members, 3 sent, 0 postponed (cap), 0 with nothing new."
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        m.user.email for m in (world.recruiter, world.member, world.expert)
    )
    assert not DigestRun.objects.filter(tenant=world.globex).exists()


def test_running_it_again_sends_nobody_a_second_digest(world):
    FeaturedJob.objects.create(tenant=world.acme, job=world.job)
    send_digests("--tenant", "acme", "--frequency", "weekly")
    assert len(mail.outbox) == 4
    output = send_digests("--tenant", "acme", "--frequency", "weekly")
    assert len(mail.outbox) == 4
    assert "4 members, 4 sent" in output  # the same run: nobody was sent to twice
    assert DigestRun.objects.count() == 1


def test_a_monthly_run_reaches_only_monthly_readers(world):
    FeaturedJob.objects.create(tenant=world.acme, job=world.job)
    Membership.objects.filter(pk=world.expert.pk).update(digest_frequency="monthly")
    output = send_digests("--tenant", "acme", "--frequency", "monthly")
    assert [m.to for m in mail.outbox] == [[world.expert.user.email]]
    assert "1 members, 1 sent" in output


def test_it_refuses_an_unknown_tenant_or_frequency(world):
    with pytest.raises(CommandError, match="No tenant"):
        send_digests("--tenant", "nope", "--frequency", "weekly")
    with pytest.raises(CommandError):
        send_digests("--tenant", "acme", "--frequency", "daily")
    assert mail.outbox == [] and not DigestRun.objects.exists()
