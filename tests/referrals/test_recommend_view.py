"""The recommend form: every field, the rules, CVs checked by content (R1, R2)."""

import os

import pytest

from coopt.notifications.models import OutboundEmail
from coopt.referrals.models import Consent, Document, Referral, Source

from .. import factories as f
from ..conftest import World
from .cv_files import (
    docx_upload,
    many_entries_docx_bytes,
    odt_upload,
    pdf_bytes,
    pdf_upload,
    stored_name,
    upload,
    zip_bomb_docx_bytes,
)

pytestmark = pytest.mark.django_db

TYPE_ERROR = "Please upload a PDF, Word (.docx) or OpenDocument (.odt) file."
SIZE_ERROR = "The file is too large (10 MB at most)."
ARCHIVE_ERROR = "This file unpacks to more than a CV can hold."
FIRST_COUNTS = "This person has already been put forward for this job. The first referral counts."


def recommendation(**overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "first_name": "Jane",
        "last_name": "Doe",
        "email": "jane@example.org",
        "phone": "06 12 34 56 78",
        "relationship": "Former colleague",
        "motivation": "She ran our best team.",
        "language": "fr",
    }
    values.update(overrides)
    return values


@pytest.fixture
def url(world: World) -> str:
    return f"/jobs/{world.job.pk}/recommend/"


def test_the_form_has_every_field_and_the_rules(world, url):
    response = world.client_for(world.member).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for name in (
        "first_name",
        "last_name",
        "email",
        "phone",
        "cv",
        "relationship",
        "motivation",
        "language",
    ):
        assert f'name="{name}"' in html, name
    assert 'type="tel"' in html
    assert 'accept=".pdf,.docx,.odt"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "The rules" in html
    assert "One recommendation per person and per job." in html
    assert "You cannot recommend yourself" in html
    assert "Without an answer within 30 days, their data is deleted." in html


def test_the_language_choice_offers_the_tenant_languages(world, url):
    world.acme.enabled_languages = ["fr", "en"]
    world.acme.save()
    form = world.client_for(world.member).get(url).context["form"]
    assert [code for code, _name in form.fields["language"].choices] == ["fr", "en"]
    response = world.client_for(world.member).post(url, recommendation(language="pl"))
    assert response.context["form"].errors["language"]
    assert not Referral.objects.exists()


def test_a_recommendation_is_saved_and_the_person_is_asked_to_confirm(world, url):
    response = world.client_for(world.member).post(url, recommendation(), follow=True)
    assert response.redirect_chain[-1][0] == "/me/"
    assert "Thank you! Jane will receive an e-mail to confirm their interest." in (
        response.content.decode()
    )
    referral = Referral.objects.get()
    assert referral.referrer == world.member
    assert referral.source == Source.REFERRAL
    assert referral.consent == Consent.AWAITING
    assert referral.relationship == "Former colleague"
    assert referral.language == "fr"
    assert not referral.is_visible_to_recruiter
    email = OutboundEmail.objects.get(template="consent-request")
    assert email.to_email == "jane@example.org"
    assert email.language == "fr"


def test_required_fields_are_checked(world, url):
    response = world.client_for(world.member).post(url, {})
    errors = response.context["form"].errors
    for name in ("first_name", "last_name", "email", "relationship", "motivation"):
        assert name in errors, name
    assert "phone" not in errors and "cv" not in errors
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("make", "content_type", "suffix"),
    [
        (pdf_upload, "application/pdf", ".pdf"),
        (
            docx_upload,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
        ),
        (odt_upload, "application/vnd.oasis.opendocument.text", ".odt"),
    ],
)
def test_real_cvs_are_accepted(world, url, make, content_type, suffix):
    response = world.client_for(world.member).post(url, recommendation(cv=make()))
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.content_type == content_type
    assert document.uploaded_by == Document.Uploader.REFERRER
    assert document.tenant == world.acme
    assert stored_name(document).endswith(suffix)
    assert os.path.exists(document.file.path)
    assert document.size > 0


def test_a_real_cv_with_a_misleading_name_is_stored_under_its_true_type(world, url):
    world.client_for(world.member).post(url, recommendation(cv=upload("cv.exe", pdf_bytes())))
    document = Document.objects.get()
    assert document.content_type == "application/pdf"
    assert stored_name(document).endswith(".pdf")
    assert document.original_name == "cv.exe"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: upload("cv.pdf", b"Jane Doe\nEngineer\n", "application/pdf"), TYPE_ERROR),
        (lambda: upload("cv.docx", b"PK\x03\x04 not really a zip"), TYPE_ERROR),
        (lambda: upload("cv.pdf", b"%PDF-" + bytes(10 * 1024 * 1024)), SIZE_ERROR),
        (lambda: upload("cv.docx", zip_bomb_docx_bytes()), ARCHIVE_ERROR),
        (lambda: upload("cv.docx", many_entries_docx_bytes()), ARCHIVE_ERROR),
    ],
    ids=["text-renamed-pdf", "broken-zip", "over-10-mb", "zip-bomb", "too-many-entries"],
)
def test_bad_files_are_refused_and_nothing_is_created(world, url, make, message):
    response = world.client_for(world.member).post(url, recommendation(cv=make()))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"].errors["cv"] == [message]
    assert not Referral.objects.exists()
    assert not Document.objects.exists()
    assert not OutboundEmail.objects.exists()
    # what was typed is still there
    assert 'value="Jane"' in response.content.decode()


def test_self_referral_is_refused(world, url):
    response = world.client_for(world.member).post(url, recommendation(email="MEMBER@acme.test"))
    assert response.status_code == 200
    assert "You cannot recommend yourself. Apply to the job instead." in (response.content.decode())
    assert not Referral.objects.exists()


def test_a_person_recommended_by_another_member_is_refused(world, url):
    world.client_for(world.expert).post(url, recommendation())
    response = world.client_for(world.member).post(
        url, recommendation(email="Jane+cv@Example.org", phone="")
    )
    assert response.status_code == 200
    assert FIRST_COUNTS in response.content.decode()
    assert Referral.objects.get().referrer == world.expert


def test_the_same_phone_on_the_same_job_is_the_same_person(world, url):
    world.client_for(world.expert).post(url, recommendation())
    response = world.client_for(world.member).post(
        url, recommendation(email="jane.doe@elsewhere.org", phone="+33 6 12 34 56 78")
    )
    assert FIRST_COUNTS in response.content.decode()
    assert Referral.objects.count() == 1


def test_recommending_the_same_person_twice_says_so(world, url):
    client = world.client_for(world.member)
    client.post(url, recommendation())
    response = client.post(url, recommendation())
    assert "You have already recommended this person for this job." in response.content.decode()
    assert Referral.objects.count() == 1


def test_a_person_whose_data_was_erased_may_be_recommended_again(world, url):
    from coopt.referrals.services import consent_decline

    world.client_for(world.expert).post(url, recommendation())
    consent_decline(referral=Referral.objects.get())
    response = world.client_for(world.member).post(url, recommendation())
    assert response.status_code == 302
    assert Referral.objects.filter(personal_data_deleted_at__isnull=True).get().referrer == (
        world.member
    )


def test_a_closed_job_cannot_be_recommended_for(world, url):
    from coopt.jobs.models import Job
    from coopt.jobs.services import job_set_status

    job_set_status(job=world.job, status=Job.Status.CLOSED)
    assert world.client_for(world.member).post(url, recommendation()).status_code == 404
    assert not Referral.objects.exists()


def test_a_draft_job_of_my_tenant_is_404(world):
    draft = f.make_job(world.acme, published=False)
    response = world.client_for(world.member).get(f"/jobs/{draft.pk}/recommend/")
    assert response.status_code == 404
