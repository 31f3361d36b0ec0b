"""Refused accesses are recorded: a role without the right (``accounts.access``), an account
with no membership here (``MembershipMiddleware``), both calling down into the audit app."""

import pytest
from django.test import Client
from django.urls import reverse

from coopt.accounts.models import Membership
from coopt.audit.models import AuditEvent

from ..conftest import World
from .helpers import only_event

pytestmark = pytest.mark.django_db

IP = "203.0.113.7"
ACME = "acme.localhost"
Action = AuditEvent.Action


def client_for(world: World, membership: Membership, host: str | None = None) -> Client:
    client = world.client_for(membership, host=host)
    client.defaults["REMOTE_ADDR"] = IP
    return client


def test_a_role_refusal_is_recorded_with_the_view(world):
    response = client_for(world, world.member).get(reverse("backoffice:members"))
    assert response.status_code == 403
    event = only_event(Action.ACCESS_REFUSED)
    assert (event.tenant, event.actor, event.ip_address) == (world.acme, world.member.user, IP)
    assert event.target == "view:backoffice:members"
    assert event.details == {"reason": "role"}


def test_an_account_of_another_tenant_is_signed_out_and_recorded(world):
    client = client_for(world, world.outsider_member, host=ACME)
    response = client.get(reverse("jobs:board"))
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") is None
    event = only_event(Action.ACCESS_REFUSED)
    assert (event.tenant, event.actor, event.ip_address) == (
        world.acme,
        world.outsider_member.user,
        IP,
    )
    assert event.target == f"tenant:{world.acme.pk}"
    assert event.details == {"reason": "no_membership"}


def test_an_anonymous_visit_to_the_back_office_is_no_refusal(world):
    response = Client(HTTP_HOST=ACME).get(reverse("backoffice:members"))
    assert response.status_code == 302
    assert not AuditEvent.objects.exists()
