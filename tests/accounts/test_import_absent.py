"""The CSV import's external ids and its deactivation of members absent from the file (M1):
the plan changes nothing, the import applies the plan, staff are never deactivated."""

from collections.abc import Iterator

import pytest
from django.utils import translation

from coopt.accounts.importing import (
    CREATED,
    REJECTED,
    UPDATED,
    ImportPlanChanged,
    members_import,
    members_import_plan,
)
from coopt.accounts.models import Membership
from coopt.accounts.services import member_create, membership_deactivate
from coopt.audit.actors import Actor
from coopt.audit.models import AuditEvent

from .. import factories as f

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action
HEADER = "first_name,last_name,email,department,location,external_id\n"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def csv_bytes(*lines: str) -> bytes:
    return (HEADER + "".join(line + "\n" for line in lines)).encode()


def active(membership: Membership) -> bool:
    membership.refresh_from_db()
    return membership.is_active


def test_a_new_member_keeps_their_external_id(world):
    report = members_import(
        tenant=world.acme, data=csv_bytes("Ada,Lovelace,ada@acme.test,,,HR-1"), actor=Actor.system()
    )
    assert report.created == 1
    assert Membership.objects.get(tenant=world.acme, external_id="HR-1").user.email == (
        "ada@acme.test"
    )


def test_an_external_id_finds_a_member_whose_email_changed(world):
    world.member.external_id = "HR-7"
    world.member.save()
    report = members_import(
        tenant=world.acme,
        data=csv_bytes("Mem,Ber,new.address@acme.test,,,HR-7"),
        actor=Actor.system(),
    )
    assert (report.created, report.updated) == (0, 1)
    world.member.refresh_from_db()
    assert world.member.user.email == "new.address@acme.test"


def test_keys_that_disagree_and_repeated_ids_are_rejected(world):
    world.member.external_id = "HR-7"
    world.member.save()
    report = members_import(
        tenant=world.acme,
        data=csv_bytes(
            "Ex,Pert,expert@acme.test,,,HR-7",  # HR-7 is member@, not expert@
            "Mem,Ber,member@acme.test,,,HR-8",  # member@ already has HR-7
            "Ada,Lovelace,ada@acme.test,,,HR-9",
            "Ada,Again,ada2@acme.test,,,HR-9",
            "Taken,Address,member@globex.test,,,HR-7",
        ),
        actor=Actor.system(),
    )
    outcomes = [(row.line, row.outcome) for row in report.rows]
    assert outcomes == [(2, REJECTED), (3, REJECTED), (4, CREATED), (5, REJECTED), (6, REJECTED)]
    assert "belongs to one member" in report.rows[0].reasons[0]
    assert "already has another external id" in report.rows[1].reasons[0]
    assert "Duplicate external id" in report.rows[3].reasons[0]
    world.member.refresh_from_db()
    assert world.member.external_id == "HR-7"
    assert world.member.user.email == "member@acme.test"


def test_the_plan_names_the_absent_members_and_changes_nothing(world):
    leaver = f.make_member(world.acme, email="leaver@acme.test")
    client_recruiter = f.make_member(world.acme, email="client@acme.test", is_recruiter=True)
    plan = members_import_plan(
        tenant=world.acme,
        data=csv_bytes("Mem,Ber,member@acme.test,,,", "Ada,Lovelace,ada@acme.test,,,"),
        deactivate_absent=True,
        keep_user_id=world.admin.user_id,
    )
    assert [row.outcome for row in plan.rows] == [UPDATED, CREATED]
    # Staff (admins, recruiters, whoever their company) and the importer stay; globex is
    # another company.
    assert {m.pk for m in plan.deactivations} == {world.expert.pk, leaver.pk}
    assert client_recruiter.pk not in {m.pk for m in plan.deactivations}
    assert active(leaver) and active(world.expert)
    assert not Membership.objects.filter(user__email="ada@acme.test").exists()
    assert not AuditEvent.objects.exists()


def test_the_import_deactivates_the_absent_members_and_records_it(world):
    leaver = f.make_member(world.acme, email="leaver@acme.test")
    report = members_import(
        tenant=world.acme,
        data=csv_bytes("Mem,Ber,member@acme.test,,,", "Ex,Pert,expert@acme.test,,,"),
        deactivate_absent=True,
        actor=Actor.member(world.admin),
    )
    assert [m.pk for m in report.deactivations] == [leaver.pk]
    assert not active(leaver)
    assert active(world.member) and active(world.admin) and active(world.recruiter)
    assert active(world.outsider_member) and active(world.outsider)
    deactivated = AuditEvent.objects.get(action=Action.MEMBER_DEACTIVATED)
    assert deactivated.target == f"membership:{leaver.pk}"
    assert deactivated.actor == world.admin.user
    assert AuditEvent.objects.get(action=Action.IMPORT).details["deactivated"] == 1


def test_a_member_whose_line_is_rejected_is_not_deactivated(world):
    report = members_import(
        tenant=world.acme,
        data=csv_bytes("Mem,Ber,member@acme.test,,,,too-many", "Ex,Pert,expert@acme.test,,,"),
        deactivate_absent=True,
        actor=Actor.system(),
    )
    assert report.rows[0].outcome == REJECTED
    assert report.deactivated == 0
    assert active(world.member)


def test_without_the_option_nobody_is_deactivated(world):
    report = members_import(
        tenant=world.acme, data=csv_bytes("Ada,Lovelace,ada@acme.test,,,"), actor=Actor.system()
    )
    assert report.deactivated == 0
    assert active(world.member) and active(world.expert)


def test_a_plan_is_applied_exactly_or_not_at_all(world):
    data = csv_bytes("Mem,Ber,member@acme.test,,,")
    plan = members_import_plan(
        tenant=world.acme, data=data, deactivate_absent=True, keep_user_id=world.admin.user_id
    )
    newcomer = member_create(tenant=world.acme, email="newcomer@acme.test")
    with pytest.raises(ImportPlanChanged):
        members_import(
            tenant=world.acme,
            data=data,
            deactivate_absent=True,
            expected_digest=plan.digest,
            actor=Actor.member(world.admin),
        )
    assert active(newcomer) and active(world.expert)
    assert not AuditEvent.objects.exists()


def test_the_same_file_against_the_same_members_has_the_same_plan(world):
    data = csv_bytes("Mem,Ber,member@acme.test,,,", "Ada,Lovelace,ada@acme.test,,,")

    def digest() -> str:
        return members_import_plan(
            tenant=world.acme, data=data, deactivate_absent=True, keep_user_id=world.admin.user_id
        ).digest

    first = digest()
    assert digest() == first
    membership_deactivate(membership=world.expert, actor=Actor.system())
    assert digest() != first
