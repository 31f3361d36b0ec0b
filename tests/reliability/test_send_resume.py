"""A targeted send (D2) whose worker is killed with SIGKILL, resumed by another worker:
every member of the audience gets the job exactly once, and nobody is lost.

Real Celery workers on a private redis-server, a real SMTP server (aiosmtpd), the
test database shared with the workers. The first worker is killed at three points:

- while it e-mails the batch (the SMTP server holds one message half-way): the batch
  was committed, so the resume only closes the send and the relay sends the e-mails
  written but not sent, the held one once the dead worker's claim has expired;
- while it prepares the send (it waits on a lock the test holds): nothing was written,
  and the resume prepares it once; the dead worker's task, handed out again by Redis
  after its visibility timeout, does nothing;
- inside a batch's transaction (the test holds the writes to the deliveries' table: on
  PostgreSQL the batch waits to mark its deliveries, its e-mails, notifications and
  solicitations written; on SQLite it waits at its start): the batch rolls back and
  the resume takes it again. (Not at its COMMIT: a COMMIT the server has received
  completes, dead client or not, and that batch is simply done.)

Waiting on a lock the test holds makes each kill land at the same point every run.
"The timeouts passed" is written to the database (the claims, the send's heartbeat),
as ``ten_minutes_pass`` does in test_worker_killed.py: no sleeps.

The one window where a copy could be sent twice, between the server's "250 OK" and
the UPDATE that records it, is not reached here (the server holds DATA before
answering); it is covered by test_exactly_once.py. Every assertion below is strict:
exactly one message per member.
"""

import re
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from coopt.accounts.models import Membership, User
from coopt.diffusion import sends
from coopt.diffusion import tasks as diffusion_tasks
from coopt.diffusion.audience import AudienceSpec
from coopt.diffusion.models import Delivery, Send, Solicitation, Wave
from coopt.notifications import delivery
from coopt.notifications import tasks as outbox_tasks
from coopt.notifications.models import Notification, OutboundEmail
from coopt.taxonomy.models import Tag

from ..conftest import World
from ..integration.smtp import SMTPSink
from ..integration.worker import Worker, database_url, publishing_to, purge
from .redis_server import RedisServer
from .smtp_gate import Gate
from .workers import end, kill, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

AUDIENCE = 240  # below sends.BATCH_SIZE: one batch, written in one transaction
RECEIVED_BEFORE_KILL = 90
LANGUAGES = ("en", "fr", "de")


@pytest.fixture(scope="module")
def other_worker(
    django_db_setup: None,
    module_redis: RedisServer,
    module_smtp: SMTPSink,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Worker]:
    """The worker that resumes, on its own queue (Redis database 2)."""
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


@pytest.fixture
def audience(world: World) -> list[Membership]:
    """AUDIENCE members, in three languages, who follow Lyon, the location of ``world.job``.

    Inserted in bulk (one by one, they would take most of the test's time); the rows
    are the ones ``make_member`` writes.
    """
    now = timezone.now()
    users = User.objects.bulk_create(
        User(
            email=f"m{n:03}@acme.test",
            first_name=f"Member {n}",
            language=LANGUAGES[n % len(LANGUAGES)],
            password=make_password(None),
        )
        for n in range(AUDIENCE)
    )
    members = Membership.objects.bulk_create(
        Membership(tenant=world.acme, user=user, onboarded_at=now) for user in users
    )
    lyon = Tag.objects.get(tenant=world.acme, name="Lyon")
    Membership.interests.through.objects.bulk_create(
        Membership.interests.through(membership_id=member.pk, tag_id=lyon.pk) for member in members
    )
    return list(Membership.objects.select_related("user").filter(pk__in=[m.pk for m in members]))


@pytest.fixture
def enqueued(monkeypatch: pytest.MonkeyPatch) -> Callable[[], Any]:
    """Inside ``with enqueued() as queued:``, this process's diffusion tasks are recorded,
    not queued: the test hands them to a worker itself, when it is ready for it."""

    @contextmanager
    def recording() -> Iterator[list[tuple[Any, ...]]]:
        queued: list[tuple[Any, ...]] = []
        with monkeypatch.context() as patched:
            patched.setattr(sends, "_enqueue", lambda task, *args: queued.append((task, *args)))
            yield queued

    return recording


def run_on(worker: Worker, task: Any, *args: int) -> str:
    """Queue ``task`` for ``worker`` (as the beat would) and wait for what it returned."""
    name = task.name.rsplit(".", 1)[-1]
    since = worker.mark()
    with publishing_to(worker.broker):
        task.delay(*args)
    wait_until(lambda: worker.results(name, since), worker, f"{name} on the other worker")
    [result] = worker.results(name, since)
    return result


def ten_minutes_pass() -> None:
    """CLAIM_TIMEOUT later: the claims of the dead worker are stale."""
    stale = timezone.now() - delivery.CLAIM_TIMEOUT - timedelta(seconds=1)
    OutboundEmail.objects.filter(claimed_at__isnull=False).update(claimed_at=stale)


def the_send_stalls(send: Send) -> None:
    """STALL_AFTER later: no batch moved the send's heartbeat since its worker died."""
    stale = timezone.now() - sends.STALL_AFTER - timedelta(seconds=1)
    Send.objects.filter(pk=send.pk).update(heartbeat_at=stale)


@contextmanager
def rows_locked(rows: QuerySet[Any]) -> Iterator[None]:
    """Hold ``rows`` (``SELECT … FOR UPDATE``) from another session until the block ends;
    on SQLite, the whole database (its transactions are IMMEDIATE)."""
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                assert list(rows.select_for_update())
                locked.set()
                assert release.wait(60)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert locked.wait(10), "the test could not lock the rows"
        yield
    finally:
        release.set()
        holder.join(10)


@contextmanager
def writes_held(model: type[Model]) -> Iterator[None]:
    """Hold every write to ``model``'s table from another session until the block ends
    (PostgreSQL: ``LOCK TABLE … IN SHARE MODE``, reads and row locks still go through);
    on SQLite, every write to the database."""
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute(f"LOCK TABLE {model._meta.db_table} IN SHARE MODE")
                else:
                    model._default_manager.exists()
                locked.set()
                assert release.wait(60)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert locked.wait(10), "the test could not lock the table"
        yield
    finally:
        release.set()
        holder.join(10)


def wait_until_blocked(worker: Worker, task: str, since: int, statement: str = "") -> int | None:
    """Wait until ``worker`` runs ``task`` and waits on the lock of ``rows_locked``.

    PostgreSQL shows the statement that waits (it starts with ``statement``; the view
    cuts long ones): returns its session's pid. SQLite cannot: the worker has taken the
    task, and its transaction waits for the test's (nothing it does can commit first).
    """
    if connection.vendor != "postgresql":
        pattern = rf"{task}\[\S+\] received"
        wait_until(lambda: re.search(pattern, worker.output()[since:]), worker, f"{task} taken")
        return None
    found: list[int] = []

    def waiting() -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid, query FROM pg_stat_activity WHERE datname = current_database()"
                " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            found[:] = [pid for pid, query in cursor.fetchall() if query.startswith(statement)]
        return bool(found)

    wait_until(waiting, worker, f"{task} to wait on the test's lock")
    return found[0]


def wait_until_gone(backend: int | None, worker: Worker) -> None:
    """The dead worker's database session ends, and its transaction rolls back."""
    if backend is None:
        return

    def gone() -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [backend])
            return cursor.fetchone() is None

    wait_until(gone, worker, "the killed worker's session to end")


def wait_until_all_sent(send: Send, smtp: SMTPSink, worker: Worker) -> None:
    emails = OutboundEmail.objects.filter(subject_ref=f"job:{send.job_id}")

    def done() -> bool:
        send.refresh_from_db()
        return (
            send.status == Send.Status.DONE
            and emails.count() == AUDIENCE
            and not emails.exclude(status=OutboundEmail.Status.SENT).exists()
            and len(smtp.received) >= AUDIENCE
        )

    wait_until(done, worker, "the send to finish")
    # The worker is idle: nothing is left to send, no send is left to resume.
    assert run_on(worker, outbox_tasks.relay_outbox) == "0"
    assert run_on(worker, diffusion_tasks.resume_sends) == "[]"


def assert_everyone_got_the_job_once(send: Send, members: list[Membership], smtp: SMTPSink) -> None:
    pks = sorted(member.pk for member in members)
    # The SMTP server: one message per member, nobody else, each under its own Message-ID.
    recipients = Counter(to for item in smtp.received for to in item.rcpt_tos)
    assert recipients == Counter(member.user.email for member in members)
    emails = OutboundEmail.objects.filter(subject_ref=f"job:{send.job_id}")
    assert sorted(message["Message-ID"] for message in smtp.messages()) == sorted(
        email.message_id for email in emails
    )
    assert {(e.status, e.attempts) for e in emails} == {("sent", 1)}
    # Each written for its member, in the member's language.
    assert sorted(emails.values_list("to_email", "language")) == sorted(
        (member.user.email, member.user.language) for member in members
    )
    # The ledger: one delivery per member, notified, each with its own e-mail.
    deliveries = Delivery.objects.filter(job=send.job)
    assert sorted(deliveries.values_list("member_id", flat=True)) == pks
    assert set(deliveries.values_list("send_id", "status")) == {(send.pk, "notified")}
    assert sorted(deliveries.values_list("email_id", flat=True)) == sorted(e.pk for e in emails)
    # One in-app notification and one solicitation (what the cap counts) per member.
    notified = Notification.objects.filter(subject_ref=f"job:{send.job_id}")
    assert sorted(notified.values_list("recipient_id", flat=True)) == pks
    solicited = Solicitation.objects.filter(kind=Solicitation.Kind.TARGETED)
    assert sorted(solicited.values_list("member_id", flat=True)) == pks
    # What the recruiter sees.
    send.refresh_from_db()
    assert (send.status, send.audience_size) == (Send.Status.DONE, AUDIENCE)
    assert send.finished_at is not None
    progress = sends.progress_of(send=send)
    assert (progress.sent, progress.queued, progress.failed, progress.deferred) == (
        AUDIENCE,
        0,
        0,
        0,
    )
    assert list(Wave.objects.filter(send=send).values_list("number", "size")) == [(1, AUDIENCE)]


def test_a_send_whose_worker_is_killed_while_e_mailing_reaches_everyone_once(
    world: World,
    audience: list[Membership],
    smtp: SMTPSink,
    first_worker: Worker,
    other_worker: Worker,
) -> None:
    # given a send e-mailing its batch, held by the server after 90 messages
    gate = Gate(smtp, "DATA", after=RECEIVED_BEFORE_KILL)
    with publishing_to(first_worker.broker):
        send = sends.send_start(job=world.job, spec=AudienceSpec(), author=world.recruiter.user)
    gate.wait_reached()
    assert len(smtp.received) == RECEIVED_BEFORE_KILL

    # when the worker is killed
    kill(first_worker)
    gate.wait_cut()  # the connection dropped: the server drops the held message
    gate.remove()

    # the batch had committed before its e-mails went out: everyone is notified,
    # the e-mails wait in the outbox, the held one (at least) claimed by the dead worker
    emails = OutboundEmail.objects.filter(subject_ref=f"job:{world.job.pk}")
    statuses = Counter(emails.values_list("status", flat=True))
    unsent = AUDIENCE - RECEIVED_BEFORE_KILL
    assert statuses["sent"] == RECEIVED_BEFORE_KILL
    assert statuses["sending"] >= 1 and statuses["sending"] + statuses["pending"] == unsent
    assert not Delivery.objects.filter(send=send).exclude(status="notified").exists()
    send.refresh_from_db()
    assert send.status == Send.Status.SENDING
    progress = sends.progress_of(send=send)
    assert (progress.sent, progress.queued) == (RECEIVED_BEFORE_KILL, unsent)
    # A send whose heartbeat is fresh may have a live worker: the resume leaves it alone.
    assert run_on(other_worker, diffusion_tasks.resume_sends) == "[]"

    # then, once the timeouts passed, the beat's resume and relay finish it on another worker
    ten_minutes_pass()
    the_send_stalls(send)
    assert run_on(other_worker, diffusion_tasks.resume_sends) == f"[{send.pk}]"
    assert run_on(other_worker, outbox_tasks.relay_outbox) == str(unsent)
    wait_until_all_sent(send, smtp, other_worker)

    assert_everyone_got_the_job_once(send, audience, smtp)
    # Redis hands the dead worker's batch out again after its visibility timeout:
    # nothing is left to notify, nothing more is e-mailed.
    assert run_on(other_worker, diffusion_tasks.send_batch, send.pk) == "0"
    assert len(smtp.received) == AUDIENCE
    [held] = gate.held  # the message the dead worker was sending went out once, later
    [email] = [e for e in emails if f"Message-ID: {e.message_id}".encode() in held]
    assert email.attempts == 1


def test_a_send_whose_worker_is_killed_while_preparing_is_prepared_once(
    world: World,
    audience: list[Membership],
    smtp: SMTPSink,
    first_worker: Worker,
    other_worker: Worker,
    enqueued: Callable[[], Any],
) -> None:
    # given a send whose preparation waits on the send's row
    with enqueued() as queued:
        send = sends.send_start(job=world.job, spec=AudienceSpec(), author=world.recruiter.user)
    assert queued == [("prepare_send", send.pk)]
    with rows_locked(Send.objects.filter(pk=send.pk)):
        since = first_worker.mark()
        with publishing_to(first_worker.broker):
            diffusion_tasks.prepare_send.delay(send.pk)  # what send_start's commit queues
        backend = wait_until_blocked(
            first_worker, "prepare_send", since, 'SELECT "diffusion_send"."id"'
        )

        # when the worker is killed there
        kill(first_worker)
    wait_until_gone(backend, first_worker)

    # nothing was written
    send.refresh_from_db()
    assert send.status == Send.Status.PREPARING
    assert not Delivery.objects.exists() and not Wave.objects.exists()
    assert not OutboundEmail.objects.filter(subject_ref=f"job:{world.job.pk}").exists()

    # then the resume prepares it, once, and the send goes out
    the_send_stalls(send)
    assert run_on(other_worker, diffusion_tasks.resume_sends) == f"[{send.pk}]"
    wait_until_all_sent(send, smtp, other_worker)
    assert_everyone_got_the_job_once(send, audience, smtp)

    # Redis hands the dead worker's task out again after its visibility timeout:
    # it finds the send prepared and does nothing.
    assert run_on(other_worker, diffusion_tasks.prepare_send, send.pk) == "False"
    assert Delivery.objects.count() == AUDIENCE
    assert Wave.objects.filter(send=send).count() == 1
    assert len(smtp.received) == AUDIENCE


def test_a_batch_whose_worker_is_killed_inside_its_transaction_is_taken_again(
    world: World,
    audience: list[Membership],
    smtp: SMTPSink,
    first_worker: Worker,
    other_worker: Worker,
    enqueued: Callable[[], Any],
) -> None:
    # given a prepared send whose batch waits, mid-transaction, to mark its deliveries
    with enqueued() as queued:
        send = sends.send_start(job=world.job, spec=AudienceSpec(), author=world.recruiter.user)
        assert sends.send_prepare(send_id=send.pk)
        assert sends.waves_release_due() == [send.pk]
    assert queued == [("prepare_send", send.pk), ("release_waves",), ("send_batch", send.pk)]
    with writes_held(Delivery):
        since = first_worker.mark()
        with publishing_to(first_worker.broker):
            diffusion_tasks.send_batch.delay(send.pk)
        backend = wait_until_blocked(first_worker, "send_batch", since)

        # when the worker is killed there
        kill(first_worker)
    wait_until_gone(backend, first_worker)

    # the batch rolled back: nothing of it is left, nothing was e-mailed
    assert set(Delivery.objects.values_list("status", flat=True)) == {"queued"}
    assert not OutboundEmail.objects.filter(subject_ref=f"job:{world.job.pk}").exists()
    assert not Notification.objects.filter(subject_ref=f"job:{world.job.pk}").exists()
    assert not Solicitation.objects.exists()
    assert smtp.received == []
    progress = sends.progress_of(send=send)
    assert (progress.queued, progress.sent) == (AUDIENCE, 0)

    # then the resume takes the batch again
    the_send_stalls(send)
    assert run_on(other_worker, diffusion_tasks.resume_sends) == f"[{send.pk}]"
    wait_until_all_sent(send, smtp, other_worker)
    assert_everyone_got_the_job_once(send, audience, smtp)
    # The dead worker's task, handed out again by Redis, finds nothing to do.
    assert run_on(other_worker, diffusion_tasks.send_batch, send.pk) == "0"
    assert len(smtp.received) == AUDIENCE
    assert Notification.objects.filter(subject_ref=f"job:{world.job.pk}").count() == AUDIENCE
