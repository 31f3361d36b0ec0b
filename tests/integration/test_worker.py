"""The outbox on a real Celery worker and a real broker: Redis on CI's PostgreSQL pass,
SQLite through SQLAlchemy otherwise. Each e-mail reaches a real SMTP server exactly once."""

import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from coopt.notifications import tasks
from coopt.notifications.models import OutboundEmail
from coopt.referrals.models import Referral

from .. import factories as f
from ..conftest import World
from ..emails import consent_referral_in
from .smtp import SMTPSink, smtp_server, text_and_html
from .worker import Worker, broker_url, database_url, publishing_to, purge

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def module_smtp() -> Iterator[SMTPSink]:
    with smtp_server() as sink:
        yield sink


@pytest.fixture(scope="module")
def worker(
    django_db_setup: None, module_smtp: SMTPSink, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Worker]:
    folder = tmp_path_factory.mktemp("worker")
    broker = broker_url(folder)
    purge(broker)
    process = Worker(
        broker=broker,
        database=database_url(),
        smtp_port=module_smtp.port,
        log=folder / "worker.log",
    )
    try:
        process.wait_until_ready()
        yield process
    finally:
        process.stop()


@pytest.fixture
def smtp(module_smtp: SMTPSink) -> SMTPSink:
    module_smtp.reply = None
    module_smtp.received.clear()
    module_smtp.refused.clear()
    return module_smtp


@pytest.fixture
def on_broker(worker: Worker) -> Iterator[Worker]:
    """This process queues tasks on the worker's broker instead of running them itself."""
    with publishing_to(worker.broker):
        yield worker


def wait_until(check: Callable[[], bool], worker: Worker, what: str, timeout: float = 45) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        assert worker.process.poll() is None, f"the worker died:\n{worker.output()}"
        time.sleep(0.1)
    raise AssertionError(f"Timed out waiting for {what}.\nWorker log:\n{worker.output()[-6000:]}")


def outbound_for(referral: Referral) -> OutboundEmail:
    return OutboundEmail.objects.get(subject_ref=f"referral:{referral.pk}")


def all_sent() -> bool:
    return not OutboundEmail.objects.exclude(status=OutboundEmail.Status.SENT).exists()


def test_the_worker_sends_each_queued_email_exactly_once(
    world: World, smtp: SMTPSink, on_broker: Worker
) -> None:
    since = on_broker.mark()
    people = ["ann@example.org", "bob@example.org", "cem@example.org"]
    # Each submit commits, and its on_commit hook queues the delivery on the broker.
    referrals = [
        f.refer(referrer=world.member, job=world.job, email=email, language="en")
        for email in people
    ]
    messages = [outbound_for(referral) for referral in referrals]
    # A task delivered twice (a re-sent enqueue, a re-delivered message) sends nothing more,
    # and neither does the relay once nothing is due.
    tasks.deliver_email.delay(messages[0].pk)
    tasks.deliver_email.delay(messages[0].pk)
    tasks.relay_outbox.delay()

    def all_six_tasks_ran() -> bool:
        return (
            len(on_broker.results("deliver_email", since)) == 5
            and len(on_broker.results("relay_outbox", since)) == 1
        )

    wait_until(all_six_tasks_ran, on_broker, "the five deliveries and the relay")
    delivered = on_broker.results("deliver_email", since)
    [relayed] = on_broker.results("relay_outbox", since)
    # Each message was sent once: by its own task, or by the relay if it came first.
    assert delivered.count("'sent'") + int(relayed) == 3
    assert delivered.count("'skipped'") == 5 - delivered.count("'sent'")
    assert sorted(r for item in smtp.received for r in item.rcpt_tos) == sorted(people)
    assert sorted(m["Message-ID"] for m in smtp.messages()) == sorted(
        m.message_id for m in messages
    )
    for referral, received in zip(
        referrals, sorted(smtp.messages(), key=lambda m: str(m["To"])), strict=True
    ):
        assert consent_referral_in(text_and_html(received)[0], referral.tenant) == referral
    for message in OutboundEmail.objects.all():
        assert (message.status, message.attempts, message.claimed_at) == ("sent", 1, None)


def test_the_relay_on_the_worker_sends_an_email_whose_enqueue_was_lost(
    world: World, smtp: SMTPSink, on_broker: Worker
) -> None:
    broker_down = OperationalError("Error 111 connecting. Connection refused.")
    with mock.patch.object(tasks.deliver_email, "delay", side_effect=broker_down):
        # the submit succeeds all the same
        referral = f.refer(
            referrer=world.member, job=world.job, email="lost@example.org", language="en"
        )
    message = outbound_for(referral)
    assert message.status == OutboundEmail.Status.PENDING
    assert smtp.received == []

    tasks.relay_outbox.delay()  # the beat schedule does this every minute

    wait_until(lambda: len(smtp.received) >= 1, on_broker, "the relayed e-mail")
    wait_until(all_sent, on_broker, "the row to be marked sent")
    assert [item.rcpt_tos for item in smtp.received] == [["lost@example.org"]]


def test_the_worker_retries_after_an_smtp_refusal(
    world: World, smtp: SMTPSink, on_broker: Worker
) -> None:
    smtp.reply = "451 4.3.0 Try again later"
    message = outbound_for(
        f.refer(referrer=world.member, job=world.job, email="busy@example.org", language="en")
    )

    def retried() -> bool:
        message.refresh_from_db()
        return message.attempts == 1 and message.status == OutboundEmail.Status.PENDING

    wait_until(retried, on_broker, "the failed attempt to be recorded")
    assert "451" in message.last_error
    assert message.next_attempt_at > timezone.now()
    assert smtp.received == []

    smtp.reply = None
    OutboundEmail.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)  # the backoff has passed
    )
    tasks.relay_outbox.delay()

    wait_until(all_sent, on_broker, "the retry to be sent")
    [received] = smtp.messages()
    assert received["Message-ID"] == smtp.refused[0].message["Message-ID"] == message.message_id
