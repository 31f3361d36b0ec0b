"""Downloading one's data: a ZIP with data.json (every field) and the CV files, byte for byte."""

import io
import json
import zipfile

import pytest

from coopt.audit.models import AuditEvent
from coopt.privacy.models import SubjectRequest
from coopt.referrals.models import ConsentRecord, Document, Referral, Status
from coopt.referrals.services import consent_confirm, note_add, referral_set_status

from ..conftest import World
from ..emails import consent_tokens_in
from ..referrals.cv_files import docx_bytes, docx_upload, pdf_bytes, stored_name
from ..responses import Response, streamed
from .requests_helpers import JANE, JANE_KEY, anonymous, page_path, refer_jane

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_instant")]


@pytest.fixture
def jane(world: World) -> Referral:
    referral = refer_jane(world, confirmed=False)
    # She confirms and adds her own CV next to the one her referrer sent.
    referral = consent_confirm(referral=referral, cv=docx_upload("Jane-own.docx"))
    referral_set_status(referral=referral, status=Status.MET, author=world.recruiter.user)
    note_add(referral=referral, author=world.recruiter.user, body="Strong on negotiation")
    return referral


def download(world: World) -> Response:
    return anonymous(world.acme).post(page_path(world.acme) + "download/")


def archive_of(response: Response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(streamed(response)))


def test_the_download_is_a_zip_served_as_an_attachment(world, jane):
    response = download(world)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="acme-personal-data.zip"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert archive_of(response).testzip() is None


def test_the_cv_files_are_in_the_zip_byte_for_byte(world, jane):
    archive = archive_of(download(world))
    documents = {d.original_name: d for d in Document.objects.filter(referral=jane)}
    data = json.loads(archive.read("data.json"))
    entries = {d["original_name"]: d["file_in_zip"] for d in data["referrals"][0]["documents"]}
    assert set(entries) == {"Jane CV.pdf", "Jane-own.docx"} == set(documents)
    assert archive.read(entries["Jane CV.pdf"]) == pdf_bytes()
    assert archive.read(entries["Jane-own.docx"]) == docx_bytes()
    with documents["Jane CV.pdf"].file.open("rb") as stored:
        assert archive.read(entries["Jane CV.pdf"]) == stored.read()
    assert sorted(archive.namelist()) == sorted(["data.json", *entries.values()])


def test_data_json_holds_every_field_machine_readable(world, jane):
    data = json.loads(archive_of(download(world)).read("data.json"))
    assert data["format"] == "coopt-personal-data/1"
    assert data["company"] == "Acme"
    assert data["email_key"] == JANE_KEY
    [referral] = data["referrals"]
    expected = {
        "id": jane.pk,
        "first_name": "Jane",
        "last_name": "Doe",
        "email": JANE,
        "phone": "06 12 34 56 78",
        "relationship": "Former colleague at Initech",
        "motivation": "Ships on time, every time",
        "language": "en",
        "status": "met",
        "status_label": "Met",
        "consent": "confirmed",
        "source": "referral",
        "email_key": JANE_KEY,
        "phone_key": "+33612345678",
        "job_id": world.job.pk,
        "referrer_id": world.member.pk,
    }
    for name, value in expected.items():
        assert referral[name] == value, name
    for name in ("created_at", "updated_at", "consent_requested_at", "consent_answered_at"):
        assert referral[name].startswith(str(jane.created_at.year)), name
    assert referral["job"] == {"id": world.job.pk, "title": "Account manager"}
    assert referral["referrer"] == {"name": world.member.display_name}
    assert [step["to_status"] for step in referral["history"]] == ["recommended", "met"]
    assert [note["body"] for note in referral["notes"]] == ["Strong on negotiation"]
    # Secrets and other people's identities are not the person's data.
    assert "consent_token" not in referral
    assert all("author_id" not in step for step in referral["history"])
    assert consent_tokens_in(json.dumps(data)) == []


def test_data_json_holds_the_consent_records_and_earlier_requests(world, jane):
    ConsentRecord.objects.create(
        tenant=world.acme,
        referral=jane,
        email_key=JANE_KEY,
        kind="talent_pool",
        action="given",
        text_version="v-export",
        channel="self_service",
    )
    anonymous(world.acme).post(
        page_path(world.acme) + "request/", {"kind": "access", "details": "Who saw my CV?"}
    )
    data = json.loads(archive_of(download(world)).read("data.json"))
    assert "v-export" in [record["text_version"] for record in data["consent_records"]]
    assert [(r["kind"], r["details"]) for r in data["requests"]] == [("access", "Who saw my CV?")]


def test_downloading_records_a_request_done_at_once_and_an_audit_event(world, jane):
    download(world)
    recorded = SubjectRequest.objects.get(kind=SubjectRequest.Kind.EXPORT)
    assert recorded.tenant == world.acme
    assert recorded.email_key == JANE_KEY
    assert recorded.state == SubjectRequest.State.DONE
    assert recorded.completed_at == recorded.received_at
    assert recorded.due_at > recorded.received_at
    event = AuditEvent.objects.get(action=AuditEvent.Action.DATA_EXPORTED)
    assert event.tenant == world.acme
    assert event.target == f"subjectrequest:{recorded.pk}"
    assert JANE_KEY not in json.dumps(event.details)


def test_a_file_missing_from_storage_does_not_break_the_download(world, jane):
    document = Document.objects.get(referral=jane, original_name="Jane CV.pdf")
    document.file.storage.delete(stored_name(document))
    archive = archive_of(download(world))
    data = json.loads(archive.read("data.json"))
    entries = {d["original_name"]: d["file_in_zip"] for d in data["referrals"][0]["documents"]}
    assert entries["Jane CV.pdf"] is None
    assert archive.read(entries["Jane-own.docx"]) == docx_bytes()


def test_the_download_is_a_post_so_that_a_link_scanner_cannot_trigger_it(world, jane):
    response = anonymous(world.acme).get(page_path(world.acme) + "download/")
    assert response.status_code == 405
    assert not SubjectRequest.objects.exists()


def test_with_nothing_held_there_is_nothing_to_download(world):
    response = anonymous(world.acme).post(page_path(world.acme, "nobody@example.org") + "download/")
    assert response.status_code == 302
    assert not SubjectRequest.objects.exists()


def test_the_archive_holds_nothing_of_another_tenant(world, jane):
    refer_jane(world, job=world.globex_job, member=world.outsider_member, motivation="Globex only")
    data = json.loads(archive_of(download(world)).read("data.json"))
    assert len(data["referrals"]) == 1
    assert "Globex only" not in json.dumps(data)
