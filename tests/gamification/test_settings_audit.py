"""The point table and the levels, changed by the admin, are recorded by the services (Y4)."""

import pytest

from coopt.audit.actors import Actor
from coopt.audit.models import AuditEvent
from coopt.gamification.models import Action, LevelSettings, PointRule
from coopt.gamification.services import (
    LevelSettingsError,
    level_settings_update,
    point_rules_update,
)

from ..audit.helpers import AuditCrash, crash_after_audit, only_event
from ..conftest import World

pytestmark = pytest.mark.django_db

SETTINGS_CHANGED = AuditEvent.Action.SETTINGS_CHANGED


def test_a_point_table_change_is_recorded_with_the_actions_changed(world):
    point_rules_update(
        tenant_id=world.acme.pk,
        points={Action.SHARE: 0, Action.HIRE: 500},
        actor=Actor.member(world.admin),
    )
    event = only_event(SETTINGS_CHANGED)
    assert (event.tenant, event.actor) == (world.acme, world.admin.user)
    assert event.target == f"tenant:{world.acme.pk}"
    assert event.details == {"section": "points", "fields": ["hire", "share"]}


def test_a_point_table_change_that_crashes_keeps_the_points(world):
    with crash_after_audit(), pytest.raises(AuditCrash):
        point_rules_update(
            tenant_id=world.acme.pk, points={Action.HIRE: 500}, actor=Actor.member(world.admin)
        )
    assert not PointRule.objects.filter(tenant=world.acme, action=Action.HIRE, points=500).exists()
    assert not AuditEvent.objects.exists()


def levels(
    world: World,
    actor: Actor,
    *,
    confirmed_threshold: int = 50,
    expert_threshold: int = 200,
    expert_name: str = "",
) -> LevelSettings:
    return level_settings_update(
        tenant=world.acme,
        actor=actor,
        confirmed_threshold=confirmed_threshold,
        expert_threshold=expert_threshold,
        expert_name=expert_name,
    )


def test_a_levels_change_is_recorded_with_the_fields_changed(world):
    levels(world, Actor.system())
    levels(world, Actor.member(world.admin), expert_threshold=300, expert_name="Ambassador")
    event = AuditEvent.objects.filter(action=SETTINGS_CHANGED).latest("pk")
    assert (event.tenant, event.actor) == (world.acme, world.admin.user)
    assert event.target == f"tenant:{world.acme.pk}"
    assert event.details == {"section": "levels", "fields": ["expert_name", "expert_threshold"]}


def test_a_levels_change_that_crashes_keeps_the_levels(world):
    with crash_after_audit(), pytest.raises(AuditCrash):
        levels(world, Actor.member(world.admin))
    assert not LevelSettings.objects.exists()
    assert not AuditEvent.objects.exists()


def test_thresholds_refused_record_nothing(world):
    with pytest.raises(LevelSettingsError):
        levels(world, Actor.member(world.admin), expert_threshold=10)
    assert not AuditEvent.objects.exists()
