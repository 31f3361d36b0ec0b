"""``manage.py import_members``: the page's import from a shell, with its report printed."""

from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from coopt.accounts.models import Membership
from coopt.audit.models import AuditEvent
from coopt.notifications.models import OutboundEmail

from .. import factories as f

pytestmark = pytest.mark.django_db

FILE = (
    "first_name,last_name,email,department,location,external_id\n"
    "Ada,Lovelace,ada@acme.test,R&D,Paris,HR-1\n"
    "Mem,Ber,member@acme.test,Ops,Lyon,\n"
    "Bad,Mail,bad-mail,R&D,Paris,\n"
)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def people(tmp_path: Path) -> Path:
    path = tmp_path / "people.csv"
    path.write_text(FILE, encoding="utf-8")
    return path


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_members", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def active(membership: Membership) -> bool:
    membership.refresh_from_db()
    return membership.is_active


def test_it_imports_and_prints_each_line(world, people):
    out = run("acme", str(people))
    assert "line 2: created ada@acme.test" in out
    assert "line 3: updated member@acme.test" in out
    assert "line 4: rejected bad-mail (Invalid e-mail address: bad-mail.)" in out
    assert "1 created, 1 updated, 1 rejected, 0 deactivated, 0 invited." in out
    ada = Membership.objects.get(tenant=world.acme, user__email="ada@acme.test")
    assert ada.external_id == "HR-1"
    assert not OutboundEmail.objects.exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT)
    assert event.details["by"] == "system:import_members"


def test_it_sends_invitations_when_asked(world, people):
    run("acme", str(people), "--send-invitations")
    assert list(OutboundEmail.objects.values_list("to_email", flat=True)) == ["ada@acme.test"]


def test_a_dry_run_changes_nothing(world, people):
    leaver = f.make_member(world.acme, email="leaver@acme.test")
    out = run("acme", str(people), "--deactivate-absent", "--dry-run")
    assert "line 2: created ada@acme.test" in out
    assert "deactivated leaver@acme.test (absent from the file)" in out
    assert "deactivated expert@acme.test (absent from the file)" in out
    assert "Dry run, nothing changed: would be 1 created, 1 updated, 1 rejected, 2 deactivated" in (
        out
    )
    assert active(leaver)
    assert not Membership.objects.filter(user__email="ada@acme.test").exists()
    assert not AuditEvent.objects.exists()


def test_it_deactivates_the_absent_members_but_staff(world, people):
    leaver = f.make_member(world.acme, email="leaver@acme.test")
    out = run("acme", str(people), "--deactivate-absent")
    assert "2 deactivated" in out
    assert not active(leaver) and not active(world.expert)
    assert active(world.admin) and active(world.recruiter) and active(world.member)
    assert active(world.outsider_member)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.MEMBER_DEACTIVATED).count() == 2


def test_a_bad_file_or_tenant_changes_nothing(world, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("first_name,last_name,email\nA,B,a@acme.test\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was imported. Required columns are missing"):
        run("acme", str(bad), "--deactivate-absent")
    with pytest.raises(CommandError, match="No tenant"):
        run("initech", str(bad))
    with pytest.raises(CommandError, match="Cannot read"):
        run("acme", str(tmp_path / "missing.csv"))
    assert active(world.member) and active(world.expert)
    assert not AuditEvent.objects.exists()
