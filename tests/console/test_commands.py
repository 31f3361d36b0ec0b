"""The console's actions as management commands."""

from io import StringIO
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.core.management import CommandError, call_command

from coopt.accounts.models import Membership, User
from coopt.audit.models import AuditEvent
from coopt.tenants.models import Tenant

from ..conftest import World

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_create_tenant_invites_its_admin(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        out = run(
            "create_tenant", "Initech", "initech", "--mode", "network", "--domain",
            "jobs.initech.example", "--language", "de", "--language", "en",
            "--admin-email", "boss@initech.example",
        )  # fmt: skip
    tenant = Tenant.objects.get(slug="initech")
    assert (tenant.mode, tenant.default_language, tenant.enabled_languages) == (
        "network",
        "de",
        ["de", "en"],
    )
    assert "http://jobs.initech.example/" in out
    assert Membership.objects.get(tenant=tenant).is_admin
    (message,) = mail.outbox
    assert "http://jobs.initech.example/invitation/" in str(message.body)
    assert AuditEvent.objects.filter(tenant=tenant, action="tenant_created").exists()


def test_create_tenant_refuses_a_taken_subdomain(world: World) -> None:
    with pytest.raises(CommandError, match="Taken already"):
        run("create_tenant", "Acme again", "acme")
    assert Tenant.objects.filter(slug="acme").count() == 1


def test_list_tenants_shows_usage(world: World) -> None:
    lines = run("list_tenants").splitlines()
    assert lines[0].startswith("slug\tstate\tmembers")
    acme = next(line.split("\t") for line in lines if line.startswith("acme\t"))
    assert acme[1:4] == ["active", "4", "1"]


def test_suspend_and_reactivate_tenant(world: World) -> None:
    assert "suspended" in run("suspend_tenant", "acme")
    world.acme.refresh_from_db()
    assert not world.acme.is_active
    assert "suspended" in run("list_tenants")
    assert "reactivated" in run("reactivate_tenant", "acme")
    world.acme.refresh_from_db()
    assert world.acme.is_active
    actions = set(AuditEvent.objects.filter(tenant=world.acme).values_list("action", flat=True))
    assert {"tenant_suspended", "tenant_reactivated"} <= actions
    with pytest.raises(CommandError):
        run("suspend_tenant", "nobody")


def test_create_operator_staff(monkeypatch: pytest.MonkeyPatch, db: None) -> None:
    monkeypatch.setenv("COOPT_OPERATOR_PASSWORD", "a long and unusual passphrase")
    out = run("create_operator_staff", "Ops@Example.com")
    user = User.objects.get(email="ops@example.com")
    assert user.is_staff and not user.is_superuser
    assert user.check_password("a long and unusual passphrase")
    assert not Authenticator.objects.filter(user=user).exists()  # set up at first sign-in
    assert "operator.localhost" in out
    with pytest.raises(CommandError, match="exists already"):
        run("create_operator_staff", "ops@example.com")
    monkeypatch.setenv("COOPT_OPERATOR_PASSWORD", "123")
    with pytest.raises(CommandError):
        run("create_operator_staff", "weak@example.com")
