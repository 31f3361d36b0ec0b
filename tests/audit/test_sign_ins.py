"""Sign-ins and failed sign-ins on a tenant's site are recorded (Django's auth signals,
connected in ``AuditConfig.ready``); the address typed is never stored."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from coopt.accounts.models import User
from coopt.audit.models import AuditEvent
from coopt.tenants.models import Tenant

from .. import factories as f
from .helpers import only_event

pytestmark = pytest.mark.django_db

IP = "203.0.113.7"
ACME = "acme.localhost"
Action = AuditEvent.Action


def sign_in(email: str, password: str = f.PASSWORD) -> Client:
    client = Client(HTTP_HOST=ACME, REMOTE_ADDR=IP)
    client.post(reverse("account_login"), {"login": email, "password": password})
    return client


def assert_event(event: AuditEvent, *, tenant: Tenant, actor: User | None, target: str) -> None:
    assert event.tenant == tenant
    assert event.actor == actor
    assert event.target == target
    assert event.ip_address == IP
    stored = event.target + json.dumps(event.details)
    assert "@" not in stored and "%40" not in stored


def test_a_sign_in_is_recorded(world):
    client = sign_in("member@acme.test")
    assert client.session.get("_auth_user_id") == str(world.member.user.pk)
    assert_event(
        only_event(Action.SIGNED_IN),
        tenant=world.acme,
        actor=world.member.user,
        target=f"user:{world.member.user.pk}",
    )


def test_a_failed_sign_in_names_the_account_not_the_address(world):
    sign_in("Member@Acme.test", "wrong password")
    assert_event(
        only_event(Action.SIGN_IN_FAILED),
        tenant=world.acme,
        actor=world.member.user,
        target=f"user:{world.member.user.pk}",
    )
    assert not AuditEvent.objects.filter(action=Action.SIGNED_IN).exists()


def test_a_failed_sign_in_for_an_unknown_or_foreign_address_names_no_one(world):
    sign_in("nobody@acme.test", "wrong password")
    sign_in("member@globex.test", "wrong password")
    events = AuditEvent.objects.filter(action=Action.SIGN_IN_FAILED)
    assert events.count() == 2
    for event in events:
        assert_event(event, tenant=world.acme, actor=None, target="")
        assert event.details == {"by": "visitor"}


def test_a_test_client_login_without_a_tenant_is_not_recorded(world):
    world.client_for(world.member)  # force_login: no request to a tenant's site
    assert not AuditEvent.objects.exists()
