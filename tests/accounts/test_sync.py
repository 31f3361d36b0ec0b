"""Member sync (M1, X5): one person created, updated or deactivated by their keys."""

import pytest

from coopt.accounts.models import Membership, User
from coopt.accounts.services import MembershipChangeRefused, membership_deactivate
from coopt.accounts.sync import (
    MemberNotFound,
    MemberSyncConflict,
    MemberSyncError,
    member_deactivate_by_key,
    member_upsert,
)
from coopt.audit.actors import Actor
from coopt.audit.models import AuditEvent
from coopt.notifications.models import OutboundEmail

from .. import factories as f
from ..audit.helpers import AuditCrash, crash_after_audit

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action
HR = Actor.system("hr_sync")


def upsert(world, **kwargs: object) -> tuple[Membership, bool]:
    values: dict[str, object] = {
        "tenant": world.acme,
        "email": "ada@acme.test",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "actor": HR,
    }
    values.update(kwargs)
    return member_upsert(**values)  # type: ignore[arg-type]


def test_it_creates_and_invites_a_new_member(world):
    membership, created = upsert(
        world,
        email=" ADA@Acme.test ",
        external_id="HR-1",
        department="R&D",
        location="Paris",
        manager_email="member@acme.test",
        employee_id="E1",
    )
    assert created
    assert membership.tenant == world.acme
    assert membership.user.email == "ada@acme.test"
    assert membership.user.get_full_name() == "Ada Lovelace"
    assert membership.external_id == "HR-1"
    assert membership.department is not None and membership.department.name == "R&D"
    assert membership.location is not None and membership.location.name == "Paris"
    assert membership.manager == world.member
    assert membership.employee_id == "E1"
    assert not membership.is_staff_role
    assert membership.invited_at is not None
    assert OutboundEmail.objects.filter(to_email="ada@acme.test").count() == 1
    event = AuditEvent.objects.get(action=Action.IMPORT)
    assert event.target == f"membership:{membership.pk}"
    assert event.details == {"what": "members", "created": 1, "invited": 1, "by": "system:hr_sync"}


def test_it_can_create_without_an_invitation(world):
    membership, created = upsert(world, invite=False)
    assert created and membership.invited_at is None
    assert not OutboundEmail.objects.exists()


def test_it_finds_a_member_by_external_id_first_and_follows_a_new_email(world):
    first, _created = upsert(world, external_id="HR-1", invite=False)
    again, created = upsert(world, external_id="HR-1", email="ada.king@acme.test", invite=False)
    assert not created
    assert again.pk == first.pk
    assert User.objects.get(pk=first.user_id).email == "ada.king@acme.test"


def test_it_finds_a_member_by_email_and_gives_them_the_external_id(world):
    membership, created = upsert(world, email="MEMBER@acme.test", external_id="HR-7")
    assert not created
    assert membership.pk == world.member.pk
    world.member.refresh_from_db()
    assert world.member.external_id == "HR-7"
    assert world.member.user.get_full_name() == "Ada Lovelace"
    assert not OutboundEmail.objects.exists()
    event = AuditEvent.objects.get(action=Action.IMPORT)
    assert event.details == {"what": "members", "updated": 1, "by": "system:hr_sync"}


def test_none_leaves_a_value_and_blank_clears_it(world):
    membership, _created = upsert(world, department="R&D", employee_id="E1", invite=False)
    upsert(world, invite=False)
    membership.refresh_from_db()
    assert membership.department is not None and membership.employee_id == "E1"
    upsert(world, department="", employee_id="", invite=False)
    membership.refresh_from_db()
    assert membership.department is None and membership.employee_id == ""


def test_an_unchanged_member_records_nothing(world):
    upsert(world, external_id="HR-1", department="R&D", invite=False)
    AuditEvent.objects.all().delete()
    membership, created = upsert(world, external_id="HR-1", department="r&d", invite=False)
    assert not created
    assert not AuditEvent.objects.exists()


def test_keys_that_designate_two_people_are_a_conflict(world):
    upsert(world, external_id="HR-1", invite=False)
    with pytest.raises(MemberSyncConflict):
        upsert(world, external_id="HR-1", email="member@acme.test")
    world.member.external_id = "HR-2"
    world.member.save()
    with pytest.raises(MemberSyncConflict):
        upsert(world, external_id="HR-3", email="member@acme.test")


def test_an_email_that_is_someone_elses_is_not_taken(world):
    upsert(world, external_id="HR-1", invite=False)
    with pytest.raises(MemberSyncConflict):
        # globex's member has an account but no membership in acme
        upsert(world, external_id="HR-1", email="member@globex.test")
    assert Membership.objects.get(external_id="HR-1").user.email == "ada@acme.test"


def test_a_person_of_two_companies_keeps_their_account(world):
    membership, created = upsert(world, email="member@globex.test", first_name="New")
    assert created
    assert membership.user == world.outsider_member.user
    assert membership.user.first_name != "New"
    _same, created = upsert(world, email="member@globex.test", first_name="Newer")
    world.outsider_member.user.refresh_from_db()
    assert world.outsider_member.user.first_name not in ("New", "Newer")


def test_external_ids_are_per_tenant(world):
    upsert(world, external_id="HR-1", invite=False)
    other, created = upsert(
        world, tenant=world.globex, email="someone@globex.test", external_id="HR-1", invite=False
    )
    assert created and other.tenant == world.globex


def test_bad_values_change_nothing(world):
    before = Membership.objects.count()
    with pytest.raises(MemberSyncError):
        upsert(world, email="not-an-address")
    with pytest.raises(MemberSyncError):
        upsert(world, manager_email="nobody@acme.test")
    with pytest.raises(MemberSyncError):
        upsert(world, external_id="x" * 200)
    with pytest.raises(MemberSyncError):
        upsert(world, email="member@acme.test", manager_email="member@acme.test")
    assert Membership.objects.count() == before
    assert not AuditEvent.objects.exists()


def test_a_deactivated_member_is_updated_but_stays_deactivated(world):
    membership_deactivate(membership=world.member, actor=HR)
    membership, created = upsert(world, email="member@acme.test", department="Sales")
    assert not created
    membership.refresh_from_db()
    assert not membership.is_active
    assert membership.department is not None and membership.department.name == "Sales"
    assert not AuditEvent.objects.filter(action=Action.MEMBER_REACTIVATED).exists()


def test_a_crash_after_the_audit_event_loses_the_creation(world):
    with crash_after_audit(), pytest.raises(AuditCrash):
        upsert(world, invite=False)
    assert not Membership.objects.filter(user__email="ada@acme.test").exists()


def test_it_deactivates_by_external_id_or_email(world):
    world.member.external_id = "HR-9"
    world.member.save()
    deactivated = member_deactivate_by_key(tenant=world.acme, external_id="HR-9", actor=HR)
    assert deactivated.pk == world.member.pk and not deactivated.is_active
    assert AuditEvent.objects.get(action=Action.MEMBER_DEACTIVATED).target == (
        f"membership:{world.member.pk}"
    )
    expert = member_deactivate_by_key(tenant=world.acme, email=" EXPERT@acme.test", actor=HR)
    assert not expert.is_active


def test_deactivating_twice_records_once(world):
    member_deactivate_by_key(tenant=world.acme, email="member@acme.test", actor=HR)
    member_deactivate_by_key(tenant=world.acme, email="member@acme.test", actor=HR)
    assert AuditEvent.objects.filter(action=Action.MEMBER_DEACTIVATED).count() == 1


def test_deactivating_by_key_stays_in_the_tenant(world):
    with pytest.raises(MemberNotFound):
        member_deactivate_by_key(tenant=world.acme, email="member@globex.test", actor=HR)
    world.outsider_member.refresh_from_db()
    assert world.outsider_member.is_active


def test_deactivating_needs_exactly_one_key(world):
    with pytest.raises(ValueError):
        member_deactivate_by_key(tenant=world.acme, actor=HR)
    with pytest.raises(ValueError):
        member_deactivate_by_key(
            tenant=world.acme, email="member@acme.test", external_id="HR-1", actor=HR
        )


def test_an_admin_cannot_deactivate_themself_by_key(world):
    with pytest.raises(MembershipChangeRefused):
        member_deactivate_by_key(
            tenant=world.acme, email="admin@acme.test", actor=Actor.member(world.admin)
        )
    world.admin.refresh_from_db()
    assert world.admin.is_active


def test_the_factory_member_has_no_external_id(world):
    assert f.make_member(world.acme).external_id == ""
