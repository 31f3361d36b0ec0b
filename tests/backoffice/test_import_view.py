"""Uploading an HR file from the back office and reading the report."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from coopt.accounts.importing import MAX_FILE_BYTES
from coopt.accounts.models import Membership
from coopt.notifications.models import OutboundEmail

from ..responses import Response

URL = reverse("backoffice:member_import")


def upload(client: Client, content: bytes, **data: str) -> Response:
    return client.post(URL, {"file": SimpleUploadedFile("people.csv", content, "text/csv"), **data})


GOOD = (
    "\ufefffirst_name;last_name;email;department;location;manager\n"
    "Ada;Lovelace;ada@acme.test;R&D;Paris;\n"
    "Alan;Turing;alan@acme.test;R&D;Lyon;ada@acme.test\n"
    "Mem;Ber;member@acme.test;Ops;Lyon;\n"
    "Bad;Mail;bad-mail;R&D;Paris;\n"
    "Ada;Twice;ada@acme.test;R&D;Paris;\n"
).encode()


def test_it_shows_the_report_after_import(world):
    response = upload(world.client_for(world.admin), GOOD)
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.created, report.updated, report.rejected) == (2, 1, 2)
    html = response.content.decode()
    assert 'data-testid="created-count">2<' in html
    assert 'data-testid="updated-count">1<' in html
    assert 'data-testid="rejected-count">2<' in html
    assert html.count('data-testid="report-row"') == 5
    assert "Invalid e-mail address: bad-mail." in html
    assert "Duplicate e-mail: ada@acme.test is already on line 2." in html
    assert Membership.objects.filter(tenant=world.acme).count() == 6


def test_invitations_are_queued_for_new_members_when_asked(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(world.client_for(world.admin), GOOD, send_invitations="on")
    assert response.context["report"].invited == 2
    invited = set(
        OutboundEmail.objects.filter(template="invitation").values_list("to_email", flat=True)
    )
    assert invited == {"ada@acme.test", "alan@acme.test"}
    assert 'data-testid="invited-count">2<' in response.content.decode()


def test_no_invitation_is_sent_unless_asked(world):
    upload(world.client_for(world.admin), GOOD)
    assert not OutboundEmail.objects.exists()


def test_a_bad_file_changes_nothing_and_says_why(world):
    before = Membership.objects.count()
    response = upload(
        world.client_for(world.admin),
        b"first_name,last_name,email\nA,B,a@acme.test\n",
        send_invitations="on",
    )
    assert response.status_code == 200
    assert response.context["report"] is None
    html = response.content.decode()
    assert "Nothing was imported." in html
    assert "Required columns are missing: department, location." in html
    assert Membership.objects.count() == before
    assert not OutboundEmail.objects.exists()


def test_a_file_over_5_mb_is_refused_before_reading(world):
    before = Membership.objects.count()
    response = upload(world.client_for(world.admin), b"x" * (MAX_FILE_BYTES + 1))
    assert "The file is too large (5 MB at most)." in str(response.context["form"].errors["file"])
    assert Membership.objects.count() == before


def test_an_empty_upload_is_refused(world):
    before = Membership.objects.count()
    response = upload(world.client_for(world.admin), b"")
    assert response.context["form"].errors["file"]
    assert Membership.objects.count() == before


def test_a_missing_file_is_refused(world):
    response = world.client_for(world.admin).post(URL, {})
    assert response.context["form"].errors["file"]


def test_the_import_goes_into_the_admins_own_tenant(world):
    response = upload(
        world.client_for(world.outsider),
        b"first_name,last_name,email,department,location\nGil,Bert,gil@globex.test,Ops,Rome\n",
    )
    assert response.context["report"].created == 1
    membership = Membership.objects.get(user__email="gil@globex.test")
    assert membership.tenant == world.globex
    assert membership.location is not None
    assert membership.location.tenant == world.globex


def test_the_page_explains_the_expected_columns(world):
    html = world.client_for(world.admin).get(URL).content.decode()
    assert "first_name, last_name, email, department, location" in html
    assert 'enctype="multipart/form-data"' in html


def test_an_imported_member_accepts_the_invitation_and_is_signed_in(world):
    upload(world.client_for(world.admin), GOOD, send_invitations="on")
    email = OutboundEmail.objects.get(template="invitation", to_email="alan@acme.test")
    found = re.search(r"/invitation/[^/\s]+/", email.body_text)
    assert found is not None
    path = found.group(0)
    visitor = Client(HTTP_HOST="acme.localhost")
    password = "a long and unusual passphrase"
    visitor.post(path, {"password1": password, "password2": password})
    alan = Membership.objects.get(tenant=world.acme, user__email="alan@acme.test")
    assert visitor.session["_auth_user_id"] == str(alan.user.pk)
    assert alan.user.check_password(password)
    assert visitor.get("/")["Location"] == reverse("accounts:onboarding")
