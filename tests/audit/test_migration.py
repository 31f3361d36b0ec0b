"""The audit log moved from the privacy app to its own without its table moving: the events
recorded before the move are read through the new model after it."""

import pytest
from django.db import connection
from django.db.migrations import SeparateDatabaseAndState
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from coopt.audit.models import AuditEvent

THE_MOVE = [("audit", "0001_initial"), ("privacy", "0002_auditevent_moved_to_audit")]
BEFORE_THE_MOVE = [("audit", None), ("privacy", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_the_events_recorded_before_the_move_are_kept(world):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    state = executor.loader.project_state([("privacy", "0001_initial")])
    old = state.apps.get_model("privacy", "AuditEvent")
    recorded = old.objects.create(
        tenant_id=world.acme.pk,
        actor_id=world.admin.user_id,
        action="role_changed",
        target=f"membership:{world.member.pk}",
        ip_address="203.0.113.7",
        details={"from": [], "to": ["recruiter"]},
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # back to where every test stands

    event = AuditEvent.objects.get(pk=recorded.pk)
    assert (event.tenant, event.actor) == (world.acme, world.admin.user)
    assert event.action == AuditEvent.Action.ROLE_CHANGED
    assert event.target == f"membership:{world.member.pk}"
    assert event.ip_address == "203.0.113.7"
    assert event.details == {"from": [], "to": ["recruiter"]}
    assert event.created_at == recorded.created_at


def test_the_move_touches_no_table():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key in THE_MOVE:
        (operation,) = loader.get_migration(*key).operations
        assert isinstance(operation, SeparateDatabaseAndState), key
        assert operation.database_operations == [], key
