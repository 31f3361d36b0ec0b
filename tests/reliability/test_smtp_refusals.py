"""SMTP refusing mail (point 10): a real aiosmtpd server answers 451 to every message.
With the clock moved by time-machine, the relay retries with backoff; after an hour
the server recovers and the e-mail arrives exactly once. Refused for 48 hours, it is
failed, shown to the admin on "E-mail delivery", and "retry now" sends it once."""

from datetime import datetime, timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from coopt.notifications import delivery, tasks
from coopt.notifications.models import OutboundEmail
from coopt.referrals.models import Referral

from .. import factories as f
from ..conftest import World
from ..emails import consent_tokens_in
from ..integration.smtp import SMTPSink

TRY_AGAIN = "451 4.3.0 Mailbox busy, try again later"
OUTBOX_URL = reverse("backoffice:outbox")


def refer_with_email_sent_at_once(
    world: World, capture: DjangoCaptureOnCommitCallbacks
) -> tuple[Referral, OutboundEmail]:
    """A referral whose consent e-mail is handed to delivery at once (eager, on commit)."""
    with capture(execute=True):
        referral = f.refer(referrer=world.member, job=world.job, email="jane@example.org")
    return referral, OutboundEmail.objects.get(subject_ref=f"referral:{referral.pk}")


def relay_when_due(clock: time_machine.Traveller, message: OutboundEmail) -> datetime:
    """Move the clock to the message's next attempt and run the relay, as the beat does.

    One second earlier, the relay leaves it alone."""
    message.refresh_from_db()
    due = message.next_attempt_at
    clock.move_to(due - timedelta(seconds=1))
    assert tasks.relay_outbox() == 0
    clock.move_to(due)
    assert tasks.relay_outbox() == 1
    message.refresh_from_db()
    return due


def message_ids(smtp: SMTPSink) -> set[str]:
    return {str(item.message["Message-ID"]) for item in [*smtp.refused, *smtp.received]}


def test_an_hour_of_refusals_then_recovery_delivers_the_email_exactly_once(
    world: World, smtp: SMTPSink, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    smtp.reply = TRY_AGAIN
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        _referral, message = refer_with_email_sent_at_once(
            world, django_capture_on_commit_callbacks
        )
        assert (message.status, message.attempts) == ("pending", 1)  # refused at once
        attempts = [start]
        while message.next_attempt_at <= start + timedelta(hours=1):
            attempts.append(relay_when_due(clock, message))
            assert (message.status, message.attempts) == ("pending", len(attempts))
            assert "451" in message.last_error
        # 30 s, 1, 2, 4, 8, 16 and 32 minutes apart: seven attempts in the hour.
        gaps = [later - earlier for earlier, later in zip(attempts, attempts[1:], strict=False)]
        assert gaps == [delivery.backoff(n) for n in range(1, len(attempts))]
        assert len(attempts) == len(smtp.refused) == 7
        assert smtp.received == []

        smtp.reply = None  # the server accepts mail again
        recovered = relay_when_due(clock, message)
        assert recovered - start <= timedelta(hours=1) + delivery.MAX_BACKOFF
        for _hour in range(3):  # later relays send nothing more
            clock.shift(timedelta(hours=1))
            assert tasks.relay_outbox() == 0

    [received] = smtp.received
    assert received.rcpt_tos == ["jane@example.org"]
    assert message_ids(smtp) == {message.message_id}  # one message, tried eight times
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == ("sent", 8, "")


def test_after_48_hours_of_refusals_it_is_failed_shown_to_the_admin_and_retried_once(
    world: World, smtp: SMTPSink, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    smtp.reply = TRY_AGAIN
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        referral, message = refer_with_email_sent_at_once(world, django_capture_on_commit_callbacks)
        last_try = start
        while message.status == OutboundEmail.Status.PENDING:
            assert last_try - start < delivery.RETRY_FOR  # still within the 48 hours
            last_try = relay_when_due(clock, message)
        assert message.status == OutboundEmail.Status.FAILED
        assert delivery.RETRY_FOR <= last_try - start < delivery.RETRY_FOR + delivery.MAX_BACKOFF
        assert message.attempts == len(smtp.refused) > 48  # hourly after the first hours
        assert smtp.received == []
        clock.shift(timedelta(days=2))
        assert tasks.relay_outbox() == 0  # failed: the relay leaves it alone

        admin = world.client_for(world.admin)
        page = admin.get(OUTBOX_URL)
        assert page.status_code == 200
        html = page.content.decode()
        assert html.count('data-testid="email-row"') == 1
        for shown in ("jane@example.org", message.subject, f"referral:{referral.pk}", "451"):
            assert shown in html
        assert f"<td>{message.attempts}</td>" in html
        assert consent_tokens_in(html) == []  # the body (and its link) is never shown
        assert 'data-testid="kpi-failed"><strong>1<' in html

        smtp.reply = None
        retry_url = reverse("backoffice:outbox_retry", args=[message.pk])
        with django_capture_on_commit_callbacks(execute=True):
            response = admin.post(retry_url, {"next": OUTBOX_URL})
        assert response.status_code == 302 and response["Location"] == OUTBOX_URL
        with django_capture_on_commit_callbacks(execute=True):
            admin.post(retry_url)  # a second click: already sent, nothing more
        assert tasks.relay_outbox() == 0
        after = admin.get(OUTBOX_URL).content.decode()

    [received] = smtp.received
    assert received.rcpt_tos == ["jane@example.org"]
    assert message_ids(smtp) == {message.message_id}
    message.refresh_from_db()
    assert message.status == OutboundEmail.Status.SENT
    assert 'data-testid="email-row"' not in after
    assert "Every e-mail was delivered" in after


def test_a_server_that_fails_after_accepting_the_message_gets_no_second_copy(
    world: World,
    smtp: SMTPSink,
    settings: Settings,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    """The message is marked sent once the server accepted it: a goodbye (QUIT) that
    times out afterwards is no reason to send it again."""
    from .smtp_gate import Gate

    settings.MAILERS = smtp.mailers(timeout=1)
    gate = Gate(smtp, "QUIT")  # accepts the message, then never answers QUIT
    try:
        _referral, message = refer_with_email_sent_at_once(
            world, django_capture_on_commit_callbacks
        )
    finally:
        gate.remove()

    assert gate.reached.is_set()
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 1)
    start = timezone.now()
    with time_machine.travel(start + delivery.CLAIM_TIMEOUT + timedelta(hours=1), tick=False):
        assert tasks.relay_outbox() == 0
    assert len(smtp.received) == 1
