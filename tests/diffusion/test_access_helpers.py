"""The diffusion access helpers: recruiters and admins reach their tenant's jobs and sends,
members none; an unsubscribe token reaches its member in its own tenant only."""

import pytest
from django.http import Http404

from coopt.diffusion import sends
from coopt.diffusion.audience import AudienceSpec
from coopt.diffusion.models import Send
from coopt.diffusion.selectors import access_job, access_member, access_send
from coopt.diffusion.unsubscribe import unsubscribe_token
from coopt.taxonomy.models import Tag

from ..conftest import World
from .test_office_audience import follow

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(world: World) -> Send:
    follow(Tag.objects.get(tenant=world.acme, name="Lyon"), world.member, world.expert)
    return sends.send_start(job=world.job, spec=AudienceSpec(), author=world.recruiter.user)


def test_recruiters_and_admins_reach_the_tenants_jobs_and_sends(world, send):
    for persona in (world.recruiter, world.admin):
        assert access_job(persona, world.job.pk) == world.job
        assert access_send(persona, send.pk) == send


@pytest.mark.parametrize("persona", ["member", "expert", "outsider"])
def test_members_and_another_tenant_reach_none(world, send, persona):
    with pytest.raises(Http404):
        access_job(getattr(world, persona), world.job.pk)
    with pytest.raises(Http404):
        access_send(getattr(world, persona), send.pk)


def test_a_token_reaches_its_member_in_its_own_tenant_only(world):
    token = unsubscribe_token(member_id=world.member.pk, tenant_id=world.acme.pk)
    assert access_member(world.acme, token) == world.member
    with pytest.raises(Http404):
        access_member(world.globex, token)
    with pytest.raises(Http404):
        access_member(world.acme, token + "x")
