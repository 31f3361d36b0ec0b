"""The periodic relay sends what a lost enqueue or a crashed worker left behind."""

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError
from pytest_django import DjangoCaptureOnCommitCallbacks

from coopt.notifications import delivery, tasks
from coopt.notifications.models import OutboundEmail
from coopt.referrals.models import Referral

from ..conftest import World
from ..emails import consent_referral_in
from .conftest import Queue

FORM = {
    "first_name": "Jane",
    "last_name": "Doe",
    "email": "jane.doe@example.org",
    "phone": "",
    "relationship": "Former colleague",
    "motivation": "Sharp",
    "language": "en",
}


def test_a_stale_sending_claim_is_delivered_again_by_the_relay(queue: Queue) -> None:
    message = queue()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert delivery.claim(message.pk)  # a worker took it, then died
    with time_machine.travel(start + timedelta(minutes=5), tick=False):
        assert tasks.relay_outbox() == 0  # still within the claim: left alone
        assert mail.outbox == []
    with time_machine.travel(start + delivery.CLAIM_TIMEOUT + timedelta(seconds=1), tick=False):
        assert tasks.relay_outbox() == 1
        assert tasks.relay_outbox() == 0

    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.status == OutboundEmail.Status.SENT


def test_a_referral_still_succeeds_with_the_broker_down_and_the_relay_sends_its_email(
    world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    client = world.client_for(world.member)
    broker_down = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    with mock.patch.object(tasks.deliver_email, "delay", side_effect=broker_down) as delay:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/jobs/{world.job.pk}/recommend/", FORM)

    assert response.status_code == 302
    assert delay.call_count == 1
    referral = Referral.objects.get(job=world.job)
    message = OutboundEmail.objects.get(subject_ref=f"referral:{referral.pk}")
    assert message.status == OutboundEmail.Status.PENDING
    assert mail.outbox == []

    assert tasks.relay_outbox() == 1

    assert [m.to for m in mail.outbox] == [["jane.doe@example.org"]]
    assert consent_referral_in(str(mail.outbox[0].body), world.acme) == referral
    message.refresh_from_db()
    assert message.status == OutboundEmail.Status.SENT


def test_the_relay_sends_everything_due_in_batches(
    queue: Queue, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(delivery, "RELAY_BATCH_SIZE", 2)
    messages = [queue(to=f"person{n}@example.org") for n in range(5)]

    tasks.relay_outbox()  # a full batch queues the next one (run at once here: eager)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.to_email for m in messages)
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}


def test_the_relay_leaves_sent_failed_and_future_messages_alone(queue: Queue) -> None:
    sent, failed, later = queue(), queue(), queue()
    delivery.deliver(sent.pk)
    OutboundEmail.objects.filter(pk=failed.pk).update(status=OutboundEmail.Status.FAILED)
    OutboundEmail.objects.filter(pk=later.pk).update(
        next_attempt_at=timezone.now() + timedelta(minutes=5)
    )
    mail.outbox.clear()

    assert tasks.relay_outbox() == 0
    assert mail.outbox == []


def test_one_broken_message_does_not_stop_the_relay(
    queue: Queue, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = queue(to="first@example.org"), queue(to="second@example.org")
    real_deliver = delivery.deliver

    def deliver(message_id: int) -> str:
        if message_id == first.pk:
            raise RuntimeError("database hiccup")
        return real_deliver(message_id)

    monkeypatch.setattr(delivery, "deliver", deliver)
    assert tasks.relay_outbox() == 2
    assert [m.to for m in mail.outbox] == [["second@example.org"]]
    second.refresh_from_db()
    assert second.status == OutboundEmail.Status.SENT
