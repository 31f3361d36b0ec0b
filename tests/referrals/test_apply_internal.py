"""Internal mobility: a member applies to a job themself (J6)."""

import pytest

from coopt.jobs.models import Job
from coopt.jobs.services import job_set_status
from coopt.referrals.models import Consent, Document, Referral, Source

from ..conftest import World
from .cv_files import odt_upload, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(world: World) -> str:
    return f"/jobs/{world.job.pk}/apply/"


def test_the_form_asks_why_and_for_an_optional_cv(world, url):
    response = world.client_for(world.member).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="motivation"' in html and 'name="cv"' in html
    assert "Apply for “Account manager”" in html


def test_applying_creates_a_confirmed_mobility_application(world, url):
    response = world.client_for(world.member).post(
        url, {"motivation": "Ready for sales", "cv": odt_upload()}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/me/"
    assert "Your application was sent to the recruiter." in response.content.decode()
    referral = Referral.objects.get()
    assert referral.source == Source.MOBILITY
    assert referral.applicant == world.member
    assert referral.referrer is None
    assert referral.email == "member@acme.test"
    assert referral.consent == Consent.CONFIRMED
    assert referral.history.get().author == world.member.user
    assert Document.objects.get(referral=referral).uploaded_by == Document.Uploader.CANDIDATE
    assert list(response.context["applications"]) == [referral]


def test_applying_twice_is_refused_with_a_message(world, url):
    client = world.client_for(world.member)
    client.post(url, {"motivation": "First"})
    response = client.post(url, {"motivation": "Second"})
    assert response.status_code == 200
    assert "You have already applied for this job." in response.content.decode()
    assert Referral.objects.count() == 1


def test_a_motivation_is_required_and_a_bad_cv_refused(world, url):
    client = world.client_for(world.member)
    response = client.post(url, {})
    assert "motivation" in response.context["form"].errors
    response = client.post(url, {"motivation": "x", "cv": upload("cv.odt", b"hello")})
    assert "cv" in response.context["form"].errors
    assert not Referral.objects.exists()


def test_a_closed_job_cannot_be_applied_to(world, url):
    job_set_status(job=world.job, status=Job.Status.CLOSED)
    assert world.client_for(world.member).post(url, {"motivation": "x"}).status_code == 404
    assert not Referral.objects.exists()
