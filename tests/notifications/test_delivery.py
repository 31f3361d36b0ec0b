"""The outbox: each message is sent once, retried with backoff, given up after 48 hours."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from coopt.notifications import delivery
from coopt.notifications.models import OutboundEmail
from coopt.notifications.services import email_queue_text

from ..conftest import World
from ..integration.smtp import SMTPSink, closed_port_mailers, text_and_html
from .conftest import Queue

TRY_AGAIN = "451 4.3.0 Mailbox busy, try again later"


def reload(message: OutboundEmail) -> OutboundEmail:
    message.refresh_from_db()
    return message


def test_deliver_sends_the_message_once_and_marks_it_sent(queue: Queue) -> None:
    message = queue()
    assert message.status == OutboundEmail.Status.PENDING
    assert mail.outbox == []

    assert delivery.deliver(message.pk) == "sent"

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["jane@example.org"]
    message = reload(message)
    assert message.status == OutboundEmail.Status.SENT
    assert message.sent_at is not None
    assert message.attempts == 1
    assert message.claimed_at is None


def test_a_second_deliver_of_the_same_message_does_nothing(queue: Queue) -> None:
    message = queue()
    delivery.deliver(message.pk)
    sent_at = reload(message).sent_at

    assert delivery.deliver(message.pk) == "skipped"

    assert len(mail.outbox) == 1
    message = reload(message)
    assert message.sent_at == sent_at
    assert message.attempts == 1


def test_a_message_that_no_longer_exists_is_skipped(queue: Queue) -> None:
    message = queue()
    OutboundEmail.objects.filter(pk=message.pk).delete()
    assert delivery.deliver(message.pk) == "skipped"
    assert mail.outbox == []


def test_it_is_sent_when_the_transaction_commits_and_never_if_it_rolls_back(
    world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    def write(to: str) -> OutboundEmail:
        return email_queue_text(
            tenant=world.acme, to=to, subject="Hi", text="Hi", html=None, language="en"
        )

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                write("lost@example.org")
                raise RuntimeError("the change failed")
        kept = write("kept@example.org")
        assert mail.outbox == []  # not before the commit

    assert [m.to for m in mail.outbox] == [["kept@example.org"]]
    assert reload(kept).status == OutboundEmail.Status.SENT
    assert not OutboundEmail.objects.filter(to_email="lost@example.org").exists()


def test_it_has_a_text_and_a_branded_html_part_and_a_stable_message_id(
    queue: Queue, smtp: SMTPSink
) -> None:
    message = queue()
    stamp = f"{message.created_at:%Y%m%d%H%M%S%f}"
    assert message.message_id == f"<{message.pk}.{stamp}@localhost>"

    delivery.deliver(message.pk)

    [received] = smtp.messages()
    assert received.get_content_type() == "multipart/alternative"
    text, html = text_and_html(received)
    assert "Hello Jane," in text and "<" not in text
    assert "Hello Jane," in html and "#123456" in html
    assert received["Message-ID"] == message.message_id
    assert received["Subject"] == "Hello"
    assert received["From"].addresses[0].display_name == "Acme"


def test_an_smtp_refusal_is_retried_with_backoff_under_the_same_message_id(
    queue: Queue, smtp: SMTPSink
) -> None:
    smtp.reply = TRY_AGAIN
    message = queue()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert delivery.deliver(message.pk) == "retry"
        message = reload(message)
        assert message.status == OutboundEmail.Status.PENDING
        assert message.attempts == 1
        assert message.claimed_at is None
        assert message.next_attempt_at == timezone.now() + timedelta(seconds=30)
        assert "451" in message.last_error
        assert delivery.deliver(message.pk) == "skipped"  # not due yet
        assert delivery.due_message_ids() == []

        clock.shift(timedelta(seconds=30))
        assert delivery.due_message_ids() == [message.pk]
        assert delivery.deliver(message.pk) == "retry"
        assert reload(message).next_attempt_at == timezone.now() + timedelta(seconds=60)

        smtp.reply = None
        clock.shift(timedelta(seconds=60))
        assert delivery.deliver(message.pk) == "sent"

    assert len(smtp.refused) == 2
    [received] = smtp.messages()
    ids = {item.message["Message-ID"] for item in smtp.refused} | {received["Message-ID"]}
    assert ids == {message.message_id}
    message = reload(message)
    assert (message.status, message.attempts, message.last_error) == ("sent", 3, "")


def test_a_server_that_cannot_be_reached_is_retried(queue: Queue, settings: Settings) -> None:
    settings.MAILERS = closed_port_mailers()
    message = queue()
    assert delivery.deliver(message.pk) == "retry"
    message = reload(message)
    assert message.status == OutboundEmail.Status.PENDING
    assert message.attempts == 1
    assert "Connection" in message.last_error


def test_backoff_doubles_and_stops_growing_at_one_hour() -> None:
    waits = [delivery.backoff(attempt) for attempt in range(1, 10)]
    assert waits[:4] == [timedelta(seconds=s) for s in (30, 60, 120, 240)]
    assert waits[-1] == timedelta(hours=1)
    assert all(a <= b for a, b in zip(waits, waits[1:], strict=False))
    assert delivery.backoff(200) == timedelta(hours=1)


def test_after_48_hours_of_failures_the_message_is_failed(queue: Queue, settings: Settings) -> None:
    settings.MAILERS = closed_port_mailers()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        message = queue()
    with time_machine.travel(start + timedelta(hours=47, minutes=59), tick=False):
        assert delivery.deliver(message.pk) == "retry"
        assert reload(message).status == OutboundEmail.Status.PENDING
    with time_machine.travel(start + timedelta(hours=49), tick=False):
        assert delivery.deliver(message.pk) == "failed"
        message = reload(message)
        assert message.status == OutboundEmail.Status.FAILED
        assert message.attempts == 2
        assert delivery.due_message_ids() == []
    with time_machine.travel(start + timedelta(days=10), tick=False):
        assert delivery.deliver(message.pk) == "skipped"
    assert reload(message).attempts == 2


def test_a_refused_recipient_is_failed_at_once(queue: Queue, smtp: SMTPSink) -> None:
    smtp.reply = None
    smtp.refuse_recipient = "550 5.1.1 No such user"
    message = queue(to="nobody@example.org")
    assert delivery.deliver(message.pk) == "failed"
    message = reload(message)
    assert message.status == OutboundEmail.Status.FAILED
    assert "550" in message.last_error
    assert smtp.messages() == []


def test_a_message_that_cannot_be_built_does_not_stay_claimed(queue: Queue) -> None:
    message = queue()
    OutboundEmail.objects.filter(pk=message.pk).update(headers={"X-Ref": "a\nb"})
    assert delivery.deliver(message.pk) == "retry"
    message = reload(message)
    assert message.status == OutboundEmail.Status.PENDING
    assert message.claimed_at is None
    assert message.attempts == 1
    assert message.last_error


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_bulk_delivery_marks_each_message_without_waiting_for_the_flush_then_resets(
    queue: Queue, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [queue(to=f"p{n}@example.org").pk for n in range(3)]
    seen = []
    mark_sent = delivery._mark_sent

    def watched(message: OutboundEmail) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            seen.append(cursor.fetchone()[0])
        mark_sent(message)

    monkeypatch.setattr(delivery, "_mark_sent", watched)

    assert delivery.deliver_many(ids)["sent"] == 3

    assert seen == ["off"] * 3
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"  # the connection is reused by other work
    assert OutboundEmail.objects.filter(pk__in=ids, status="sent").count() == 3
