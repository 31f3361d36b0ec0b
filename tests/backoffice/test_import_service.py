"""The CSV import service (M1): what each line becomes, and files that change nothing."""

from collections.abc import Iterator

import pytest
from django.utils import translation

from coopt.accounts.importing import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    ImportFileError,
    ImportReport,
    members_import,
)
from coopt.accounts.models import Department, Membership
from coopt.audit.actors import Actor
from coopt.notifications.models import OutboundEmail
from coopt.taxonomy.models import Tag

from .. import factories as f


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The messages are read in English, whichever language an earlier test left active."""
    with translation.override("en"):
        yield


HEADER = "first_name,last_name,email,department,location,manager,employee_id\n"


def csv_bytes(*lines: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return (header + "".join(line + "\n" for line in lines)).encode(encoding)


def outcomes(report: ImportReport) -> list[tuple[int, str]]:
    return [(row.line, row.outcome) for row in report.rows]


def test_it_creates_members_with_departments_locations_and_managers(world):
    data = csv_bytes(
        "Ada,Lovelace,ada@acme.test,R&D,Paris,,E1",
        "Alan,Turing,ALAN@acme.test,R&D,Lyon,ada@acme.test,E2",
        "Grace,Hopper,grace@acme.test,Sales,Lyon,member@acme.test,",
    )
    report = members_import(tenant=world.acme, data=data, actor=Actor.system())
    assert (report.created, report.updated, report.rejected) == (3, 0, 0)
    alan = Membership.objects.get(tenant=world.acme, user__email="alan@acme.test")
    ada = Membership.objects.get(tenant=world.acme, user__email="ada@acme.test")
    grace = Membership.objects.get(tenant=world.acme, user__email="grace@acme.test")
    assert alan.manager == ada
    assert grace.manager == world.member
    assert alan.department is not None and alan.location is not None
    assert alan.department.name == "R&D" and alan.department.tenant == world.acme
    assert alan.location.name == "Lyon" and alan.location.kind == Tag.Kind.LOCATION
    assert alan.location == grace.location == Tag.objects.get(tenant=world.acme, name="Lyon")
    assert alan.employee_id == "E2"
    assert alan.user.get_full_name() == "Alan Turing"
    assert not alan.user.has_usable_password()
    assert not alan.is_staff_role
    assert alan.invited_at is None
    assert not OutboundEmail.objects.exists()


def test_departments_and_locations_are_created_per_tenant(world):
    f.make_department(world.globex, "Sales")
    members_import(
        tenant=world.acme,
        data=csv_bytes("Ada,Lovelace,ada@acme.test,sales,Lille,,"),
        actor=Actor.system(),
    )
    members_import(
        tenant=world.acme,
        data=csv_bytes("Bob,Marley,bob@acme.test,Sales,lille,,"),
        actor=Actor.system(),
    )
    assert Department.objects.filter(tenant=world.acme).count() == 1
    assert Department.objects.filter(tenant=world.globex).count() == 1
    assert Tag.objects.filter(tenant=world.acme, name__iexact="lille").count() == 1
    assert not Tag.objects.filter(tenant=world.globex, name__iexact="lille").exists()


def test_it_reports_each_rejected_line_with_its_reason(world):
    data = csv_bytes(
        "Ada,Lovelace,ada@acme.test,R&D,Paris,,",
        "Bad,Email,not-an-email,R&D,Paris,,",
        "Ada,Again,ADA@acme.test,R&D,Paris,,",
        ",Nofirst,nofirst@acme.test,R&D,Paris,,",
        "Orphan,Line,orphan@acme.test,R&D,Paris,nobody@acme.test,",
        "Self,Managed,self@acme.test,R&D,Paris,self@acme.test,",
        "Bad,Manager,badmanager@acme.test,R&D,Paris,not a mail,",
    )
    report = members_import(tenant=world.acme, data=data, actor=Actor.system())
    reasons = {row.line: " ".join(row.reasons) for row in report.rows}
    assert outcomes(report) == [
        (2, "created"),
        (3, "rejected"),
        (4, "rejected"),
        (5, "rejected"),
        (6, "rejected"),
        (7, "rejected"),
        (8, "rejected"),
    ]
    assert "Invalid e-mail address: not-an-email." in reasons[3]
    assert "Duplicate e-mail: ada@acme.test is already on line 2." in reasons[4]
    assert "Missing value: first name." in reasons[5]
    assert "Unknown manager: nobody@acme.test" in reasons[6]
    assert "cannot be their own manager" in reasons[7]
    assert "Invalid manager e-mail address" in reasons[8]
    assert Membership.objects.filter(tenant=world.acme, user__email="ada@acme.test").exists()
    assert not Membership.objects.filter(user__email="orphan@acme.test").exists()


def test_a_rejected_manager_rejects_the_lines_they_manage(world):
    data = csv_bytes(
        "Boss,,boss@acme.test,R&D,Paris,,",  # no last name: rejected
        "Report,One,report@acme.test,R&D,Paris,boss@acme.test,",
    )
    report = members_import(tenant=world.acme, data=data, actor=Actor.system())
    assert outcomes(report) == [(2, "rejected"), (3, "rejected")]
    assert "Unknown manager: boss@acme.test" in report.rows[1].reasons[0]


def test_another_tenants_member_is_not_a_known_manager(world):
    data = csv_bytes("Ada,Lovelace,ada@acme.test,R&D,Paris,member@globex.test,")
    report = members_import(tenant=world.acme, data=data, actor=Actor.system())
    assert report.rows[0].outcome == "rejected"
    assert "Unknown manager" in report.rows[0].reasons[0]


def test_a_line_may_name_a_manager_listed_further_down(world):
    data = csv_bytes(
        "Alan,Turing,alan@acme.test,R&D,Lyon,ada@acme.test,",
        "Ada,Lovelace,ada@acme.test,R&D,Paris,,",
    )
    report = members_import(tenant=world.acme, data=data, actor=Actor.system())
    assert report.created == 2
    alan = Membership.objects.get(user__email="alan@acme.test")
    assert alan.manager is not None
    assert alan.manager.user.email == "ada@acme.test"


def test_it_updates_existing_members_without_touching_roles_or_blanks(world):
    world.recruiter.employee_id = "OLD"
    world.recruiter.save()
    data = csv_bytes(f"Rita,Recruiter,{world.recruiter.user.email},Talent,,,")
    report = members_import(tenant=world.acme, data=data, actor=Actor.system())
    assert (report.created, report.updated) == (0, 1)
    world.recruiter.refresh_from_db()
    assert world.recruiter.is_recruiter
    assert world.recruiter.department.name == "Talent"
    assert world.recruiter.employee_id == "OLD"
    assert world.recruiter.user.get_full_name() == "Rita Recruiter"
    assert Membership.objects.filter(user=world.recruiter.user).count() == 1


def test_an_update_does_not_rename_a_person_shared_with_another_tenant(world):
    shared = f.make_member(world.globex, email="shared@example.com")
    Membership.objects.create(tenant=world.acme, user=shared.user)
    original = shared.user.get_full_name()
    members_import(
        tenant=world.acme, data=csv_bytes("New,Name,shared@example.com,,,,"), actor=Actor.system()
    )
    shared.user.refresh_from_db()
    assert shared.user.get_full_name() == original


def test_an_imported_leaver_stays_deactivated(world):
    from coopt.accounts.services import membership_deactivate

    membership_deactivate(membership=world.member, actor=Actor.system())
    report = members_import(
        tenant=world.acme,
        data=csv_bytes(f"Mem,Ber,{world.member.user.email},Ops,,,"),
        actor=Actor.system(),
    )
    world.member.refresh_from_db()
    assert report.rows[0].outcome == "updated"
    assert "Inactive member" in report.rows[0].note
    assert not world.member.is_active


def test_a_person_from_another_tenant_gets_a_membership_here(world):
    report = members_import(
        tenant=world.acme,
        data=csv_bytes("Out,Sider,member@globex.test,Ops,Paris,,"),
        actor=Actor.system(),
    )
    assert report.created == 1
    assert Membership.objects.filter(user=world.outsider_member.user).count() == 2


def test_utf8_with_bom_and_semicolons_is_read(world):
    header = "\ufefffirst_name;last_name;email;department;location\n"
    data = csv_bytes("Zoé;Dupré;zoe@acme.test;Ingénierie;Orléans", header=header)
    assert data.startswith(b"\xef\xbb\xbf")
    report = members_import(tenant=world.acme, data=data, actor=Actor.system())
    assert report.created == 1
    zoe = Membership.objects.get(user__email="zoe@acme.test")
    assert zoe.user.first_name == "Zoé"
    assert zoe.department is not None and zoe.location is not None
    assert zoe.department.name == "Ingénierie"
    assert zoe.location.name == "Orléans"


def test_columns_may_come_in_any_order_and_case_with_quoted_values(world):
    header = "Email,Last Name,First Name,Location,Department\n"
    data = csv_bytes('ada@acme.test,"Lovelace, Countess",Ada,Paris,"R&D; labs"', header=header)
    report = members_import(tenant=world.acme, data=data, actor=Actor.system())
    assert report.created == 1
    ada = Membership.objects.get(user__email="ada@acme.test")
    assert ada.user.last_name == "Lovelace, Countess"
    assert ada.department is not None
    assert ada.department.name == "R&D; labs"


def test_blank_lines_are_skipped_and_line_numbers_match_the_file(world):
    data = csv_bytes("", "Ada,Lovelace,ada@acme.test,R&D,Paris,,", ",,,,,,", "x,y,bad,,,,")
    report = members_import(tenant=world.acme, data=data, actor=Actor.system())
    assert outcomes(report) == [(3, "created"), (5, "rejected")]


def test_send_invitations_emails_only_new_members(world, django_capture_on_commit_callbacks):
    data = csv_bytes(
        "Ada,Lovelace,ada@acme.test,R&D,Paris,,",
        f"Mem,Ber,{world.member.user.email},R&D,Paris,,",
        "Bad,Line,oops,R&D,Paris,,",
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = members_import(
            tenant=world.acme, data=data, send_invitations=True, actor=Actor.system()
        )
    assert report.invited == 1
    emails = OutboundEmail.objects.filter(template="invitation")
    assert [e.to_email for e in emails] == ["ada@acme.test"]
    assert "/invitation/" in emails[0].body_text
    assert Membership.objects.get(user__email="ada@acme.test").invited_at is not None


BAD_FILES = {
    "empty": b"",
    "blank": b"   \n\n",
    "header only": HEADER.encode(),
    "not utf-8": "first_name,last_name,email,department,location\nZoé,D,z@a.test,,\n".encode(
        "latin-1"
    ),
    "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
    "missing column": b"first_name,last_name,email,department\nAda,L,ada@acme.test,R&D\n",
    "not csv": b'first_name,last_name,email,department,location\n"Ada"x,L,ada@acme.test,R,P\n',
    "json": b'{"members": [{"email": "ada@acme.test"}]}',
}


@pytest.mark.parametrize("content", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_changes_nothing_and_says_why(world, content):
    before = Membership.objects.count(), Department.objects.count(), Tag.objects.count()
    with pytest.raises(ImportFileError) as error:
        members_import(tenant=world.acme, data=content, send_invitations=True, actor=Actor.system())
    assert error.value.message
    assert (Membership.objects.count(), Department.objects.count(), Tag.objects.count()) == before
    assert not OutboundEmail.objects.exists()


def test_the_bad_file_messages_name_the_problem(world):
    def message(content: bytes) -> str:
        with pytest.raises(ImportFileError) as error:
            members_import(tenant=world.acme, data=content, actor=Actor.system())
        return error.value.message

    assert "empty" in message(b"")
    assert "UTF-8" in message(BAD_FILES["not utf-8"])
    assert "location" in message(BAD_FILES["missing column"])
    assert "not a valid CSV" in message(BAD_FILES["not csv"])
    assert "no member lines" in message(BAD_FILES["header only"])


def test_a_file_over_5_mb_is_refused(world):
    line = "Ada,Lovelace,ada@acme.test,R&D,Paris,,\n"
    content = (HEADER + line * (MAX_FILE_BYTES // len(line) + 1)).encode()
    with pytest.raises(ImportFileError) as error:
        members_import(tenant=world.acme, data=content, actor=Actor.system())
    assert "5 MB" in error.value.message


def test_a_file_over_20000_lines_is_refused(world):
    before = Membership.objects.count()
    content = csv_bytes(*(f"A,B,p{i}@acme.test,,,," for i in range(MAX_ROWS + 1)))
    assert len(content) < MAX_FILE_BYTES
    with pytest.raises(ImportFileError) as error:
        members_import(tenant=world.acme, data=content, actor=Actor.system())
    assert "20,000" in error.value.message
    assert Membership.objects.count() == before


def test_the_import_is_all_or_nothing_when_writing_fails(world, monkeypatch):
    from coopt.accounts.importing import writing

    def failing(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(writing, "_assign_managers", failing)
    before = Membership.objects.count()
    with pytest.raises(RuntimeError):
        members_import(
            tenant=world.acme,
            data=csv_bytes("A,One,a1@acme.test,New dept,,,", "A,Two,a2@acme.test,,,,"),
            actor=Actor.system(),
        )
    assert Membership.objects.count() == before
    assert not Department.objects.filter(name="New dept").exists()
