"""Who acted (``Actor``): built from a request, or named for a member, a token, the system."""

import pytest
from django.contrib.auth.models import AnonymousUser

from coopt.audit.actors import Actor, ActorKind

pytestmark = pytest.mark.django_db

IP = "203.0.113.7"


def test_a_signed_in_request_is_its_account_on_its_tenant_with_the_address(world, rf):
    request = rf.get("/", REMOTE_ADDR=IP)
    request.tenant = world.acme
    request.user = world.admin.user
    actor = Actor.from_request(request)
    assert actor == Actor.member(world.admin, ip_address=IP)
    assert (actor.kind, actor.user_id, actor.tenant_id) == (
        ActorKind.MEMBER,
        world.admin.user_id,
        world.acme.pk,
    )


def test_a_request_signed_out_is_a_visitor_of_the_tenant(world, rf):
    request = rf.get("/", REMOTE_ADDR=IP)
    request.tenant = world.acme
    request.user = AnonymousUser()
    actor = Actor.from_request(request)
    assert actor == Actor.visitor(tenant_id=world.acme.pk, ip_address=IP)
    assert actor.user_id is None


def test_a_request_without_a_tenant_or_an_ip_address_gives_none_of_them(world, rf):
    request = rf.get("/", REMOTE_ADDR="unix-socket")
    request.user = world.admin.user
    actor = Actor.from_request(request)
    assert actor.tenant_id is None
    assert actor.ip_address is None
    assert actor.user_id == world.admin.user_id


def test_an_ipv6_address_is_kept_in_its_short_form(world, rf):
    request = rf.get("/", REMOTE_ADDR="2001:db8:0:0:0:0:0:1")
    request.tenant = world.acme
    request.user = AnonymousUser()
    assert Actor.from_request(request).ip_address == "2001:db8::1"


def test_actors_without_an_account_say_who_they_are():
    assert Actor.system().by == "system"
    assert Actor.system("purge").by == "system:purge"
    assert Actor.api_token(token_id=7, tenant_id=1).by == "api_token:7"
    assert Actor.visitor(tenant_id=1).by == "visitor"


def test_the_system_acts_on_no_tenant_of_its_own():
    actor = Actor.system("seed_demo")
    assert (actor.user_id, actor.tenant_id, actor.ip_address) == (None, None, None)


def test_only_a_member_is_an_account_acting(world):
    admin = Actor.member(world.admin)
    assert admin.is_user(world.admin.user_id)
    assert not admin.is_user(world.member.user_id)
    assert not Actor.system().is_user(world.admin.user_id)


def test_an_actor_cannot_be_changed_once_built(world):
    actor = Actor.member(world.admin)
    with pytest.raises(AttributeError):
        actor.user_id = world.member.user_id  # type: ignore[misc]  # frozen: refused at run time
