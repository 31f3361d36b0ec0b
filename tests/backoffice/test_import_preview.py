"""Importing with "deactivate members absent from this file": a preview first, then the
admin confirms or cancels; the confirmation applies exactly what was previewed."""

import re
from collections.abc import Iterator

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from coopt.accounts.models import Membership
from coopt.accounts.services import member_create
from coopt.audit.models import AuditEvent
from coopt.notifications.models import OutboundEmail

from .. import factories as f
from ..responses import Response

URL = reverse("backoffice:member_import")
CONFIRM = reverse("backoffice:member_import_confirm")
FILE = (
    b"first_name;last_name;email;department;location;external_id\n"
    b"Ada;Lovelace;ada@acme.test;R&D;Paris;HR-1\n"
    b"Mem;Ber;member@acme.test;Ops;Lyon;HR-2\n"
    b"Bad;Mail;bad-mail;R&D;Paris;\n"
)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def preview(client: Client, content: bytes = FILE, **data: str) -> Response:
    return client.post(
        URL,
        {
            "file": SimpleUploadedFile("people.csv", content, "text/csv"),
            "deactivate_absent": "on",
            **data,
        },
    )


def token_of(response: Response) -> str:
    found = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert found is not None
    return found.group(1)


def emails_in(response: Response, testid: str) -> set[str]:
    html = response.content.decode()
    start = html.find(f'data-testid="{testid}"')
    if start < 0:
        return set()
    end = html.find("</table>", start)
    return set(re.findall(r"<td>([^<>\s]+@[^<>\s]+)</td>", html[start:end]))


def active(membership: Membership) -> bool:
    membership.refresh_from_db()
    return membership.is_active


@pytest.fixture
def leaver(world) -> Membership:
    return f.make_member(world.acme, email="leaver@acme.test")


def test_the_preview_lists_who_would_be_created_updated_and_deactivated(world, leaver):
    response = preview(world.client_for(world.admin))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="created-count">1<' in html
    assert 'data-testid="updated-count">1<' in html
    assert 'data-testid="deactivated-count">2<' in html
    assert 'data-testid="rejected-count">1<' in html
    assert html.index('data-testid="created-count"') < html.index('data-testid="created-list"')
    assert emails_in(response, "created-list") == {"ada@acme.test"}
    assert emails_in(response, "updated-list") == {"member@acme.test"}
    assert emails_in(response, "deactivated-list") == {"expert@acme.test", "leaver@acme.test"}
    assert "Recruiters, admins and you are never deactivated" in html
    # Nothing changed yet.
    assert active(leaver) and active(world.expert)
    assert not Membership.objects.filter(user__email="ada@acme.test").exists()
    assert not AuditEvent.objects.exists()


def test_confirming_applies_exactly_the_preview(world, leaver, django_capture_on_commit_callbacks):
    client = world.client_for(world.admin)
    token = token_of(preview(client, send_invitations="on"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CONFIRM, {"token": token, "action": "confirm"})
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.created, report.updated, report.rejected, report.deactivated) == (1, 1, 1, 2)
    assert not active(leaver) and not active(world.expert)
    assert active(world.member) and active(world.admin) and active(world.recruiter)
    assert Membership.objects.get(tenant=world.acme, external_id="HR-1").user.email == (
        "ada@acme.test"
    )
    assert set(OutboundEmail.objects.values_list("to_email", flat=True)) == {"ada@acme.test"}
    assert AuditEvent.objects.filter(action=AuditEvent.Action.MEMBER_DEACTIVATED).count() == 2
    assert emails_in(response, "deactivated-list") == {"expert@acme.test", "leaver@acme.test"}
    # A preview is used once: confirming again changes nothing more.
    again = client.post(CONFIRM, {"token": token, "action": "confirm"})
    assert again.status_code == 302
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).count() == 1


def test_cancelling_changes_nothing(world, leaver):
    client = world.client_for(world.admin)
    token = token_of(preview(client))
    response = client.post(CONFIRM, {"token": token, "action": "cancel"})
    assert response.status_code == 302 and response["Location"] == URL
    assert active(leaver) and active(world.expert)
    assert not Membership.objects.filter(user__email="ada@acme.test").exists()
    assert not AuditEvent.objects.exists()
    # The cancelled preview cannot be confirmed afterwards.
    client.post(CONFIRM, {"token": token, "action": "confirm"})
    assert active(leaver)
    assert not AuditEvent.objects.exists()


def test_members_changed_since_the_preview_apply_nothing_and_show_the_new_plan(world, leaver):
    client = world.client_for(world.admin)
    token = token_of(preview(client))
    newcomer = member_create(tenant=world.acme, email="newcomer@acme.test")
    response = client.post(CONFIRM, {"token": token, "action": "confirm"})
    assert response.status_code == 200
    assert 'data-testid="plan-changed"' in response.content.decode()
    assert "newcomer@acme.test" in emails_in(response, "deactivated-list")
    assert active(newcomer) and active(leaver)
    assert not AuditEvent.objects.exists()


def test_a_malformed_file_says_why_in_the_admins_language_and_changes_nothing(world, leaver):
    world.admin.user.language = "fr"
    world.admin.user.save()
    client = world.client_for(world.admin)
    not_utf8 = preview(
        client,
        "first_name;last_name;email;department;location\nÉric;;e@acme.test;;\n".encode("latin-1"),
    )
    assert not_utf8.status_code == 200
    html = not_utf8.content.decode()
    assert "Rien n’a été importé." in html
    assert "Le fichier n’est pas un texte UTF-8." in html
    missing = preview(client, b"first_name,last_name,email\nA,B,a@acme.test\n")
    assert "Rien n’a été importé." in missing.content.decode()
    assert "department, location" in missing.content.decode()
    assert 'name="token"' not in html + missing.content.decode()
    assert active(leaver) and active(world.member)
    assert not Membership.objects.filter(user__email="a@acme.test").exists()
    assert not AuditEvent.objects.exists()


def test_the_importing_admin_and_staff_are_never_deactivated(world):
    # A file that names nobody of the company.
    response = preview(
        world.client_for(world.admin),
        b"first_name,last_name,email,department,location\nAda,Lovelace,ada@acme.test,,\n",
    )
    names = emails_in(response, "deactivated-list")
    assert names == {"member@acme.test", "expert@acme.test"}
    world.client_for(world.admin).post(CONFIRM, {"token": token_of(response), "action": "confirm"})
    assert active(world.admin) and active(world.recruiter)


def test_another_companys_members_are_untouched(world):
    client = world.client_for(world.admin)
    client.post(CONFIRM, {"token": token_of(preview(client)), "action": "confirm"})
    assert active(world.outsider_member) and active(world.outsider)
    assert not AuditEvent.objects.filter(tenant=world.globex).exists()


def test_a_preview_belongs_to_the_admin_and_the_company_that_made_it(world, leaver):
    token = token_of(preview(world.client_for(world.admin)))
    other_admin = f.make_member(world.acme, email="admin2@acme.test", is_admin=True)
    world.client_for(other_admin).post(CONFIRM, {"token": token, "action": "confirm"})
    world.client_for(world.outsider).post(CONFIRM, {"token": token, "action": "confirm"})
    assert active(leaver)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).exists()


def test_only_admins_import(world, leaver):
    for persona in (world.recruiter, world.member, world.expert):
        client = world.client_for(persona)
        assert preview(client).status_code == 403
        assert client.post(CONFIRM, {"token": "x" * 32, "action": "confirm"}).status_code == 403
    assert active(leaver)


def test_another_companys_admin_gets_no_page_of_this_company(world):
    client = world.client_for(world.outsider, host="acme.localhost")
    response = preview(client)
    # No membership here: signed out and sent to sign in (the URLconf walk checks the rest).
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).exists()
