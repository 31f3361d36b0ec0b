"""``audit_record`` writes one event in the caller's transaction; ``audit_target`` names
what it was about."""

import pytest
from django.db import transaction

from coopt.audit.actors import Actor
from coopt.audit.models import AuditEvent
from coopt.audit.services import audit_record, audit_target

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action
IP = "203.0.113.7"


def test_a_member_is_the_events_actor_on_their_tenant_from_their_address(world):
    event = audit_record(
        actor=Actor.member(world.admin, ip_address=IP),
        action=Action.EXPORT,
        target=audit_target(world.acme),
        details={"rows": 3},
    )
    event.refresh_from_db()
    assert (event.tenant, event.actor, event.ip_address) == (world.acme, world.admin.user, IP)
    assert event.target == f"tenant:{world.acme.pk}"
    assert event.details == {"rows": 3}


def test_the_system_is_named_in_the_details_on_the_tenant_given(world):
    event = audit_record(
        actor=Actor.system("purge"),
        tenant_id=world.globex.pk,
        action=Action.DATA_ERASED,
        details={"referrals": [1]},
    )
    event.refresh_from_db()
    assert event.tenant == world.globex
    assert event.actor is None
    assert event.ip_address is None
    assert event.details == {"referrals": [1], "by": "system:purge"}


def test_an_api_token_is_named_by_its_number(world):
    event = audit_record(
        actor=Actor.api_token(token_id=12, tenant_id=world.acme.pk),
        action=Action.CANDIDATE_VIEWED,
        target="referral:1",
    )
    assert event.tenant_id == world.acme.pk
    assert event.actor_id is None
    assert event.details == {"by": "api_token:12"}


def test_an_event_is_rolled_back_with_the_callers_transaction(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=Actor.member(world.admin), action=Action.EXPORT)
        raise RuntimeError
    assert not AuditEvent.objects.exists()


def test_a_long_target_is_cut_to_the_column(world):
    event = audit_record(actor=Actor.system(), action=Action.EXPORT, target="x" * 80)
    assert event.target == "x" * 64


def test_a_target_is_kind_and_number(world):
    assert audit_target(world.member) == f"membership:{world.member.pk}"
    assert audit_target(world.member, "member") == f"member:{world.member.pk}"
    assert audit_target(None) == ""
