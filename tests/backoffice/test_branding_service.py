"""``tenant_branding_update``: the admin's branding saved and recorded, field names only."""

import pytest

from coopt.audit.actors import Actor
from coopt.audit.models import AuditEvent
from coopt.backoffice.services import tenant_branding_update
from coopt.tenants.models import Tenant

from ..audit.helpers import AuditCrash, crash_after_audit, only_event

pytestmark = pytest.mark.django_db


def test_the_changed_fields_are_saved_and_recorded_by_name(world):
    tenant_branding_update(
        tenant=world.acme,
        changes={"primary_colour": "#654321", "name": "Acme Corp"},
        actor=Actor.member(world.admin),
    )
    saved = Tenant.objects.get(pk=world.acme.pk)
    assert (saved.primary_colour, saved.name) == ("#654321", "Acme Corp")
    event = only_event(AuditEvent.Action.SETTINGS_CHANGED)
    assert (event.tenant, event.actor) == (world.acme, world.admin.user)
    assert event.target == f"tenant:{world.acme.pk}"
    assert event.details == {"section": "branding", "fields": ["name", "primary_colour"]}


def test_only_the_changed_fields_are_written(world):
    Tenant.objects.filter(pk=world.acme.pk).update(accent_colour="#abcdef")
    tenant_branding_update(
        tenant=world.acme, changes={"primary_colour": "#654321"}, actor=Actor.system()
    )
    assert Tenant.objects.get(pk=world.acme.pk).accent_colour == "#abcdef"


def test_a_crash_keeps_the_branding_as_it_was(world):
    with crash_after_audit(), pytest.raises(AuditCrash):
        tenant_branding_update(
            tenant=world.acme, changes={"primary_colour": "#654321"}, actor=Actor.system()
        )
    assert Tenant.objects.get(pk=world.acme.pk).primary_colour == "#123456"
    assert not AuditEvent.objects.exists()


def test_what_is_not_branding_is_refused(world):
    with pytest.raises(ValueError):
        tenant_branding_update(tenant=world.acme, changes={"slug": "evil"}, actor=Actor.system())
    assert Tenant.objects.get(pk=world.acme.pk).slug == "acme"
    assert not AuditEvent.objects.exists()
