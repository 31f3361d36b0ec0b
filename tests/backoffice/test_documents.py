"""CV downloads: only for the tenant's recruiters, always as an attachment (R5, Y4)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from coopt.accounts.models import Membership
from coopt.jobs.models import Job
from coopt.referrals.models import Document, Referral

from .. import factories as f
from ..responses import Response, streamed

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def referral_with_cv(member: Membership, job: Job, *, confirmed: bool = True) -> Referral:
    """Grace, put forward with her CV."""
    cv = SimpleUploadedFile("Grace Hopper CV.pdf", PDF, content_type="application/pdf")
    return f.refer(
        referrer=member,
        job=job,
        confirmed=confirmed,
        cv=cv,
        first_name="Grace",
        last_name="Hopper",
    )


def download(client: Client, document: Document) -> Response:
    return client.get(reverse("backoffice:document_download", args=[document.pk]))


def test_a_cv_downloads_as_an_attachment_that_is_never_sniffed(world):
    document = referral_with_cv(world.member, world.job).documents.get()
    response = download(world.client_for(world.recruiter), document)
    assert response.status_code == 200
    assert streamed(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Grace Hopper CV.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_another_tenants_cv_is_404(world):
    globex_member = f.make_member(world.globex)
    globex_doc = referral_with_cv(globex_member, world.globex_job).documents.get()
    response = download(world.client_for(world.recruiter), globex_doc)
    assert response.status_code == 404
    acme_doc = referral_with_cv(world.member, world.job).documents.get()
    assert download(world.client_for(world.outsider), acme_doc).status_code == 404


def test_the_cv_of_an_unconfirmed_person_is_404(world):
    document = referral_with_cv(world.member, world.job, confirmed=False).documents.get()
    response = download(world.client_for(world.recruiter), document)
    assert response.status_code == 404


def test_a_member_cannot_download_a_cv(world):
    document = referral_with_cv(world.member, world.job).documents.get()
    assert download(world.client_for(world.member), document).status_code == 403


def test_a_missing_file_is_404_not_500(world):
    document = referral_with_cv(world.member, world.job).documents.get()
    document.file.delete(save=False)
    assert download(world.client_for(world.recruiter), document).status_code == 404
