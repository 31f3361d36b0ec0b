"""``weekly_cap_update``: the cap saved and recorded by the service (D6, Y4)."""

import pytest
from django.core.exceptions import ValidationError

from coopt.audit.actors import Actor
from coopt.audit.models import AuditEvent
from coopt.diffusion.cap import weekly_cap_of, weekly_cap_update

from ..audit.helpers import AuditCrash, crash_after_audit, only_event

pytestmark = pytest.mark.django_db


def test_the_cap_is_saved_and_recorded(world):
    saved = weekly_cap_update(tenant=world.acme, weekly_cap=5, actor=Actor.member(world.admin))
    assert weekly_cap_of(tenant=world.acme) == 5
    event = only_event(AuditEvent.Action.SETTINGS_CHANGED)
    assert (event.tenant, event.actor) == (world.acme, world.admin.user)
    assert event.target == f"diffusion_settings:{saved.pk}"
    assert event.details == {"section": "diffusion", "fields": ["weekly_cap"]}


def test_the_same_cap_saved_again_is_recorded_with_no_field_changed(world):
    weekly_cap_update(tenant=world.acme, weekly_cap=3, actor=Actor.system())
    assert only_event(AuditEvent.Action.SETTINGS_CHANGED).details["fields"] == []


def test_a_crash_keeps_the_cap_as_it_was(world):
    with crash_after_audit(), pytest.raises(AuditCrash):
        weekly_cap_update(tenant=world.acme, weekly_cap=5, actor=Actor.member(world.admin))
    assert weekly_cap_of(tenant=world.acme) == 3
    assert not AuditEvent.objects.exists()


def test_a_cap_out_of_bounds_changes_and_records_nothing(world):
    with pytest.raises(ValidationError):
        weekly_cap_update(tenant=world.acme, weekly_cap=50, actor=Actor.member(world.admin))
    assert weekly_cap_of(tenant=world.acme) == 3
    assert not AuditEvent.objects.exists()
