"""Hired candidates' data exported out before retention ends (Y2): admins only."""

import csv
import io

import pytest
from django.urls import reverse

from coopt.audit.models import AuditEvent
from coopt.referrals.models import Status
from coopt.referrals.services import referral_erase_personal_data, referral_set_status

from ..responses import Response
from .purge_helpers import closed, confirmed

pytestmark = pytest.mark.django_db

URL = reverse("privacy:hired_export")


def rows(response: Response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_an_admin_downloads_the_hired_candidates_only(world):
    hired = closed(world.member, world.job, Status.HIRED, world.recruiter)
    closed(world.member, world.job, Status.NOT_RETAINED, world.recruiter)
    confirmed(world.member, world.job)
    erased = closed(world.member, world.job, Status.HIRED, world.recruiter)
    referral_erase_personal_data(referral=erased)
    closed(world.outsider_member, world.globex_job, Status.HIRED, world.outsider)

    response = world.client_for(world.admin).get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="hired-candidates-')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    header, *lines = rows(response)
    assert header[:4] == ["Job", "First name", "Last name", "E-mail"]
    assert len(lines) == 1
    assert lines[0][:4] == ["Account manager", "Jane", "Doe", hired.email]
    assert lines[0][6] == world.member.display_name
    assert lines[0][10] == "cv.pdf"


def test_the_export_is_recorded_in_the_audit_log(world):
    closed(world.member, world.job, Status.HIRED, world.recruiter)
    world.client_for(world.admin).get(URL)
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.tenant == world.acme
    assert event.actor == world.admin.user
    assert event.details == {"what": "hired_candidates", "rows": 1}
    assert "@" not in str(event.details) + event.target


def test_cells_a_spreadsheet_would_run_as_formulas_are_quoted(world):
    referral = closed(world.member, world.job, Status.HIRED, world.recruiter)
    type(referral).objects.filter(pk=referral.pk).update(first_name="=HYPERLINK(1)")
    (line,) = rows(world.client_for(world.admin).get(URL))[1:]
    assert line[1] == "'=HYPERLINK(1)"


def test_the_other_tenants_admin_gets_only_their_own_hired(world):
    closed(world.member, world.job, Status.HIRED, world.recruiter)
    globex = closed(world.outsider_member, world.globex_job, Status.HIRED, world.outsider)
    lines = rows(world.client_for(world.outsider).get(URL))[1:]
    assert [line[3] for line in lines] == [globex.email]


@pytest.mark.parametrize("persona", ["member", "expert", "recruiter"])
def test_other_roles_cannot_export(world, persona):
    closed(world.member, world.job, Status.HIRED, world.recruiter)
    response = world.client_for(getattr(world, persona)).get(URL)
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_anonymous_visitors_are_sent_to_sign_in(world, acme_client):
    response = acme_client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_reopened_hire_leaves_the_export(world):
    referral = closed(world.member, world.job, Status.HIRED, world.recruiter)
    referral_set_status(referral=referral, status=Status.MET, author=world.recruiter.user)
    assert rows(world.client_for(world.admin).get(URL))[1:] == []
