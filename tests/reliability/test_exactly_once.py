"""At-least-once delivery with idempotent tasks (point 11): the Celery settings that
make it so, and the one window where a crash can still cause a duplicate e-mail."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from config.celery import app
from config.settings.base import broker_transport_options
from coopt.notifications import delivery, tasks
from coopt.notifications.models import OutboundEmail
from coopt.notifications.services import email_queue_text

from ..conftest import World
from ..integration.smtp import SMTPSink


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs, not even ``except Exception``."""


def test_celery_acknowledges_late_and_hands_back_the_tasks_of_a_lost_worker() -> None:
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1


def test_workers_reconnect_to_the_broker_however_long_it_is_down_and_never_wait_forever() -> None:
    assert app.conf.broker_connection_max_retries is None
    options = broker_transport_options("rediss://broker.internal:6380/0")
    assert options["socket_timeout"] and options["socket_connect_timeout"]
    assert broker_transport_options("sqla+sqlite:///var/broker.sqlite3") == {}


def test_the_relay_runs_every_minute() -> None:
    """Once the broker is back, a lost hand-over waits at most one relay period."""
    [entry] = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "coopt.notifications.tasks.relay_outbox"
    ]
    assert entry["schedule"] == 60.0


def test_redis_waits_longer_than_the_longest_task_before_delivering_a_task_again() -> None:
    options = broker_transport_options("redis://broker.internal:6379/0")
    visibility_timeout = options["visibility_timeout"]
    assert isinstance(visibility_timeout, int) and visibility_timeout == 3600
    # Every task is stopped after CELERY_TASK_TIME_LIMIT; the relay stops itself sooner:
    # its time budget plus one delivery (bounded by the claim timeout).
    assert app.conf.task_time_limit < visibility_timeout
    longest_relay = delivery.RELAY_TIME_BUDGET + delivery.CLAIM_TIMEOUT
    assert longest_relay.total_seconds() < app.conf.task_time_limit


def test_a_worker_killed_between_the_servers_ok_and_the_update_sends_one_duplicate(
    world: World, smtp: SMTPSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = email_queue_text(
        tenant=world.acme, to="jane@example.org", subject="Hi", text="Hi", html=None, language="en"
    )

    def killed(_message: OutboundEmail) -> None:
        raise Killed

    start = timezone.now()
    with monkeypatch.context() as patched, time_machine.travel(start, tick=False) as clock:
        patched.setattr(delivery, "_mark_sent", killed)
        with pytest.raises(Killed):
            delivery.deliver(message.pk)
        message.refresh_from_db()
        assert message.status == OutboundEmail.Status.SENDING
        assert len(smtp.received) == 1  # the server has it; the database does not know
        clock.shift(delivery.CLAIM_TIMEOUT - timedelta(seconds=1))
        assert tasks.relay_outbox() == 0
    with time_machine.travel(start + delivery.CLAIM_TIMEOUT + timedelta(seconds=1), tick=False):
        assert tasks.relay_outbox() == 1
        assert tasks.relay_outbox() == 0

    # At most one duplicate, under the same Message-ID: receiving servers and mail
    # clients drop it.
    assert [m["Message-ID"] for m in smtp.messages()] == [message.message_id] * 2
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 1)


def test_the_relay_stops_after_its_time_budget_and_queues_the_rest(
    world: World, smtp: SMTPSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(3):
        email_queue_text(
            tenant=world.acme,
            to=f"p{n}@example.org",
            subject="Hi",
            text="Hi",
            html=None,
            language="en",
        )
    monkeypatch.setattr(delivery, "RELAY_TIME_BUDGET", timedelta(0))
    queued: list[bool] = []
    monkeypatch.setattr(tasks.relay_outbox, "delay", lambda: queued.append(True))

    assert tasks.relay_outbox() == 1  # the first is always handed out
    assert queued == [True]
    assert len(smtp.received) == 1
