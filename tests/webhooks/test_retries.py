"""A receiver that fails (500, then refusing connections) is tried again on the backoff
schedule for three days, then the delivery is given up; an endpoint that has not succeeded
for five days is disabled and the company's admins are told by e-mail. Redelivering sends
the same message again."""

import datetime as dt
import json

import pytest
import time_machine

from coopt.audit.actors import Actor
from coopt.audit.models import AuditEvent
from coopt.jobs.models import Job
from coopt.jobs.services import job_set_status
from coopt.notifications.models import OutboundEmail
from coopt.webhooks.delivery import (
    BACKOFF_SCHEDULE,
    CLAIM_TIMEOUT,
    DISABLE_AFTER,
    RETRY_FOR,
    claim,
    deliver,
    due_delivery_ids,
)
from coopt.webhooks.models import Event, WebhookDelivery, WebhookEndpoint
from coopt.webhooks.services import webhook_redeliver, webhook_test_send
from coopt.webhooks.tasks import relay_webhooks

from .. import factories as f
from ..conftest import World
from .conftest import Receiver, make_endpoint

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
SECOND = dt.timedelta(seconds=1)


def _publish(world: World) -> WebhookDelivery:
    """A job published: one ``job.published`` delivery, its first attempt made at once."""
    job = f.make_job(world.acme, author=world.recruiter.user, published=False)
    job_set_status(job=job, status=Job.Status.PUBLISHED)
    delivery = WebhookDelivery.objects.filter(event_type=Event.JOB_PUBLISHED).latest("pk")
    deliver(delivery.pk)  # what the task enqueued after the commit does
    delivery.refresh_from_db()
    return delivery


def test_a_failing_receiver_is_retried_with_backoff_then_given_up_after_three_days(
    world: World, receiver: Receiver
):
    make_endpoint(world, receiver.url, events=[Event.JOB_PUBLISHED])
    receiver.statuses = [500, 500, 503]
    with time_machine.travel(START, tick=False) as traveller:
        delivery = _publish(world)
        assert (delivery.status, delivery.attempts) == (WebhookDelivery.Status.FAILED, 1)
        assert delivery.last_response_code == 500
        assert delivery.last_error == "HTTP 500"

        waits = []
        while delivery.status == WebhookDelivery.Status.FAILED:
            assert delivery.last_attempt_at is not None
            wait = delivery.next_attempt_at - delivery.last_attempt_at
            waits.append(wait)
            traveller.move_to(delivery.next_attempt_at - SECOND)
            assert relay_webhooks() == 0  # not due yet
            traveller.move_to(delivery.next_attempt_at)
            if len(receiver.received) == 3:
                receiver.stop()  # from the fourth attempt on, the connection is refused
            assert relay_webhooks() == 1
            delivery.refresh_from_db()

        assert delivery.status == WebhookDelivery.Status.GIVEN_UP
        assert delivery.last_attempt_at == START + RETRY_FOR
        assert relay_webhooks() == 0

    assert len(receiver.received) == 3
    assert delivery.last_response_code is None
    assert "refused" in delivery.last_error.lower()
    assert waits[:8] == list(BACKOFF_SCHEDULE)
    assert waits[8:-1] == [BACKOFF_SCHEDULE[-1]] * (len(waits) - 9)
    assert sum(waits, dt.timedelta()) == RETRY_FOR
    assert delivery.attempts == len(waits) + 1 == 12
    # Every attempt carried the same message id.
    assert {request.headers["webhook-id"] for request in receiver.received} == {delivery.message_id}


def test_a_success_resets_the_failures(world: World, receiver: Receiver):
    endpoint = make_endpoint(world, receiver.url, events=[Event.JOB_PUBLISHED])
    receiver.statuses = [500]
    with time_machine.travel(START, tick=False) as traveller:
        delivery = _publish(world)
        endpoint.refresh_from_db()
        assert (endpoint.consecutive_failures, endpoint.failing_since) == (1, START)

        traveller.move_to(delivery.next_attempt_at)
        relay_webhooks()

    endpoint.refresh_from_db()
    assert (endpoint.consecutive_failures, endpoint.failing_since) == (0, None)
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED


def test_an_endpoint_failing_for_five_days_is_disabled_and_the_admins_told(
    world: World, closed_url: str
):
    endpoint = make_endpoint(world, closed_url, events=[Event.JOB_PUBLISHED])
    with time_machine.travel(START, tick=False) as traveller:
        _publish(world)
        traveller.move_to(START + DISABLE_AFTER - SECOND)
        relay_webhooks()  # the first delivery was given up two days ago
        _publish(world)
        endpoint.refresh_from_db()
        assert endpoint.is_enabled

        traveller.move_to(START + DISABLE_AFTER)
        last = _publish(world)

    endpoint.refresh_from_db()
    assert not endpoint.is_enabled
    assert endpoint.disabled_reason == WebhookEndpoint.DisabledReason.FAILING
    assert last.status == WebhookDelivery.Status.FAILED
    [email] = OutboundEmail.objects.filter(template="webhook-disabled")
    assert email.to_email == world.admin.user.email
    assert closed_url in email.body_text
    assert f"/office/webhooks/{endpoint.pk}/" in email.body_text
    event = AuditEvent.objects.get(action=AuditEvent.Action.WEBHOOK_DISABLED)
    assert event.details == {"reason": "failing", "by": "system:webhooks"}

    # Nothing more is written for it, and what waits is not sent.
    job = f.make_job(world.acme, author=world.recruiter.user)
    assert not WebhookDelivery.objects.filter(payload__data__id=job.pk).exists()
    with time_machine.travel(START + DISABLE_AFTER + dt.timedelta(days=1), tick=False):
        assert relay_webhooks() == 0


def test_a_test_event_reaches_a_disabled_endpoint(world: World, receiver: Receiver):
    endpoint = make_endpoint(world, receiver.url)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(is_enabled=False)
    endpoint.refresh_from_db()

    delivery = webhook_test_send(endpoint=endpoint)

    assert deliver(delivery.pk) == "succeeded"
    assert json.loads(receiver.received[0].body)["type"] == "webhook.test"


def test_redeliver_sends_the_same_message_again(
    world: World, receiver: Receiver, django_capture_on_commit_callbacks
):
    make_endpoint(world, receiver.url, events=[Event.JOB_PUBLISHED])
    delivery = _publish(world)
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED

    with django_capture_on_commit_callbacks(execute=True):
        response = world.client_for(world.admin).post(
            f"/office/webhooks/deliveries/{delivery.pk}/redeliver/"
        )

    assert response.status_code == 302
    first, second = receiver.received
    assert first.body == second.body
    assert second.headers["webhook-id"] == first.headers["webhook-id"] == delivery.message_id
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (WebhookDelivery.Status.SUCCEEDED, 1)
    event = AuditEvent.objects.get(action=AuditEvent.Action.WEBHOOK_REDELIVERED)
    assert event.details == {"delivery": delivery.pk}
    assert event.actor == world.admin.user


def test_a_redelivered_delivery_gets_three_more_days(world: World, closed_url: str):
    make_endpoint(world, closed_url, events=[Event.JOB_PUBLISHED])
    with time_machine.travel(START, tick=False) as traveller:
        delivery = _publish(world)
        traveller.move_to(START + dt.timedelta(days=4))
        relay_webhooks()
        delivery.refresh_from_db()
        assert delivery.status == WebhookDelivery.Status.GIVEN_UP

        assert webhook_redeliver(delivery=delivery, actor=Actor.member(world.admin))
        assert relay_webhooks() == 1
        delivery.refresh_from_db()

    assert (delivery.status, delivery.attempts) == (WebhookDelivery.Status.FAILED, 1)
    assert delivery.next_attempt_at == START + dt.timedelta(days=4) + BACKOFF_SCHEDULE[0]


def test_a_claimed_delivery_is_sent_by_one_worker_until_its_claim_expires(world: World):
    endpoint = make_endpoint(world, "https://hooks.acme.test/in")
    with time_machine.travel(START, tick=False) as traveller:
        delivery = webhook_test_send(endpoint=endpoint)
        assert claim(delivery.pk)
        assert not claim(delivery.pk)
        assert deliver(delivery.pk) == "skipped"
        assert relay_webhooks() == 0

        traveller.shift(CLAIM_TIMEOUT + SECOND)  # the worker died: the relay hands it out
        assert due_delivery_ids() == [delivery.pk]
        assert claim(delivery.pk)
