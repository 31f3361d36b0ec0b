"""The public job page: JSON-LD and the apply form, also through a member's link (J5, X4)."""

import json
import re
from typing import Any

import pytest
from django.utils.functional import Promise

from coopt.jobs.models import Job
from coopt.jobs.services import job_set_status, job_update, share_link_for
from coopt.notifications.models import Notification, OutboundEmail
from coopt.referrals.models import Consent, Document, Referral, Source
from coopt.referrals.services import ApplicationData, ReferralRefused, application_submit

from .. import factories as f
from ..emails import consent_referral_in
from ..referrals.cv_files import pdf_upload, upload

pytestmark = pytest.mark.django_db


def application(**overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ada@example.org",
        "phone": "",
        "motivation": "I like engines.",
        "consent": "on",
    }
    values.update(overrides)
    return values


def json_ld(html: str) -> dict[str, Any]:
    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_the_public_page_shows_the_job_and_the_form_without_sign_in(world, acme_client):
    response = acme_client.get(f"/p/jobs/{world.job.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Account manager" in html
    assert "Sell our products." in html
    for field in ("first_name", "last_name", "email", "phone", "motivation", "cv", "consent"):
        assert f'name="{field}"' in html
    assert 'enctype="multipart/form-data"' in html


def test_the_json_ld_is_a_job_posting(world, acme_client):
    job_update(job=world.job, salary_min=40000, salary_max=50000)
    posting = json_ld(acme_client.get(f"/p/jobs/{world.job.pk}/").content.decode())
    assert posting["@context"] == "https://schema.org/"
    assert posting["@type"] == "JobPosting"
    assert posting["title"] == "Account manager"
    assert posting["hiringOrganization"] == {"@type": "Organization", "name": "Acme"}
    assert posting["url"] == f"http://acme.localhost/p/jobs/{world.job.pk}/"
    assert posting["jobLocation"][0]["address"]["addressLocality"] == "Lyon"
    assert posting["employmentType"] == "FULL_TIME"
    assert posting["baseSalary"]["value"]["minValue"] == 40000
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", posting["datePosted"])


def test_a_title_with_a_closing_script_tag_cannot_break_out(world, acme_client):
    title = 'Boss </script><script>alert("x")</script> & <!-- co'
    job_update(job=world.job, title=title)
    html = acme_client.get(f"/p/jobs/{world.job.pk}/").content.decode()
    assert json_ld(html)["title"] == title
    head = html.split("</head>")[0]
    assert "<script>alert" not in head
    assert head.count("</script>") == head.count("<script")
    assert "alert(&quot;x&quot;)" in html  # escaped where shown as text


def test_draft_and_closed_jobs_have_no_public_page(world, acme_client):
    draft = f.make_job(world.acme, title="Draft", published=False)
    assert acme_client.get(f"/p/jobs/{draft.pk}/").status_code == 404
    job_set_status(job=world.job, status=Job.Status.CLOSED)
    assert acme_client.get(f"/p/jobs/{world.job.pk}/").status_code == 404
    response = acme_client.post(f"/p/jobs/{world.job.pk}/", application())
    assert response.status_code == 404
    assert not Referral.objects.exists()


def test_a_direct_application_is_confirmed_and_acknowledged(world, acme_client):
    response = acme_client.post(
        f"/p/jobs/{world.job.pk}/", application(cv=pdf_upload(), phone="06 12 34 56 78")
    )
    assert response.status_code == 200
    assert "Your application for" in response.content.decode()
    referral = Referral.objects.get()
    assert referral.source == Source.APPLICATION
    assert referral.referrer is None
    assert referral.consent == Consent.CONFIRMED
    assert referral.is_visible_to_recruiter
    assert referral.phone_key == "+33612345678"
    assert Document.objects.get(referral=referral).content_type == "application/pdf"
    email = OutboundEmail.objects.get(template="application-received")
    assert email.to_email == "ada@example.org"
    assert email.tenant == world.acme
    assert consent_referral_in(email.body_text, world.acme) == referral


def test_an_application_through_a_member_link_is_their_referral(world, acme_client):
    link = share_link_for(job=world.job, member=world.member)
    page = acme_client.get(f"/s/{link.token}/", follow=True)
    assert page.status_code == 200
    response = acme_client.post(f"/p/jobs/{world.job.pk}/", application(ref=link.token))
    assert response.status_code == 200
    referral = Referral.objects.get()
    assert referral.source == Source.SHARE_LINK
    assert referral.referrer == world.member
    assert referral.consent == Consent.CONFIRMED
    assert referral.consent_answered_at is not None
    assert (
        OutboundEmail.objects.filter(
            template="application-received", to_email="ada@example.org"
        ).count()
        == 1
    )
    note = Notification.objects.get(recipient=world.member, subject_ref=f"referral:{referral.pk}")
    assert note.text.startswith("Someone applied")


def test_the_link_is_remembered_when_the_form_loses_the_ref(world, acme_client):
    link = share_link_for(job=world.job, member=world.member)
    acme_client.get(f"/s/{link.token}/")
    acme_client.post(f"/p/jobs/{world.job.pk}/", application())
    assert Referral.objects.get().referrer == world.member


def test_a_link_for_another_job_does_not_make_a_referral(world, acme_client):
    other = f.make_job(world.acme, title="Buyer")
    link = share_link_for(job=other, member=world.member)
    acme_client.post(f"/p/jobs/{world.job.pk}/", application(ref=link.token))
    referral = Referral.objects.get()
    assert referral.source == Source.APPLICATION
    assert referral.referrer is None


def test_a_link_of_another_tenant_does_not_make_a_referral(world, acme_client):
    link = share_link_for(job=world.globex_job, member=world.outsider_member)
    acme_client.post(f"/p/jobs/{world.job.pk}/", application(ref=link.token))
    assert Referral.objects.get().referrer is None


def test_applying_through_my_own_link_is_an_application(world, acme_client):
    link = share_link_for(job=world.job, member=world.member)
    acme_client.post(
        f"/p/jobs/{world.job.pk}/", application(ref=link.token, email="member@acme.test")
    )
    referral = Referral.objects.get()
    assert referral.source == Source.APPLICATION
    assert referral.referrer is None


def test_applying_twice_gets_a_clear_error_not_a_500(world, acme_client):
    acme_client.post(f"/p/jobs/{world.job.pk}/", application())
    response = acme_client.post(
        f"/p/jobs/{world.job.pk}/", application(email="ADA+jobs@example.org")
    )
    assert response.status_code == 200
    assert "You have already applied for this job" in response.content.decode()
    assert Referral.objects.count() == 1
    assert OutboundEmail.objects.filter(template="application-received").count() == 1


def test_the_error_is_translatable_and_shown_in_the_visitor_language(world, acme_client):
    acme_client.post(f"/p/jobs/{world.job.pk}/", application())
    response = acme_client.post(
        f"/p/jobs/{world.job.pk}/", application(), HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()
    assert '<div class="form-errors" role="alert">' in response.content.decode()
    with pytest.raises(ReferralRefused) as refused:
        application_submit(
            job=world.job,
            data=ApplicationData(first_name="Ada", last_name="L", email="ada@example.org"),
        )
    assert isinstance(refused.value.message, Promise)  # gettext_lazy, rendered per request
    assert Referral.objects.count() == 1


def test_applying_without_consent_is_refused_and_nothing_is_created(world, acme_client):
    values = application()
    del values["consent"]
    response = acme_client.post(f"/p/jobs/{world.job.pk}/", values)
    assert response.status_code == 200
    assert response.context["form"].errors["consent"]
    assert 'class="error"' in response.content.decode()
    assert not Referral.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_a_fake_cv_is_refused_and_nothing_is_created(world, acme_client):
    fake = upload("cv.pdf", b"just some text, not a PDF", "application/pdf")
    response = acme_client.post(f"/p/jobs/{world.job.pk}/", application(cv=fake))
    assert response.status_code == 200
    assert "Please upload a PDF, Word (.docx) or OpenDocument (.odt) file." in (
        response.content.decode()
    )
    assert not Referral.objects.exists()
    assert not Document.objects.exists()


def test_the_form_keeps_what_was_typed_after_an_error(world, acme_client):
    values = application()
    del values["consent"]
    html = acme_client.post(f"/p/jobs/{world.job.pk}/", values).content.decode()
    assert 'value="Lovelace"' in html
    assert "I like engines." in html


def test_a_recommended_person_is_sent_to_their_consent_email(world, acme_client):
    referral = f.refer(referrer=world.member, job=world.job, email="ada@example.org")
    response = acme_client.post(f"/p/jobs/{world.job.pk}/", application())
    assert response.status_code == 200
    assert "confirm your interest with the link in the e-mail" in response.content.decode()
    referral.refresh_from_db()
    assert referral.consent == Consent.AWAITING
    assert Referral.objects.count() == 1
