"""Uploads (Y7): every entry point checks the type by content and the size, office
archives are checked unpacked, and files are never under a public URL."""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views.static import serve

from coopt.referrals.models import Consent, Document, Referral
from coopt.referrals.services import ReferralData, consent_confirm, referral_submit
from coopt.tenants.models import Tenant

from .. import factories as f
from ..conftest import World
from ..referrals.cv_files import (
    many_entries_docx_bytes,
    pdf_bytes,
    pdf_upload,
    upload,
    zip_bomb_docx_bytes,
)
from ..responses import Response

pytestmark = pytest.mark.django_db

ACME = "acme.localhost"
TYPE_ERROR = "Please upload a PDF, Word (.docx) or OpenDocument (.odt) file."
SIZE_ERROR = "The file is too large (10 MB at most)."
ARCHIVE_ERROR = "This file unpacks to more than a CV can hold."
IMAGE_TYPE_ERROR = "Upload a PNG, JPEG, WebP, ICO or SVG image."
IMAGE_SIZE_ERROR = "The image is too large (1 MB at most)."
TEXT = b"Jane Doe\nEngineer\nThis is a plain text file, not a PDF.\n"
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def stored_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


# --- The CV entry points --------------------------------------------------------


def recommend(world: World, cv: UploadedFile) -> Response:
    return world.client_for(world.member).post(
        f"/jobs/{world.job.pk}/recommend/",
        {
            "first_name": "Jane",
            "last_name": "Doe",
            "email": "jane@example.org",
            "relationship": "Former colleague",
            "motivation": "Great",
            "language": "en",
            "cv": cv,
        },
    )


def consent_page(world: World, cv: UploadedFile) -> Response:
    referral = f.refer(referrer=world.expert, job=world.job, email="jane@example.org")
    return Client(HTTP_HOST=ACME).post(f.consent_path(referral), {"answer": "confirm", "cv": cv})


def public_apply(world: World, cv: UploadedFile) -> Response:
    return Client(HTTP_HOST=ACME).post(
        f"/p/jobs/{world.job.pk}/",
        {
            "first_name": "Ada",
            "last_name": "Lovelace",
            "email": "ada@example.org",
            "consent": "on",
            "cv": cv,
        },
    )


def internal_mobility(world: World, cv: UploadedFile) -> Response:
    return world.client_for(world.member).post(
        f"/jobs/{world.job.pk}/apply/", {"motivation": "Ready for sales", "cv": cv}
    )


Post = Callable[[World, UploadedFile], Response]
CV_ENTRY_POINTS: list[Post] = [recommend, consent_page, public_apply, internal_mobility]


def refused(post: Post, world: World, cv: UploadedFile, message: str) -> None:
    before = stored_files()
    response = post(world, cv)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files() == before


def no_referral_beyond_the_consent_one() -> None:
    for referral in Referral.objects.all():
        # The consent page's referral existed before; it stays unconfirmed.
        assert referral.consent == Consent.AWAITING


@pytest.mark.parametrize("post", CV_ENTRY_POINTS, ids=lambda p: p.__name__)
def test_a_text_file_renamed_pdf_is_refused(world, post):
    refused(post, world, upload("cv.pdf", TEXT, "application/pdf"), TYPE_ERROR)
    no_referral_beyond_the_consent_one()


@pytest.mark.parametrize("post", CV_ENTRY_POINTS, ids=lambda p: p.__name__)
def test_an_html_page_renamed_pdf_is_refused(world, post):
    refused(post, world, upload("cv.pdf", HTML, "application/pdf"), TYPE_ERROR)


@pytest.mark.parametrize("post", CV_ENTRY_POINTS, ids=lambda p: p.__name__)
def test_an_oversized_cv_is_refused(world, post):
    big = pdf_bytes() + b"0" * (settings.COOPT_MAX_UPLOAD_BYTES + 1)
    refused(post, world, upload("cv.pdf", big, "application/pdf"), SIZE_ERROR)
    no_referral_beyond_the_consent_one()


@pytest.mark.parametrize("post", CV_ENTRY_POINTS, ids=lambda p: p.__name__)
def test_a_zip_bomb_is_refused(world, post):
    bomb = zip_bomb_docx_bytes()
    assert len(bomb) < 1024 * 1024  # small on the wire, 200 MB unpacked
    refused(post, world, upload("cv.docx", bomb), ARCHIVE_ERROR)
    no_referral_beyond_the_consent_one()


@pytest.mark.parametrize("post", CV_ENTRY_POINTS, ids=lambda p: p.__name__)
def test_an_archive_with_too_many_entries_is_refused(world, post):
    refused(post, world, upload("cv.docx", many_entries_docx_bytes()), ARCHIVE_ERROR)


@pytest.mark.parametrize("post", CV_ENTRY_POINTS, ids=lambda p: p.__name__)
def test_a_real_cv_is_accepted(world, post):
    """The refusals above are about the files: the same request with a real PDF works."""
    response = post(world, pdf_upload("cv.html"))
    assert response.status_code in (200, 302)
    assert "error" not in response.content.decode().lower()
    document = Document.objects.get()
    assert document.content_type == "application/pdf"  # by content, not by name or header
    name = document.file.name or ""
    assert name.startswith("cvs/") and name.endswith(".pdf")


# --- The branding logo ----------------------------------------------------------


def branding(world: World, **files: UploadedFile) -> Response:
    data: dict[str, object] = {
        "name": "Acme",
        "primary_colour": "#123456",
        "accent_colour": "#aabbcc",
        "email_sender_name": "",
        "email_sender_address": "",
        "default_language": "en",
        "enabled_languages": ["en", "fr"],
    }
    data.update(files)
    return world.client_for(world.admin).post(reverse("backoffice:settings"), data)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("logo.png", TEXT, IMAGE_TYPE_ERROR),
        ("logo.svg", HTML, IMAGE_TYPE_ERROR),
        ("logo.png", pdf_bytes(), IMAGE_TYPE_ERROR),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * (1024 * 1024), IMAGE_SIZE_ERROR),
    ],
    ids=["text-as-png", "html-as-svg", "pdf-as-png", "oversized"],
)
@pytest.mark.parametrize("field", ["logo", "favicon"])
def test_a_bad_brand_image_is_refused(world, field, name, data, message):
    before = stored_files()
    response = branding(world, **{field: SimpleUploadedFile(name, data, "image/png")})
    assert response.status_code == 200
    assert message in response.content.decode()
    tenant = Tenant.objects.get(pk=world.acme.pk)
    assert not getattr(tenant, field)
    assert stored_files() == before


# --- Storage: never under a public URL ------------------------------------------


def test_uploads_have_no_public_url(world):
    assert settings.MEDIA_URL is None
    referral = referral_submit(
        member=world.member,
        job=world.job,
        cv=pdf_upload(),
        data=ReferralData(first_name="Jane", last_name="Doe", email="jane@example.org"),
    )
    document = referral.documents.get()
    with pytest.raises(ValueError, match="not accessible via a URL"):
        document.file.url  # noqa: B018


def test_the_upload_folder_is_outside_the_static_files():
    media = Path(settings.MEDIA_ROOT).resolve()
    for public in (Path(settings.STATIC_ROOT), *map(Path, settings.STATICFILES_DIRS)):
        public = public.resolve()
        assert media != public
        assert public not in media.parents
        assert media not in public.parents


def url_patterns(resolver: URLResolver | None = None) -> Iterator[URLPattern]:
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern)
        elif isinstance(pattern, URLPattern):
            yield pattern


def test_no_url_pattern_serves_the_upload_folder():
    patterns = list(url_patterns())
    assert len(patterns) > 40
    for pattern in patterns:
        assert pattern.callback is not serve, pattern
        assert pattern.default_args.get("document_root") is None, pattern


def test_a_stored_cv_cannot_be_fetched_by_its_path(world):
    confirmed = consent_confirm(
        referral=referral_submit(
            member=world.member,
            job=world.job,
            cv=pdf_upload(),
            data=ReferralData(first_name="Jane", last_name="Doe", email="jane@example.org"),
        )
    )
    name = confirmed.documents.get().file.name or ""
    assert name
    assert os.path.exists(os.path.join(settings.MEDIA_ROOT, name))
    recruiter = world.client_for(world.recruiter)
    for path in (f"/{name}", f"/media/{name}", f"/static/{name}", f"/static/../media/{name}"):
        response = recruiter.get(path)
        assert response.status_code == 404, path


# --- The download view ----------------------------------------------------------


def test_a_cv_is_downloaded_only_as_an_attachment_never_sniffed_or_cached(world):
    referral = referral_submit(
        member=world.member,
        job=world.job,
        cv=upload('cv"<script>.html', pdf_bytes(), "text/html"),
        data=ReferralData(first_name="Jane", last_name="Doe", email="jane@example.org"),
    )
    consent_confirm(referral=referral)
    document = referral.documents.get()
    url = reverse("backoffice:document_download", args=[document.pk])
    response = world.client_for(world.recruiter).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"  # what it is, not what it claimed
    assert response["Content-Disposition"].startswith("attachment;")
    # Saved under the extension of what it is: a PDF/HTML polyglot named .html would
    # otherwise open as a web page from the recruiter's disk.
    assert response["Content-Disposition"].endswith('.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == pdf_bytes()
    # Only the tenant's recruiters.
    assert world.client_for(world.member).get(url).status_code == 403
    assert world.client_for(world.outsider).get(url).status_code == 404
    assert world.client_for(world.outsider, host=ACME).get(url).status_code == 302
    anonymous = Client(HTTP_HOST=ACME).get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
