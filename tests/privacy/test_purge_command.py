"""``manage.py purge``: the nightly purge, now."""

from io import StringIO

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import CommandError, call_command

from coopt.privacy.models import PurgeRun

from .purge_helpers import START, clock, is_erased, submitted

pytestmark = pytest.mark.django_db
__all__ = ["clock"]


def run(*args: str) -> str:
    out = StringIO()
    call_command("purge", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_it_purges_every_tenant_now(world, clock):
    acme = submitted(world.member, world.job)
    globex = submitted(world.outsider_member, world.globex_job)
    clock.move_to(START + relativedelta(months=4))
    out = run()
    assert "2 referrals erased" in out
    assert is_erased(acme) and is_erased(globex)
    assert PurgeRun.objects.filter(tenant=world.acme).exists()
    assert "0 referrals erased" in run()


def test_it_can_purge_one_tenant(world, clock):
    acme = submitted(world.member, world.job)
    globex = submitted(world.outsider_member, world.globex_job)
    clock.move_to(START + relativedelta(months=4))
    out = run("--tenant", "acme")
    assert "Purge done for acme" in out and "1 referrals erased" in out
    assert "unconfirmed 1" in out
    assert is_erased(acme) and not is_erased(globex)
    with pytest.raises(CommandError, match="No tenant"):
        run("--tenant", "initech")
