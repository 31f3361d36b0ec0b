"""Reading a candidate's data records it (Y4), whoever reads: the page, the CV."""

import pytest

from coopt.audit.actors import Actor
from coopt.audit.models import AuditEvent
from coopt.referrals.services.reads import candidate_viewed, document_open

from .. import factories as f
from ..audit.helpers import AuditCrash, crash_after_audit, only_event
from ..backoffice.test_documents import referral_with_cv

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action


def test_opening_a_candidate_is_recorded(world):
    referral = f.refer(referrer=world.member, job=world.job, confirmed=True)
    candidate_viewed(referral=referral, actor=Actor.member(world.recruiter))
    event = only_event(Action.CANDIDATE_VIEWED)
    assert (event.tenant, event.actor) == (world.acme, world.recruiter.user)
    assert event.target == f"referral:{referral.pk}"
    assert event.details == {}


def test_an_api_token_reading_a_candidate_is_named(world):
    referral = f.refer(referrer=world.member, job=world.job, confirmed=True)
    candidate_viewed(referral=referral, actor=Actor.api_token(token_id=4, tenant_id=world.acme.pk))
    event = only_event(Action.CANDIDATE_VIEWED)
    assert (event.tenant, event.actor, event.details) == (world.acme, None, {"by": "api_token:4"})


def test_a_crash_while_recording_a_view_leaves_no_event(world):
    referral = f.refer(referrer=world.member, job=world.job, confirmed=True)
    with crash_after_audit(), pytest.raises(AuditCrash):
        candidate_viewed(referral=referral, actor=Actor.member(world.recruiter))
    assert not AuditEvent.objects.exists()


def test_opening_a_cv_gives_the_file_and_records_the_download(world):
    document = referral_with_cv(world.member, world.job).documents.get()
    with document_open(document=document, actor=Actor.member(world.recruiter)) as handle:
        assert handle.read(5) == b"%PDF-"
    event = only_event(Action.CV_DOWNLOADED)
    assert (event.tenant, event.actor) == (world.acme, world.recruiter.user)
    assert event.target == f"document:{document.pk}"
    assert event.details == {"referral": document.referral_id}


def test_a_cv_missing_from_storage_records_nothing(world):
    document = referral_with_cv(world.member, world.job).documents.get()
    document.file.storage.delete(document.file.name or "")
    with pytest.raises(FileNotFoundError):
        document_open(document=document, actor=Actor.member(world.recruiter))
    assert not AuditEvent.objects.exists()


def test_a_crash_while_recording_a_download_closes_the_file_and_leaves_no_event(world):
    document = referral_with_cv(world.member, world.job).documents.get()
    with crash_after_audit(), pytest.raises(AuditCrash):
        document_open(document=document, actor=Actor.member(world.recruiter))
    assert document.file.closed
    assert not AuditEvent.objects.exists()
