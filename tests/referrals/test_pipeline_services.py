"""Pipeline services: status changes with their e-mails, transfers, reminders (R4, R5)."""

import datetime as dt
import os

import pytest
import time_machine
from django.core import mail
from django.utils import timezone, translation

from coopt.notifications.models import EmailTemplate, Notification, OutboundEmail
from coopt.referrals.models import Consent, Document, Referral, Status, StatusChange
from coopt.referrals.services import (
    PipelineError,
    mobility_apply,
    referral_erase_personal_data,
    referral_set_status,
    referral_transfer,
    reminder_add,
    reminder_complete,
    reminders_send_due,
)

from .. import factories as f
from ..conftest import World
from .cv_files import pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(world: World) -> Referral:
    """Jane, confirmed, with a CV; she reads Italian, her referrer German."""
    world.member.user.language = "de"
    world.member.user.save()
    return f.refer(
        referrer=world.member,
        job=world.job,
        email="jane@example.org",
        language="it",
        cv=pdf_upload(),
        confirmed=True,
    )


def test_an_unconfirmed_referral_cannot_move(world):
    awaiting = f.refer(referrer=world.member, job=world.job)
    with pytest.raises(PipelineError):
        referral_set_status(referral=awaiting, status=Status.CONTACTED, author=world.recruiter.user)
    awaiting.refresh_from_db()
    assert awaiting.status == Status.RECOMMENDED
    assert awaiting.history.count() == 1
    assert not OutboundEmail.objects.filter(template__endswith="-status").exists()


def test_an_erased_referral_cannot_move(referral, world):
    referral_erase_personal_data(referral=referral)
    with pytest.raises(PipelineError):
        referral_set_status(referral=referral, status=Status.MET, author=world.recruiter.user)


@pytest.mark.parametrize("status", ["transferred", "promoted", ""])
def test_an_invalid_status_is_refused(referral, world, status):
    with pytest.raises(PipelineError):
        referral_set_status(referral=referral, status=status, author=world.recruiter.user)


def test_a_status_change_is_recorded_with_its_author(referral, world):
    referral_set_status(
        referral=referral, status=Status.CONTACTED, author=world.recruiter.user, comment="Called"
    )
    change = StatusChange.objects.filter(referral=referral).last()
    assert change is not None
    assert (change.from_status, change.to_status) == (Status.RECOMMENDED, Status.CONTACTED)
    assert change.author == world.recruiter.user
    assert change.comment == "Called"
    referral.refresh_from_db()
    assert referral.status == Status.CONTACTED


def test_the_candidate_and_the_referrer_are_emailed_in_their_languages(referral, world):
    referral_set_status(referral=referral, status=Status.MET, author=world.recruiter.user)
    to_candidate = OutboundEmail.objects.get(template="candidate-status")
    assert to_candidate.to_email == "jane@example.org"
    assert to_candidate.language == "it"
    assert to_candidate.tenant == world.acme
    assert to_candidate.subject_ref == f"referral:{referral.pk}"
    to_referrer = OutboundEmail.objects.get(template="referrer-status")
    assert to_referrer.to_email == "member@acme.test"
    assert to_referrer.language == "de"
    assert "Acme" in to_referrer.from_email


def test_the_referrer_is_notified_in_app(referral, world):
    referral_set_status(referral=referral, status=Status.HIRED, author=world.recruiter.user)
    notes = Notification.objects.filter(
        recipient=world.member, subject_ref=f"referral:{referral.pk}"
    )
    # The referrer reads German (see the fixture), whoever made the change.
    with translation.override("de"):
        hired = translation.gettext("Hired")
    assert hired != "Hired"
    assert any("Account manager" in note.text and hired in note.text for note in notes)


def test_setting_the_same_status_again_changes_nothing(referral, world):
    referral_set_status(referral=referral, status=Status.CONTACTED, author=world.recruiter.user)
    before = OutboundEmail.objects.count()
    referral_set_status(referral=referral, status=Status.CONTACTED, author=world.recruiter.user)
    assert OutboundEmail.objects.count() == before
    assert referral.history.count() == 2


def test_the_tenant_wording_is_used_when_written(referral, world):
    EmailTemplate.objects.create(
        tenant=world.acme,
        key="candidate-status",
        status=Status.CONTACTED,
        language="it",
        subject="Ciao {{ candidate_first_name }}",
        body="{{ job_title }} – {{ company }}",
    )
    referral_set_status(referral=referral, status=Status.CONTACTED, author=world.recruiter.user)
    email = OutboundEmail.objects.get(template="candidate-status")
    assert email.subject == "Ciao Jane"
    assert "Account manager – Acme" in email.body_text


def test_an_internal_applicant_gets_no_candidate_email(world):
    application = mobility_apply(member=world.expert, job=world.job, motivation="Me")
    referral_set_status(referral=application, status=Status.MET, author=world.recruiter.user)
    assert not OutboundEmail.objects.filter(template="candidate-status").exists()


def test_the_emails_leave_after_the_commit(referral, world, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        referral_set_status(referral=referral, status=Status.CONTACTED, author=world.recruiter.user)
    assert sorted(m.to[0] for m in mail.outbox) == ["jane@example.org", "member@acme.test"]


def test_a_transfer_creates_a_referral_on_the_other_job(referral, world):
    other = f.make_job(world.acme, title="Buyer")
    new = referral_transfer(referral=referral, job=other, author=world.recruiter.user)
    referral.refresh_from_db()
    assert referral.status == Status.TRANSFERRED
    assert referral.transferred_to == new
    assert new.job == other
    assert new.referrer == world.member
    assert new.consent == Consent.CONFIRMED
    assert new.status == Status.RECOMMENDED
    assert (new.first_name, new.email) == ("Jane", "jane@example.org")
    assert new.history.get().author == world.recruiter.user
    assert referral.history.last().to_status == Status.TRANSFERRED
    assert Document.objects.filter(referral=new).count() == 1
    with pytest.raises(PipelineError):
        referral_set_status(referral=referral, status=Status.MET, author=world.recruiter.user)


def test_a_transferred_cv_outlives_the_old_referral(referral, world):
    other = f.make_job(world.acme, title="Buyer")
    new = referral_transfer(referral=referral, job=other, author=world.recruiter.user)
    referral_erase_personal_data(referral=referral)
    document = Document.objects.get(referral=new)
    assert os.path.exists(document.file.path)
    with document.file.open("rb") as handle:
        assert handle.read().startswith(b"%PDF-")


def test_a_transfer_is_refused_to_the_same_job_or_another_tenant(referral, world):
    with pytest.raises(PipelineError):
        referral_transfer(referral=referral, job=world.job, author=world.recruiter.user)
    with pytest.raises(PipelineError):
        referral_transfer(referral=referral, job=world.globex_job, author=world.recruiter.user)
    assert Referral.objects.count() == 1


def test_a_transfer_to_a_job_where_the_person_already_is_is_refused(referral, world):
    other = f.make_job(world.acme, title="Buyer")
    f.refer(referrer=world.expert, job=other, email="jane@example.org")
    with pytest.raises(PipelineError):
        referral_transfer(referral=referral, job=other, author=world.recruiter.user)
    referral.refresh_from_db()
    assert referral.status == Status.RECOMMENDED


def test_due_reminders_are_emailed_once(referral, world):
    today = timezone.localdate()
    due = reminder_add(referral=referral, owner=world.recruiter, due_on=today, text="Call Jane")
    reminder_add(
        referral=referral, owner=world.recruiter, due_on=today + dt.timedelta(days=2), text="Later"
    )
    done = reminder_add(referral=referral, owner=world.recruiter, due_on=today, text="Done")
    reminder_complete(reminder=done)
    assert reminders_send_due() == 1
    assert reminders_send_due() == 0
    email = OutboundEmail.objects.get(template="reminder-due")
    assert email.to_email == "recruiter@acme.test"
    assert "Call Jane" in email.subject
    due.refresh_from_db()
    assert due.emailed_at is not None
    with time_machine.travel(timezone.now() + dt.timedelta(days=3)):
        assert reminders_send_due() == 1  # the later one, on its day
    assert OutboundEmail.objects.filter(template="reminder-due").count() == 2


def test_reminders_need_a_confirmed_referral(world):
    awaiting = f.refer(referrer=world.member, job=world.job)
    with pytest.raises(PipelineError):
        reminder_add(
            referral=awaiting, owner=world.recruiter, due_on=timezone.localdate(), text="x"
        )


def test_a_tenant_wording_can_link_to_the_referrers_dashboard(world):
    from coopt.notifications.models import EmailTemplate, OutboundEmail
    from coopt.referrals.services import referral_set_status
    from tests import factories as f

    EmailTemplate.objects.create(
        tenant=world.acme,
        key="referrer-status",
        status="contacted",
        language="en",
        subject="News about {{ candidate_first_name }}",
        body="Follow it here: {{ dashboard_url }}",
    )
    referral = f.refer(referrer=world.member, job=world.job, confirmed=True)
    referral_set_status(referral=referral, status="contacted", author=world.recruiter.user)
    message = OutboundEmail.objects.get(template="referrer-status")
    assert message.subject == "News about Jane"
    assert "http://acme.localhost/me/" in message.body_text


def test_the_referrer_reads_the_status_notification_in_their_own_language(world):
    from django.utils import translation

    from coopt.notifications.models import Notification
    from coopt.referrals.services import referral_set_status
    from tests import factories as f

    world.member.user.language = "fr"
    world.member.user.save(update_fields=["language"])
    referral = f.refer(referrer=world.member, job=world.job, confirmed=True)
    with translation.override("en"):  # the recruiter works in English
        referral_set_status(referral=referral, status="hired", author=world.recruiter.user)
    text = Notification.objects.filter(recipient=world.member).latest("id").text
    with translation.override("fr"):
        hired = str(translation.gettext("Hired"))
    assert hired != "Hired"
    assert hired in text
