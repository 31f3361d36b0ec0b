"""Erasing one's data: rows, files, queued messages and notifications go; counts and other
tenants stay; the link then says that nothing is held."""

from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from coopt.audit.actors import Actor
from coopt.audit.models import AuditEvent
from coopt.notifications.models import Notification, OutboundEmail
from coopt.privacy.models import SubjectRequest
from coopt.privacy.requests import person_erase
from coopt.referrals.models import (
    ConsentRecord,
    Document,
    LinkToken,
    Note,
    Referral,
    Reminder,
    Status,
)
from coopt.referrals.services import note_add, referral_set_status, reminder_add

from .. import factories as f
from ..conftest import World
from ..referrals.cv_files import stored_name
from ..responses import Response
from .requests_helpers import JANE_KEY, anonymous, page_path, refer_jane

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_instant")]


@pytest.fixture
def jane(world: World) -> dict[str, Any]:
    """Jane in the acme pipeline for two jobs, with CVs, notes, a reminder, e-mails and
    notifications about her; and the same Jane at globex."""
    first = refer_jane(world)
    referral_set_status(referral=first, status=Status.CONTACTED, author=world.recruiter.user)
    note_add(referral=first, author=world.recruiter.user, body="Call her back")
    reminder_add(
        referral=first,
        owner=world.recruiter,
        due_on=timezone.localdate(),
        text="Send Jane the offer",
    )
    second = refer_jane(
        world, job=f.make_job(world.acme, author=world.recruiter.user, title="Field engineer")
    )
    ConsentRecord.objects.create(
        tenant=world.acme,
        email_key=JANE_KEY,
        kind="talent_pool",
        action="given",
        text_version="v1",
        channel="self_service",
    )
    anonymous(world.acme).post(
        page_path(world.acme) + "request/", {"kind": "access", "details": "I am Jane Doe"}
    )
    globex = refer_jane(world, job=world.globex_job, member=world.outsider_member)
    return {"acme": [first, second], "globex": globex}


def erase(world: World) -> Response:
    return anonymous(world.acme).post(page_path(world.acme) + "erase/")


def test_the_erase_page_asks_for_confirmation_first(world, jane):
    response = anonymous(world.acme).get(page_path(world.acme) + "erase/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "This cannot be undone." in html
    assert "data-confirm=" in html
    assert "Account manager" in html and "Field engineer" in html
    assert Referral.objects.filter(email_key=JANE_KEY, tenant=world.acme).count() == 2


def test_erasing_blanks_the_rows_and_keeps_them_as_anonymous_counts(world, jane):
    response = erase(world)
    assert response.status_code == 200
    for referral in jane["acme"]:
        referral.refresh_from_db()
        assert referral.personal_data_deleted_at is not None
        assert referral.email_key is None
        for name in ("first_name", "last_name", "email", "phone", "relationship", "motivation"):
            assert getattr(referral, name) == "", name
        assert referral.job_id and referral.status  # the count stays
    assert Referral.objects.filter(tenant=world.acme).count() == 2
    assert not Note.objects.filter(referral__in=jane["acme"]).exists()
    assert not Reminder.objects.filter(referral__in=jane["acme"]).exists()


def test_erasing_deletes_the_cv_files_from_storage(world, jane):
    documents = list(Document.objects.filter(referral__in=jane["acme"]))
    names = [stored_name(document) for document in documents]
    assert names and all(default_storage.exists(name) for name in names)
    erase(world)
    assert not Document.objects.filter(referral__in=jane["acme"]).exists()
    assert not any(default_storage.exists(name) for name in names)


def test_erasing_deletes_queued_messages_and_blanks_the_sent_ones(world, jane):
    refs = [f"referral:{referral.pk}" for referral in jane["acme"]]
    pending = OutboundEmail.objects.filter(subject_ref__in=refs).exclude(
        status=OutboundEmail.Status.SENT
    )
    assert pending.filter(template="candidate-status").exists()  # queued, not sent yet
    sent = OutboundEmail.objects.filter(subject_ref=refs[1]).first()
    assert sent is not None
    OutboundEmail.objects.filter(pk=sent.pk).update(status=OutboundEmail.Status.SENT)
    erase(world)
    assert not pending.exists()
    sent.refresh_from_db()
    assert sent.body_text == "" and sent.to_email == "erased@invalid"


def test_erasing_deletes_the_notifications_about_her(world, jane):
    refs = [f"referral:{referral.pk}" for referral in jane["acme"]]
    assert Notification.objects.filter(subject_ref__in=refs).exists()
    erase(world)
    assert not Notification.objects.filter(subject_ref__in=refs).exists()


def test_erasing_unlinks_consent_records_and_requests_and_records_the_erasure(world, jane):
    erase(world)
    assert not ConsentRecord.objects.filter(tenant=world.acme, email_key=JANE_KEY).exists()
    assert ConsentRecord.objects.filter(tenant=world.acme, email_key="").count() >= 1
    assert not SubjectRequest.objects.filter(tenant=world.acme, email_key=JANE_KEY).exists()
    earlier = SubjectRequest.objects.get(tenant=world.acme, kind=SubjectRequest.Kind.ACCESS)
    assert earlier.details == ""  # her own words named her
    erasure = SubjectRequest.objects.get(tenant=world.acme, kind=SubjectRequest.Kind.ERASURE)
    assert erasure.state == SubjectRequest.State.DONE
    assert erasure.email_key == ""
    assert erasure.completed_at is not None
    assert "2" in erasure.details
    event = AuditEvent.objects.get(action=AuditEvent.Action.DATA_ERASED)
    assert event.target == f"subjectrequest:{erasure.pk}"
    assert sorted(event.details["referrals"]) == sorted(r.pk for r in jane["acme"])


def test_erasing_records_the_end_of_her_consents_through_her_data_page(world, jane):
    erase(world)
    for referral in jane["acme"]:
        withdrawn = ConsentRecord.objects.get(
            referral=referral, kind="processing", action="withdrawn"
        )
        assert withdrawn.channel == ConsentRecord.Channel.SELF_SERVICE
        assert withdrawn.email_key == ""


def test_the_same_person_in_another_tenant_is_untouched(world, jane):
    ConsentRecord.objects.create(
        tenant=world.globex,
        referral=jane["globex"],
        email_key=JANE_KEY,
        kind="processing",
        action="given",
        text_version="v1",
        channel="email_link",
    )
    globex_files = [stored_name(d) for d in Document.objects.filter(referral=jane["globex"])]
    erase(world)
    globex = Referral.objects.get(pk=jane["globex"].pk)
    assert globex.personal_data_deleted_at is None
    assert (globex.first_name, globex.email_key) == ("Jane", JANE_KEY)
    assert globex_files and all(default_storage.exists(name) for name in globex_files)
    assert ConsentRecord.objects.filter(tenant=world.globex, email_key=JANE_KEY).exists()
    assert (
        anonymous(world.globex)
        .get(page_path(world.globex))
        .content.decode()
        .count('data-testid="held-referral"')
        == 1
    )


def test_other_people_of_the_tenant_are_untouched(world, jane):
    bob = f.refer(referrer=world.member, job=world.job, email="bob@example.org", first_name="Bob")
    erase(world)
    bob.refresh_from_db()
    assert bob.first_name == "Bob" and bob.personal_data_deleted_at is None


def test_the_answer_says_nothing_is_held_and_the_links_went_with_the_data(world, jane):
    client = anonymous(world.acme)
    path = page_path(world.acme)
    other_link = page_path(world.acme)  # the link of another e-mail to Jane
    response = client.post(path + "erase/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing is held about you" in html
    assert "Your data has been erased." in html
    assert "Account manager" not in html
    assert not LinkToken.objects.filter(tenant=world.acme).exclude(email_key="").exists()
    # Every link to the page now says plainly that it opens nothing: not an error.
    for link in (path, other_link, path + "erase/"):
        refused = client.get(link)
        assert refused.status_code == 404
        assert 'data-testid="link-refused"' in refused.content.decode()
    assert client.post(path + "erase/").status_code == 404


def test_the_service_returns_the_recorded_erasure(world, jane):
    recorded = person_erase(tenant=world.acme, key=JANE_KEY, actor=Actor.system())
    assert recorded.kind == SubjectRequest.Kind.ERASURE
    assert not Referral.objects.filter(tenant=world.acme, email_key=JANE_KEY).exists()
