"""The referred person's page: confirm, add a CV, decline and be erased (R3, Y1)."""

import os

import pytest

from coopt.notifications.models import Notification, OutboundEmail
from coopt.referrals.models import Consent, Document, Referral

from .. import factories as f
from ..conftest import World
from .cv_files import docx_upload, pdf_upload, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(world: World) -> Referral:
    return f.refer(
        referrer=world.member,
        job=world.job,
        cv=pdf_upload("from-referrer.pdf"),
        email="jane@example.org",
        phone="0612345678",
        language="en",
    )


def url(referral: Referral) -> str:
    return f.consent_path(referral)


def test_the_page_shows_what_is_held_and_both_answers(referral, acme_client):
    response = acme_client.get(url(referral))
    assert response.status_code == 200
    html = response.content.decode()
    assert "You were recommended for “Account manager”" in html
    assert "who works with Acme" in html
    for shown in (
        "Jane Doe",
        "jane@example.org",
        "0612345678",
        "Former colleague",
        "Great at her job",
        "from-referrer.pdf",
        "30 days",
    ):
        assert shown in html, shown
    assert 'value="confirm"' in html
    assert 'value="decline"' in html
    assert "data-confirm=" in html  # deleting asks first
    assert 'name="replace_cv"' in html


def test_confirming_makes_the_referral_visible_and_tells_the_referrer(referral, acme_client):
    assert not referral.is_visible_to_recruiter
    response = acme_client.post(url(referral), {"answer": "confirm"}, follow=True)
    assert response.status_code == 200
    assert "Your interest is confirmed" in response.content.decode()
    referral.refresh_from_db()
    assert referral.consent == Consent.CONFIRMED
    assert referral.consent_answered_at is not None
    assert referral.is_visible_to_recruiter
    note = Notification.objects.get(
        recipient=referral.referrer, subject_ref=f"referral:{referral.pk}"
    )
    assert "Jane confirmed their interest" in note.text


def test_confirming_with_a_cv_adds_it(referral, acme_client):
    acme_client.post(url(referral), {"answer": "confirm", "cv": docx_upload("mine.docx")})
    documents = Document.objects.filter(referral=referral)
    assert sorted(d.uploaded_by for d in documents) == ["candidate", "referrer"]
    assert all(os.path.exists(d.file.path) for d in documents)


def test_confirming_with_a_cv_may_replace_the_referrer_one(referral, acme_client):
    old = Document.objects.get(referral=referral)
    old_path = old.file.path
    acme_client.post(
        url(referral), {"answer": "confirm", "replace_cv": "on", "cv": pdf_upload("mine.pdf")}
    )
    document = Document.objects.get(referral=referral)
    assert document.original_name == "mine.pdf"
    assert document.uploaded_by == Document.Uploader.CANDIDATE
    assert not os.path.exists(old_path)


def test_a_bad_cv_is_refused_and_the_answer_not_taken(referral, acme_client):
    fake = upload("cv.pdf", b"plain text", "application/pdf")
    response = acme_client.post(url(referral), {"answer": "confirm", "cv": fake})
    assert response.status_code == 200
    assert "Please upload a PDF, Word (.docx) or OpenDocument (.odt) file." in (
        response.content.decode()
    )
    referral.refresh_from_db()
    assert referral.consent == Consent.AWAITING
    assert Document.objects.filter(referral=referral).count() == 1


def test_after_confirming_the_page_offers_a_cv_and_withdrawal(referral, acme_client):
    acme_client.post(url(referral), {"answer": "confirm"})
    html = acme_client.get(url(referral)).content.decode()
    assert "Your interest in “Account manager” is confirmed" in html
    assert "Yes, I am interested" not in html
    assert "Withdraw and delete my data" in html
    response = acme_client.post(url(referral), {"answer": "confirm"})
    assert "Choose the file to add." in response.content.decode()
    added = acme_client.post(
        url(referral), {"answer": "confirm", "cv": pdf_upload("later.pdf")}, follow=True
    )
    assert "Your CV was added." in added.content.decode()
    assert Document.objects.filter(referral=referral, original_name="later.pdf").exists()
    assert (
        Notification.objects.filter(
            recipient=referral.referrer, subject_ref=f"referral:{referral.pk}"
        ).count()
        == 1
    )


def test_declining_erases_personal_data_and_files_at_once(referral, acme_client):
    path = Document.objects.get(referral=referral).file.path
    assert os.path.exists(path)
    response = acme_client.post(url(referral), {"answer": "decline"})
    assert response.status_code == 200
    assert "Your data has been deleted" in response.content.decode()
    referral.refresh_from_db()
    assert referral.consent == Consent.DECLINED
    assert referral.personal_data_deleted_at is not None
    for field in ("first_name", "last_name", "email", "phone", "relationship", "motivation"):
        assert getattr(referral, field) == "", field
    assert referral.email_key is None
    assert not Document.objects.filter(referral=referral).exists()
    assert not os.path.exists(path)
    # The unsent consent request about them is gone too.
    assert not OutboundEmail.objects.filter(subject_ref=f"referral:{referral.pk}").exists()
    # The referral stays, anonymous, for the counts.
    assert Referral.objects.filter(pk=referral.pk, referrer=referral.referrer).exists()
    assert not referral.is_visible_to_recruiter


def test_withdrawing_after_confirming_erases_too(referral, acme_client):
    acme_client.post(url(referral), {"answer": "confirm"})
    acme_client.post(url(referral), {"answer": "decline"})
    referral.refresh_from_db()
    assert referral.consent == Consent.DECLINED
    assert referral.first_name == ""


def test_the_page_is_closed_after_declining(referral, acme_client):
    acme_client.post(url(referral), {"answer": "decline"})
    response = acme_client.get(url(referral))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This request is closed" in html
    assert "Jane" not in html
    assert 'value="confirm"' not in html
    acme_client.post(url(referral), {"answer": "confirm", "cv": pdf_upload()})
    referral.refresh_from_db()
    assert referral.consent == Consent.DECLINED
    assert not Document.objects.exists()


def test_an_unknown_token_is_404(world, acme_client):
    assert acme_client.get("/c/nope/").status_code == 404
    assert acme_client.post("/c/nope/", {"answer": "decline"}).status_code == 404


def test_a_token_of_another_tenant_is_404_on_this_host(world, acme_client):
    foreign = f.refer(referrer=world.outsider_member, job=world.globex_job)
    assert acme_client.get(f.consent_path(foreign)).status_code == 404
    response = acme_client.post(f.consent_path(foreign), {"answer": "decline"})
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.consent == Consent.AWAITING
    assert foreign.first_name == "Jane"
    globex = world.client_for(None, host="globex.localhost")
    assert globex.get(f.consent_path(foreign)).status_code == 200


def test_an_applicant_sees_their_application_not_a_recommendation(world, acme_client):
    acme_client.post(
        f"/p/jobs/{world.job.pk}/",
        {"first_name": "Ada", "last_name": "L", "email": "ada@example.org", "consent": "on"},
    )
    referral = Referral.objects.get()
    html = acme_client.get(url(referral)).content.decode()
    assert "Your application for “Account manager”" in html
    assert "You were recommended" not in html
    assert "Withdraw and delete my data" in html


def test_the_page_is_never_cached(referral, acme_client):
    response = acme_client.get(url(referral))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
