"""The member services record their audit events themselves, in their own transaction:
called with no request (a task, the API), the event is there; a crash loses both."""

import pytest

from coopt.accounts.importing import ImportFileError, members_import
from coopt.accounts.models import Membership
from coopt.accounts.services import (
    MembershipChangeRefused,
    membership_deactivate,
    membership_reactivate,
    membership_set_roles,
)
from coopt.audit.actors import Actor
from coopt.audit.models import AuditEvent

from ..audit.helpers import AuditCrash, crash_after_audit, only_event

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action
CSV = (
    b"first_name;last_name;email;department;location\n"
    b"Ada;Lovelace;ada@acme.test;R&D;Paris\n"
    b"Bad;Mail;bad-mail;R&D;Paris\n"
)


def test_an_import_records_its_counts(world):
    members_import(tenant=world.acme, data=CSV, actor=Actor.system("hr_sync"))
    event = only_event(Action.IMPORT)
    assert event.tenant == world.acme
    assert event.actor is None
    assert event.target == f"tenant:{world.acme.pk}"
    assert event.details == {
        "what": "members",
        "created": 1,
        "updated": 0,
        "rejected": 1,
        "invited": 0,
        "deactivated": 0,
        "by": "system:hr_sync",
    }


def test_an_import_that_crashes_creates_no_member_and_no_event(world):
    with crash_after_audit(), pytest.raises(AuditCrash):
        members_import(tenant=world.acme, data=CSV, actor=Actor.member(world.admin))
    assert not Membership.objects.filter(user__email="ada@acme.test").exists()
    assert not AuditEvent.objects.exists()


def test_a_refused_file_records_nothing(world):
    with pytest.raises(ImportFileError):
        members_import(tenant=world.acme, data=b"\xff\xfe not utf-8", actor=Actor.system())
    assert not AuditEvent.objects.exists()


def test_a_deactivation_records_the_member_who_did_it(world):
    membership_deactivate(membership=world.member, actor=Actor.member(world.admin))
    event = only_event(Action.MEMBER_DEACTIVATED)
    assert (event.tenant, event.actor) == (world.acme, world.admin.user)
    assert event.target == f"membership:{world.member.pk}"


def test_a_deactivation_that_crashes_leaves_the_member_active_and_no_event(world):
    with crash_after_audit(), pytest.raises(AuditCrash):
        membership_deactivate(membership=world.member, actor=Actor.member(world.admin))
    world.member.refresh_from_db()
    assert world.member.is_active
    assert not AuditEvent.objects.exists()


def test_a_refused_self_deactivation_records_nothing(world):
    with pytest.raises(MembershipChangeRefused):
        membership_deactivate(membership=world.admin, actor=Actor.member(world.admin))
    assert not AuditEvent.objects.exists()


def test_a_reactivation_is_recorded(world):
    membership_deactivate(membership=world.member, actor=Actor.system())
    membership_reactivate(membership=world.member, actor=Actor.member(world.admin))
    event = only_event(Action.MEMBER_REACTIVATED)
    assert (event.tenant, event.actor) == (world.acme, world.admin.user)
    assert event.target == f"membership:{world.member.pk}"


def test_a_reactivation_that_crashes_leaves_the_member_out(world):
    membership_deactivate(membership=world.member, actor=Actor.system())
    with crash_after_audit(), pytest.raises(AuditCrash):
        membership_reactivate(membership=world.member, actor=Actor.member(world.admin))
    world.member.refresh_from_db()
    assert not world.member.is_active
    assert not AuditEvent.objects.filter(action=Action.MEMBER_REACTIVATED).exists()


def set_roles(membership: Membership, actor: Actor, **roles: bool) -> Membership:
    values = {"is_expert": False, "is_recruiter": False, "is_admin": False, **roles}
    return membership_set_roles(membership=membership, actor=actor, **values)


def test_a_role_change_is_recorded_with_before_and_after(world):
    set_roles(world.member, Actor.member(world.admin), is_recruiter=True, is_expert=True)
    event = only_event(Action.ROLE_CHANGED)
    assert (event.tenant, event.actor) == (world.acme, world.admin.user)
    assert event.target == f"membership:{world.member.pk}"
    assert event.details == {"from": [], "to": ["expert", "recruiter"]}


def test_the_same_roles_saved_again_record_nothing(world):
    set_roles(world.recruiter, Actor.member(world.admin), is_recruiter=True)
    assert not AuditEvent.objects.exists()


def test_a_role_change_that_crashes_keeps_the_roles_as_they_were(world):
    with crash_after_audit(), pytest.raises(AuditCrash):
        set_roles(world.member, Actor.member(world.admin), is_admin=True)
    world.member.refresh_from_db()
    assert not world.member.is_admin
    assert not AuditEvent.objects.exists()


def test_an_admin_may_not_drop_their_own_admin_role_and_nothing_is_recorded(world):
    with pytest.raises(MembershipChangeRefused):
        set_roles(world.admin, Actor.member(world.admin))
    assert not AuditEvent.objects.exists()


def test_the_system_may_change_an_admins_roles(world):
    set_roles(world.admin, Actor.system("support"))
    assert only_event(Action.ROLE_CHANGED).details["by"] == "system:support"
