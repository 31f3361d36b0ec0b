"""A tenant's own wording of an automatic e-mail, saved or reset, is recorded by the service."""

import pytest

from coopt.audit.actors import Actor
from coopt.audit.models import AuditEvent
from coopt.notifications.models import EmailTemplate
from coopt.notifications.services import email_template_reset, email_template_save

from ..audit.helpers import AuditCrash, crash_after_audit, only_event
from ..conftest import World

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action


def save(world: World, actor: Actor) -> EmailTemplate:
    return email_template_save(
        tenant=world.acme,
        key="candidate-status",
        status="contacted",
        language="en",
        subject="News from {{ company }}",
        body="Hello {{ candidate_name }}",
        actor=actor,
    )


def test_a_saved_wording_is_recorded(world):
    template = save(world, Actor.member(world.admin))
    event = only_event(Action.SETTINGS_CHANGED)
    assert (event.tenant, event.actor) == (world.acme, world.admin.user)
    assert event.target == f"email_template:{template.pk}"
    assert event.details == {"section": "email_template"}


def test_a_save_that_crashes_keeps_no_wording(world):
    with crash_after_audit(), pytest.raises(AuditCrash):
        save(world, Actor.member(world.admin))
    assert not EmailTemplate.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_reset_is_recorded_with_the_wording_it_removed(world):
    template = save(world, Actor.system())
    target = f"email_template:{template.pk}"
    email_template_reset(template=template, actor=Actor.member(world.admin))
    assert not EmailTemplate.objects.exists()
    event = AuditEvent.objects.get(action=Action.SETTINGS_CHANGED, details__reset=True)
    assert (event.tenant, event.actor, event.target) == (world.acme, world.admin.user, target)
    assert event.details == {"section": "email_template", "reset": True}


def test_a_reset_that_crashes_keeps_the_wording(world):
    template = save(world, Actor.system())
    kept = template.pk
    with crash_after_audit(), pytest.raises(AuditCrash):
        email_template_reset(template=template, actor=Actor.member(world.admin))
    assert EmailTemplate.objects.filter(pk=kept).exists()
    assert AuditEvent.objects.count() == 1  # the save's only
