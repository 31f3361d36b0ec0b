"""A worker killed with SIGKILL mid-task (point 11): a real Celery worker on a private
redis-server is killed while it sends an e-mail or e-mails reminders; another worker
and the relay finish the work, and every effect happens exactly once.

What holds, precisely:
- killed before the SMTP server accepted the message: it is received once, by the
  relay, once the claim of the dead worker has expired (ten minutes);
- killed after the server accepted it (here: while saying goodbye): the message was
  already marked sent, so it is never sent again. The one window left, between the
  server's "250 OK" and that UPDATE, is covered in test_exactly_once.py: at most one
  duplicate, under the same Message-ID.
"""

import re
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from coopt.notifications import delivery, tasks
from coopt.notifications.models import OutboundEmail
from coopt.notifications.services import delivery_held
from coopt.referrals import tasks as referral_tasks
from coopt.referrals.models import Reminder
from coopt.referrals.services import reminder_add

from .. import factories as f
from ..conftest import World
from ..integration.smtp import SMTPSink
from ..integration.worker import Worker, database_url, publishing_to, purge
from .redis_server import RedisServer
from .smtp_gate import Gate
from .workers import end, kill, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def other_worker(
    django_db_setup: None,
    module_redis: RedisServer,
    module_smtp: SMTPSink,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Worker]:
    """A second worker, on its own queue (Redis database 2), that outlives the killed ones."""
    worker = Worker(
        broker=module_redis.url(2),
        database=database_url(),
        smtp_port=module_smtp.port,
        log=tmp_path_factory.mktemp("other-worker") / "worker.log",
    )
    try:
        worker.wait_until_ready()
        yield worker
    finally:
        end(worker)


@pytest.fixture
def smtp(module_smtp: SMTPSink) -> SMTPSink:
    module_smtp.reply = None
    module_smtp.received.clear()
    module_smtp.refused.clear()
    return module_smtp


@pytest.fixture
def first_worker(
    module_redis: RedisServer,
    smtp: SMTPSink,
    start_worker: Callable[..., Worker],
    other_worker: Worker,
) -> Worker:
    """The worker each test kills, on Redis database 1 (emptied first)."""
    purge(module_redis.url(1))
    return start_worker(broker=module_redis.url(1), smtp=smtp)


def ten_minutes_pass() -> None:
    """What CLAIM_TIMEOUT later looks like: the claims of dead workers are stale."""
    stale = timezone.now() - delivery.CLAIM_TIMEOUT - timedelta(seconds=1)
    OutboundEmail.objects.filter(claimed_at__isnull=False).update(claimed_at=stale)


def relay_on(worker: Worker, expected: str) -> None:
    """Run the relay on ``worker`` (as the beat does every minute); check what it handed out."""
    since = worker.mark()
    with publishing_to(worker.broker):
        tasks.relay_outbox.delay()
    wait_until(lambda: worker.results("relay_outbox", since), worker, "the relay")
    assert worker.results("relay_outbox", since) == [expected]


def test_a_worker_killed_before_the_server_accepted_the_email_leaves_it_to_the_relay(
    world: World, smtp: SMTPSink, first_worker: Worker, other_worker: Worker
) -> None:
    gate = Gate(smtp, "DATA")  # the server has the message but does not answer yet
    with publishing_to(first_worker.broker):
        referral = f.refer(referrer=world.member, job=world.job, email="jane@example.org")
        message = OutboundEmail.objects.get(subject_ref=f"referral:{referral.pk}")
        gate.wait_reached()
        message.refresh_from_db()
        assert (message.status, message.attempts) == ("sending", 0)

        kill(first_worker)
    gate.wait_cut()  # the connection dropped: the server drops the transaction
    gate.remove()
    assert smtp.received == []

    relay_on(other_worker, "0")  # a fresh claim may be a live worker's: left alone
    assert smtp.received == []
    ten_minutes_pass()
    relay_on(other_worker, "1")

    [received] = smtp.messages()
    [held] = gate.held
    assert received["Message-ID"] == message.message_id
    assert f"Message-ID: {message.message_id}".encode() in held
    message.refresh_from_db()
    assert (message.status, message.attempts, message.claimed_at) == ("sent", 1, None)


def test_a_worker_killed_after_the_server_accepted_the_email_sends_no_second_copy(
    world: World, smtp: SMTPSink, first_worker: Worker, other_worker: Worker
) -> None:
    gate = Gate(smtp, "QUIT")  # the server accepted the message, then hangs at goodbye
    with publishing_to(first_worker.broker):
        referral = f.refer(referrer=world.member, job=world.job, email="jane@example.org")
        message = OutboundEmail.objects.get(subject_ref=f"referral:{referral.pk}")
        gate.wait_reached()
        assert len(smtp.received) == 1
        message.refresh_from_db()
        assert message.status == "sent"  # recorded before the goodbye

        kill(first_worker)
    gate.wait_cut()
    gate.remove()
    ten_minutes_pass()
    relay_on(other_worker, "0")

    assert [m["Message-ID"] for m in smtp.messages()] == [message.message_id]
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 1)


def hold_reminders(locked: threading.Event, release: threading.Event) -> None:
    """Lock the reminders (SQLite: the whole database) until ``release`` is set."""
    try:
        with transaction.atomic():
            list(Reminder.objects.select_for_update())
            locked.set()
            assert release.wait(60)
    finally:
        connection.close()


def test_reminders_e_mailed_by_a_worker_killed_mid_run_are_e_mailed_once(
    world: World,
    smtp: SMTPSink,
    module_redis: RedisServer,
    first_worker: Worker,
    other_worker: Worker,
) -> None:
    with delivery_held():  # the consent e-mails of these referrals are not the point here
        referrals = [
            f.refer(
                referrer=world.member, job=world.job, email=f"{name}@example.org", confirmed=True
            )
            for name in ("ann", "bob")
        ]
    OutboundEmail.objects.update(status="sent", sent_at=timezone.now())  # as the demo does
    for referral in referrals:
        reminder_add(
            referral=referral, owner=world.recruiter, due_on=timezone.localdate(), text="Call"
        )
    locked, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=hold_reminders, args=(locked, release))
    holder.start()
    try:
        assert locked.wait(10)
        since = first_worker.mark()
        with publishing_to(first_worker.broker):
            referral_tasks.send_due_reminders.delay()

        def started() -> bool:
            log = first_worker.output()[since:]
            return bool(re.search(r"send_due_reminders\[\S+\] received", log))

        wait_until(started, first_worker, "the worker to take the task")
        module_redis.pause()  # from now on, whatever a worker hands to the broker hangs
    finally:
        release.set()
        holder.join(10)

    def one_emailed() -> bool:
        return Reminder.objects.filter(emailed_at__isnull=False).exists()

    # The worker e-mails the first reminder (its e-mail and emailed_at in one
    # transaction), then hangs handing that e-mail to the broker: kill it there.
    wait_until(one_emailed, first_worker, "the first reminder")
    kill(first_worker)
    module_redis.resume()
    reminder_emails = OutboundEmail.objects.filter(template="reminder-due")
    assert Reminder.objects.filter(emailed_at__isnull=False).count() == 1
    assert reminder_emails.count() == 1

    since = other_worker.mark()
    with publishing_to(other_worker.broker):
        referral_tasks.send_due_reminders.delay()  # the beat runs it every 15 minutes
    wait_until(
        lambda: other_worker.results("send_due_reminders", since), other_worker, "the re-run"
    )
    assert other_worker.results("send_due_reminders", since) == ["1"]  # only the other one
    # The first reminder's e-mail, whose hand-over died with the worker (the
    # second's was queued before this relay and is sent by its own task).
    relay_on(other_worker, "1")
    smtp.wait_for(2)
    wait_until(
        lambda: not reminder_emails.exclude(status="sent").exists(), other_worker, "the e-mails"
    )

    assert not Reminder.objects.filter(emailed_at__isnull=True).exists()
    assert sorted(reminder_emails.values_list("subject_ref", flat=True)) == sorted(
        f"referral:{referral.pk}" for referral in referrals
    )
    assert sorted(m["Message-ID"] for m in smtp.messages()) == sorted(
        m.message_id for m in reminder_emails
    )
    assert [item.rcpt_tos for item in smtp.received] == [[world.recruiter.user.email]] * 2
