"""Broker down (point 9): a referral submitted while the broker is unreachable still
succeeds, and its e-mail reaches the SMTP server within two minutes of the broker's
return. A private redis-server is stopped and started again on the same port."""

import threading
import time
from collections.abc import Callable

import pytest
from django.db import connection

from coopt.notifications import tasks
from coopt.notifications.models import OutboundEmail
from coopt.referrals.models import Referral

from ..conftest import World
from ..emails import consent_referral_in
from ..integration.smtp import SMTPSink, text_and_html
from ..integration.worker import Worker, publishing_to
from ..responses import Response
from .redis_server import RedisServer

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

FORM = {
    "first_name": "Jane",
    "last_name": "Doe",
    "email": "jane.doe@example.org",
    "phone": "",
    "relationship": "Former colleague",
    "motivation": "She closed our biggest account.",
    "language": "en",
}
# The promise: everything is delivered within two minutes after the broker is back.
DELIVERED_WITHIN = 120.0


def test_a_referral_made_while_the_broker_is_down_is_emailed_once_it_is_back(
    world: World, smtp: SMTPSink, redis_server: RedisServer, start_worker: Callable[..., Worker]
) -> None:
    broker = redis_server.url()
    worker = start_worker(broker=broker, smtp=smtp)
    with publishing_to(broker):
        redis_server.stop()
        assert not redis_server.answers()

        response = world.client_for(world.member).post(f"/jobs/{world.job.pk}/recommend/", FORM)

        assert response.status_code == 302, response.content.decode()[:2000]
        referral = Referral.objects.get(job=world.job, email=FORM["email"])
        message = OutboundEmail.objects.get(subject_ref=f"referral:{referral.pk}")
        assert (message.status, message.attempts) == (OutboundEmail.Status.PENDING, 0)
        assert smtp.received == []

        redis_server.start()  # same port; it remembers nothing of before
        back = time.monotonic()
        tasks.relay_outbox.delay()  # what the beat schedule does every minute

        received = smtp.wait_for(1, timeout=DELIVERED_WITHIN)
        assert len(received) == 1, f"not delivered in time:\n{worker.output()[-6000:]}"
        assert time.monotonic() - back < DELIVERED_WITHIN
    assert worker.process.poll() is None, worker.output()
    assert smtp.received[0].rcpt_tos == [FORM["email"]]
    assert received[0]["Message-ID"] == message.message_id
    assert consent_referral_in(text_and_html(received[0])[0], referral.tenant) == referral
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboundEmail.Status.SENT, 1)
    assert worker.results("relay_outbox") == ["1"]


def test_a_referral_made_while_the_broker_hangs_still_succeeds(
    world: World, smtp: SMTPSink, redis_server: RedisServer
) -> None:
    """A broker that hangs instead of refusing (frozen, or the network drops packets)
    costs the request the socket timeouts, not forever (which would end in a 5xx)."""
    broker = redis_server.url()
    responses: list[Response] = []
    client = world.client_for(world.member)

    def submit() -> None:
        try:
            responses.append(client.post(f"/jobs/{world.job.pk}/recommend/", FORM))
        finally:
            connection.close()

    with publishing_to(broker):
        redis_server.pause()
        try:
            request = threading.Thread(target=submit)
            request.start()
            request.join(timeout=DELIVERED_WITHIN)
            assert not request.is_alive(), "the request hangs on the broker"
        finally:
            redis_server.resume()
    [response] = responses
    assert response.status_code == 302
    referral = Referral.objects.get(job=world.job, email=FORM["email"])
    message = OutboundEmail.objects.get(subject_ref=f"referral:{referral.pk}")
    assert (message.status, message.attempts) == (OutboundEmail.Status.PENDING, 0)

    assert tasks.relay_outbox() == 1  # what the relay does once the broker is back
    assert [item.rcpt_tos for item in smtp.received] == [[FORM["email"]]]
