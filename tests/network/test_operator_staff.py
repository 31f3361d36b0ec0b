"""In a network the operator's recruiters and admins are its staff, not referrers (N2):
they are never solicited for jobs nor counted in the sponsor tree; in a company, the
same roles stay members."""

import pytest

from coopt.accounts.services import member_create, membership_set_roles
from coopt.audit.actors import Actor

from .. import factories as f
from ..conftest import World
from .helpers import make_network

pytestmark = pytest.mark.django_db


def test_staff_created_in_a_network_are_not_referrers(world: World) -> None:
    make_network(world)
    staff = member_create(tenant=world.acme, email="ops@acme.test", is_admin=True)
    assert staff.is_member is False
    referrer = member_create(tenant=world.acme, email="friend@acme.test")
    assert referrer.is_member is True


def test_giving_or_taking_a_staff_role_in_a_network_follows(world: World) -> None:
    make_network(world)
    actor = Actor.member(world.admin)
    member = member_create(tenant=world.acme, email="friend@acme.test")
    membership_set_roles(
        membership=member, is_expert=False, is_recruiter=True, is_admin=False, actor=actor
    )
    assert member.is_member is False
    membership_set_roles(
        membership=member, is_expert=False, is_recruiter=False, is_admin=False, actor=actor
    )
    member.refresh_from_db()
    assert member.is_member is True


def test_in_a_company_recruiters_stay_members(world: World) -> None:
    staff = member_create(tenant=world.acme, email="hr@acme.test", is_recruiter=True)
    assert staff.is_member is True
    membership_set_roles(
        membership=staff,
        is_expert=False,
        is_recruiter=True,
        is_admin=True,
        actor=Actor.member(world.admin),
    )
    assert staff.is_member is True


def test_only_referrers_sponsor_someone(network_world: World) -> None:
    world = network_world
    staff = f.make_member(world.acme, email="ops@acme.test", is_recruiter=True)
    membership_set_roles(
        membership=staff,
        is_expert=False,
        is_recruiter=True,
        is_admin=False,
        actor=Actor.member(world.admin),
    )
    assert staff.is_member is False
    for member in (staff, world.member):
        page = world.client_for(member).get("/jobs/").content.decode()
        assert ('href="/sponsor/"' in page) is member.is_member
    assert world.client_for(staff).get("/sponsor/").status_code == 403
    assert world.client_for(world.member).get("/sponsor/").status_code == 200


@pytest.fixture
def network_world(world: World) -> World:
    make_network(world)
    return world
