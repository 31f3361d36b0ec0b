"""The privacy services record their audit events themselves, in their own transaction:
retention periods, the hired export, the audit log's export, a person's download and
erasure."""

import pytest
from django.core.exceptions import ValidationError

from coopt.audit.actors import Actor
from coopt.audit.models import AuditEvent
from coopt.privacy.audit_log import AuditFilters, audit_log_export
from coopt.privacy.models import SubjectRequest
from coopt.privacy.requests import person_erase, person_export_record
from coopt.privacy.retention import hired_candidates_export
from coopt.referrals.models import Referral, RetentionPolicy, Status
from coopt.referrals.retention import retention_policy_for, retention_policy_update

from ..audit.helpers import AuditCrash, crash_after_audit, only_event
from .purge_helpers import closed
from .requests_helpers import JANE_KEY, refer_jane

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action
PERIODS = {
    "unconfirmed_days": 14,
    "not_retained_months": 6,
    "talent_pool_months": 12,
    "hired_months": 60,
}


def test_new_retention_periods_are_recorded_with_their_values(world):
    policy = retention_policy_update(tenant=world.acme, **PERIODS, actor=Actor.member(world.admin))
    event = only_event(Action.SETTINGS_CHANGED)
    assert (event.tenant, event.actor) == (world.acme, world.admin.user)
    assert event.target == f"retention_policy:{policy.pk}"
    assert event.details == PERIODS


def test_retention_periods_that_crash_are_not_saved(world):
    retention_policy_for(tenant=world.acme)
    with crash_after_audit(), pytest.raises(AuditCrash):
        retention_policy_update(tenant=world.acme, **PERIODS, actor=Actor.member(world.admin))
    assert RetentionPolicy.objects.get(tenant=world.acme).unconfirmed_days == 30
    assert not AuditEvent.objects.exists()


def test_retention_periods_out_of_bounds_record_nothing(world):
    with pytest.raises(ValidationError):
        retention_policy_update(
            tenant=world.acme, **{**PERIODS, "unconfirmed_days": 3}, actor=Actor.system()
        )
    assert not AuditEvent.objects.exists()


def test_the_hired_export_is_recorded_with_its_rows(world):
    closed(world.member, world.job, Status.HIRED, world.recruiter)
    referrals = hired_candidates_export(tenant=world.acme, actor=Actor.member(world.admin))
    assert len(referrals) == 1
    event = only_event(Action.EXPORT)
    assert (event.tenant, event.actor) == (world.acme, world.admin.user)
    assert event.target == f"tenant:{world.acme.pk}"
    assert event.details == {"what": "hired_candidates", "rows": 1}


def test_a_hired_export_that_crashes_leaves_no_event(world):
    with crash_after_audit(), pytest.raises(AuditCrash):
        hired_candidates_export(tenant=world.acme, actor=Actor.member(world.admin))
    assert not AuditEvent.objects.exists()


def test_the_audit_log_export_records_itself_and_lists_what_came_before(world):
    earlier = AuditEvent.objects.create(tenant=world.acme, action=Action.SIGNED_IN)
    events = audit_log_export(
        tenant=world.acme, filters=AuditFilters(actor="someone@"), actor=Actor.member(world.admin)
    )
    recorded = only_event(Action.EXPORT)
    assert (recorded.tenant, recorded.actor) == (world.acme, world.admin.user)
    assert recorded.details["what"] == "audit_log"
    assert recorded.details["filters"]["actor_search"] is True
    assert "someone" not in str(recorded.details)
    assert recorded not in events
    assert (
        list(audit_log_export(tenant=world.acme, filters=AuditFilters(), actor=Actor.system()))[-1]
        == earlier
    )


def test_an_audit_log_export_that_crashes_leaves_no_event(world):
    with crash_after_audit(), pytest.raises(AuditCrash):
        audit_log_export(tenant=world.acme, filters=AuditFilters(), actor=Actor.system())
    assert not AuditEvent.objects.exists()


def test_a_persons_download_is_recorded_against_the_person_not_an_account(world):
    refer_jane(world)
    person = Actor.visitor(tenant_id=world.acme.pk)
    recorded = person_export_record(tenant=world.acme, key=JANE_KEY, actor=person)
    event = only_event(Action.DATA_EXPORTED)
    assert (event.tenant, event.actor, event.ip_address) == (world.acme, None, None)
    assert event.target == f"subjectrequest:{recorded.pk}"
    assert event.details == {"by": "visitor"}


def test_a_download_that_crashes_records_no_request(world):
    refer_jane(world)
    with crash_after_audit(), pytest.raises(AuditCrash):
        person_export_record(tenant=world.acme, key=JANE_KEY, actor=Actor.system())
    assert not SubjectRequest.objects.exists()
    assert not AuditEvent.objects.exists()


def test_an_erasure_is_recorded(world):
    jane = refer_jane(world)
    recorded = person_erase(tenant=world.acme, key=JANE_KEY, actor=Actor.system("erasure"))
    event = only_event(Action.DATA_ERASED)
    assert event.tenant == world.acme
    assert event.target == f"subjectrequest:{recorded.pk}"
    # Processing given, talent pool refused (confirmed without the box), both forgotten.
    assert event.details == {"referrals": [jane.pk], "consents": 2, "by": "system:erasure"}


def test_an_erasure_that_crashes_erases_nothing(world):
    jane = refer_jane(world)
    with crash_after_audit(), pytest.raises(AuditCrash):
        person_erase(tenant=world.acme, key=JANE_KEY, actor=Actor.system())
    jane = Referral.objects.get(pk=jane.pk)
    assert jane.first_name == "Jane"
    assert jane.personal_data_deleted_at is None
    assert not AuditEvent.objects.exists()
