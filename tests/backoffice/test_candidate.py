"""The candidate page: data, CVs, flag, history, status, transfer, notes (R2–R5)."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from coopt.notifications.models import OutboundEmail
from coopt.referrals.models import Note, Referral, Status, StatusChange
from coopt.referrals.services import (
    consent_decline,
    referral_set_status,
    referral_transfer,
)

from .. import factories as f
from ..conftest import World
from ..responses import Response

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
GRACE: f.Person = {
    "first_name": "Grace",
    "last_name": "Hopper",
    "email": "grace@example.org",
    "phone": "+33 6 12 34 56 78",
    "relationship": "We built a compiler together",
    "motivation": "Debugs anything",
}


def cv_upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("grace-cv.pdf", PDF, content_type="application/pdf")


def page(world: World, referral: Referral) -> str:
    response = world.client_for(world.recruiter).get(
        reverse("backoffice:candidate", args=[referral.pk])
    )
    assert response.status_code == 200
    return response.content.decode()


def messages_of(response: Response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_it_shows_the_person_the_cv_and_the_referrer(world):
    grace = f.refer(referrer=world.member, job=world.job, confirmed=True, cv=cv_upload(), **GRACE)
    html = page(world, grace)
    for shown in (
        "Grace Hopper",
        "grace@example.org",
        "+33 6 12 34 56 78",
        "We built a compiler together",
        "Debugs anything",
        "grace-cv.pdf",
        escape(world.member.display_name),
    ):
        assert shown in html
    document = grace.documents.get()
    assert reverse("backoffice:document_download", args=[document.pk]) in html


def test_it_flags_a_person_already_in_process_elsewhere(world):
    buyer = f.make_job(world.acme, title="Senior buyer")
    f.refer(referrer=world.member, job=buyer, confirmed=True, **GRACE)
    grace = f.refer(
        referrer=world.member,
        job=world.job,
        confirmed=True,
        first_name="Grace",
        last_name="Hopper",
        phone="+33 6 12 34 56 78",
        email="grace.hopper@other.org",  # the same person, under another address
    )
    assert grace.in_process_note
    html = page(world, grace)
    assert 'data-testid="in-process"' in html
    assert "Already in process for: Senior buyer" in html


def test_it_shows_the_history_with_author_and_time(world):
    grace = f.refer(referrer=world.member, job=world.job, confirmed=True, **GRACE)
    referral_set_status(
        referral=grace, status="contacted", author=world.recruiter.user, comment="Phoned her"
    )
    html = page(world, grace)
    assert "Phoned her" in html
    assert escape(str(world.recruiter.user)) in html
    change = StatusChange.objects.get(referral=grace, to_status="contacted")
    assert timezone.localtime(change.created_at).isoformat()[:16] in html


def test_an_unconfirmed_referral_shows_only_that_it_awaits_and_who_made_it(world):
    waiting = f.refer(
        referrer=world.member,
        job=world.job,
        cv=cv_upload(),
        first_name="Zelda",
        last_name="Secretname",
        email="zelda@example.org",
        phone="0611223344",
        relationship="Neighbour",
        motivation="Brilliant",
    )
    html = page(world, waiting)
    for hidden in (
        "Zelda",
        "Secretname",
        "zelda@",
        "0611223344",
        "Neighbour",
        "Brilliant",
        "grace-cv.pdf",
        '<form method="post" action="/office/candidates',
    ):
        assert hidden not in html
    assert "Referral awaiting confirmation" in html
    assert escape(world.member.display_name) in html


def test_a_declined_referral_shows_that_the_data_is_gone(world):
    gone = f.refer(referrer=world.member, job=world.job, **GRACE)
    consent_decline(referral=gone)
    html = page(world, gone)
    assert "Personal data deleted" in html
    assert "Grace" not in html


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("candidate_status", {"status": "contacted"}),
        ("candidate_note", {"body": "Hello"}),
        ("candidate_transfer", {"job": "0"}),
        ("reminder_create", {"due_on": "2999-01-01", "text": "Call"}),
    ],
)
def test_no_action_is_possible_before_confirmation(world, name, data):
    waiting = f.refer(referrer=world.member, job=world.job)
    response = world.client_for(world.recruiter).post(
        reverse(f"backoffice:{name}", args=[waiting.pk]), data
    )
    assert response.status_code == 404
    waiting.refresh_from_db()
    assert waiting.status == "recommended"
    assert not waiting.notes.exists() and not waiting.reminders.exists()


def test_a_status_change_is_dated_signed_and_e_mailed(world):
    grace = f.refer(referrer=world.member, job=world.job, confirmed=True, **GRACE)
    response = world.client_for(world.recruiter).post(
        reverse("backoffice:candidate_status", args=[grace.pk]),
        {"status": "met", "comment": "Great first interview"},
    )
    assert response["Location"] == reverse("backoffice:candidate", args=[grace.pk])
    grace.refresh_from_db()
    assert grace.status == Status.MET
    change = grace.history.get(to_status=Status.MET)
    assert (change.from_status, change.author, change.comment) == (
        "recommended",
        world.recruiter.user,
        "Great first interview",
    )
    emails = OutboundEmail.objects.filter(subject_ref=f"referral:{grace.pk}")
    assert set(emails.values_list("template", "to_email")) >= {
        ("candidate-status", "grace@example.org"),
        ("referrer-status", world.member.user.email),
    }


def test_an_invalid_status_is_refused_and_shown_on_the_page(world):
    grace = f.refer(referrer=world.member, job=world.job, confirmed=True, **GRACE)
    response = world.client_for(world.recruiter).post(
        reverse("backoffice:candidate_status", args=[grace.pk]),
        {"status": "transferred", "comment": "Keep me"},
    )
    assert response.status_code == 400
    assert "status" in response.context["status_form"].errors
    assert 'value="Keep me"' in response.content.decode()
    grace.refresh_from_db()
    assert grace.status == "recommended"
    assert not OutboundEmail.objects.filter(template="candidate-status").exists()


def test_a_transferred_file_cannot_change_status(world):
    grace = f.refer(referrer=world.member, job=world.job, confirmed=True, **GRACE)
    referral_transfer(
        referral=grace, job=f.make_job(world.acme, title="Buyer"), author=world.recruiter.user
    )
    response = world.client_for(world.recruiter).post(
        reverse("backoffice:candidate_status", args=[grace.pk]), {"status": "hired"}
    )
    assert "This referral was transferred to another job." in messages_of(response)
    assert Referral.objects.get(pk=grace.pk).status == Status.TRANSFERRED


def test_a_transfer_moves_the_person_and_keeps_the_cv(world):
    grace = f.refer(referrer=world.member, job=world.job, confirmed=True, cv=cv_upload(), **GRACE)
    buyer = f.make_job(world.acme, title="Senior buyer")
    response = world.client_for(world.recruiter).post(
        reverse("backoffice:candidate_transfer", args=[grace.pk]), {"job": buyer.pk}
    )
    new = Referral.objects.get(job=buyer)
    assert response["Location"] == reverse("backoffice:candidate", args=[new.pk])
    grace.refresh_from_db()
    assert grace.status == Status.TRANSFERRED
    assert grace.transferred_to == new
    assert new.referrer == world.member
    assert new.documents.count() == 1
    old_page = page(world, grace)
    assert 'data-testid="transferred-to"' in old_page
    assert "Senior buyer" in old_page
    assert "Transferred from" in page(world, new)


def test_a_transfer_to_another_tenants_job_is_refused(world):
    grace = f.refer(referrer=world.member, job=world.job, confirmed=True, **GRACE)
    response = world.client_for(world.recruiter).post(
        reverse("backoffice:candidate_transfer", args=[grace.pk]), {"job": world.globex_job.pk}
    )
    assert response.status_code == 400
    assert "job" in response.context["transfer_form"].errors
    assert Referral.objects.get(pk=grace.pk).status == "recommended"


def test_a_transfer_to_the_same_job_is_refused(world):
    grace = f.refer(referrer=world.member, job=world.job, confirmed=True, **GRACE)
    response = world.client_for(world.recruiter).post(
        reverse("backoffice:candidate_transfer", args=[grace.pk]), {"job": world.job.pk}
    )
    assert response.status_code == 400
    assert Referral.objects.count() == 1


def test_notes_are_added_and_listed_newest_first(world):
    grace = f.refer(referrer=world.member, job=world.job, confirmed=True, **GRACE)
    client = world.client_for(world.recruiter)
    url = reverse("backoffice:candidate_note", args=[grace.pk])
    client.post(url, {"body": "First call: motivated."})
    response = client.post(url, {"body": "  Second interview: strong on SQL.  "})
    assert response["Location"].endswith("#notes")
    notes = list(Note.objects.filter(referral=grace).order_by("-created_at", "-id"))
    assert [note.body for note in notes] == [
        "Second interview: strong on SQL.",
        "First call: motivated.",
    ]
    assert notes[0].author == world.recruiter.user
    html = page(world, grace)
    assert html.index("Second interview") < html.index("First call")


def test_an_empty_note_is_refused(world):
    grace = f.refer(referrer=world.member, job=world.job, confirmed=True, **GRACE)
    response = world.client_for(world.recruiter).post(
        reverse("backoffice:candidate_note", args=[grace.pk]), {"body": "   "}
    )
    assert response.status_code == 400
    assert "body" in response.context["note_form"].errors
    assert not Note.objects.exists()


def test_the_candidate_page_reads_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    grace = f.refer(referrer=world.member, job=world.job, confirmed=True, cv=cv_upload(), **GRACE)
    client = world.client_for(world.recruiter)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("backoffice:candidate", args=[grace.pk]))
    assert response.status_code == 200


def test_choosing_the_current_status_changes_nothing_and_says_so(world):
    grace = f.refer(referrer=world.member, job=world.job, confirmed=True, **GRACE)
    response = world.client_for(world.recruiter).post(
        reverse("backoffice:candidate_status", args=[grace.pk]), {"status": "recommended"}
    )
    assert "Nothing changed: this is already the status." in messages_of(response)
    assert grace.history.count() == 1
    assert not OutboundEmail.objects.filter(template="candidate-status").exists()
