"""Events are written to the outbox in the transaction of the change (and rolled back with
it), carry a versioned payload, and name the referred person only once they confirmed."""

import json

import pytest
from django.db import transaction

from coopt.audit.actors import Actor
from coopt.jobs.models import Job
from coopt.jobs.services import job_set_status
from coopt.referrals.models import Status
from coopt.referrals.services import consent_confirm, referral_set_status
from coopt.webhooks.models import Event, WebhookDelivery
from coopt.webhooks.services import webhook_endpoint_set_enabled
from coopt.webhooks.tasks import relay_webhooks

from .. import factories as f
from ..conftest import World
from .conftest import Receiver, make_endpoint

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def test_a_referral_writes_its_delivery_in_its_own_transaction(world: World):
    endpoint = make_endpoint(world, "https://hooks.acme.test/in")

    with transaction.atomic():
        referral = f.refer(referrer=world.member, job=world.job)
        delivery = WebhookDelivery.objects.get(endpoint=endpoint)
        assert delivery.event_type == Event.REFERRAL_CREATED

    assert delivery.payload["data"]["id"] == referral.pk
    assert delivery.status == WebhookDelivery.Status.PENDING


def test_a_referral_rolled_back_leaves_no_delivery(world: World):
    make_endpoint(world, "https://hooks.acme.test/in")

    with pytest.raises(Boom), transaction.atomic():
        f.refer(referrer=world.member, job=world.job)
        assert WebhookDelivery.objects.count() == 1
        raise Boom

    assert WebhookDelivery.objects.count() == 0


def test_before_consent_the_payload_names_nobody(world: World):
    make_endpoint(world, "https://hooks.acme.test/in")

    referral = f.refer(referrer=world.member, job=world.job, first_name="Ada", last_name="King")

    delivery = WebhookDelivery.objects.get(event_type=Event.REFERRAL_CREATED)
    assert delivery.payload["type"] == "referral.created"
    assert delivery.payload["version"] == 1
    assert delivery.payload["timestamp"].endswith("Z")
    data = delivery.payload["data"]
    assert data["candidate"] is None
    assert data["job"] == {"id": world.job.pk, "title": world.job.title}
    assert data["status"] == Status.RECOMMENDED
    assert data["consent"] == "awaiting"
    text = json.dumps(delivery.payload)
    for personal in ("Ada", "King", referral.email, "Former colleague", "Great at her job"):
        assert personal not in text


def test_once_confirmed_the_payload_carries_the_names_only(world: World):
    make_endpoint(world, "https://hooks.acme.test/in")
    referral = f.refer(referrer=world.member, job=world.job, first_name="Ada", last_name="King")

    consent_confirm(referral=referral)

    delivery = WebhookDelivery.objects.get(event_type=Event.REFERRAL_STATUS_CHANGED)
    assert delivery.payload["data"]["candidate"] == {"first_name": "Ada", "last_name": "King"}
    assert delivery.payload["data"]["consent"] == "confirmed"
    assert referral.email not in json.dumps(delivery.payload)


def test_a_hire_sends_a_status_change_and_a_hire(world: World):
    make_endpoint(world, "https://hooks.acme.test/in")
    referral = f.refer(referrer=world.member, job=world.job, confirmed=True)

    referral_set_status(referral=referral, status=Status.HIRED, author=world.recruiter.user)

    hired = WebhookDelivery.objects.filter(payload__data__status=Status.HIRED)
    assert sorted(hired.values_list("event_type", flat=True)) == [
        Event.REFERRAL_HIRED,
        Event.REFERRAL_STATUS_CHANGED,
    ]


def test_only_the_events_subscribed_are_sent(world: World):
    endpoint = make_endpoint(world, "https://hooks.acme.test/in", events=[Event.JOB_PUBLISHED])

    job = f.make_job(world.acme, author=world.recruiter.user, published=False)
    f.refer(referrer=world.member, job=world.job)
    job_set_status(job=job, status=Job.Status.PUBLISHED)
    job_set_status(job=job, status=Job.Status.CLOSED)

    [delivery] = WebhookDelivery.objects.filter(endpoint=endpoint)
    assert delivery.event_type == Event.JOB_PUBLISHED
    assert delivery.payload["data"]["id"] == job.pk
    assert delivery.payload["data"]["status"] == "published"


def test_a_job_closed_or_filled_sends_job_closed(world: World):
    make_endpoint(world, "https://hooks.acme.test/in", events=[Event.JOB_CLOSED])

    job_set_status(job=world.job, status=Job.Status.FILLED)

    [delivery] = WebhookDelivery.objects.all()
    assert delivery.event_type == Event.JOB_CLOSED
    assert delivery.payload["data"]["status"] == "filled"


def test_another_tenant_and_a_disabled_endpoint_get_nothing(world: World):
    endpoint = make_endpoint(world, "https://hooks.acme.test/in")
    webhook_endpoint_set_enabled(endpoint=endpoint, enabled=False, actor=Actor.member(world.admin))

    f.refer(referrer=world.member, job=world.job)
    f.make_job(world.globex, author=world.outsider.user)

    assert WebhookDelivery.objects.count() == 0


def test_the_send_waits_for_the_commit(
    world: World, receiver: Receiver, django_capture_on_commit_callbacks
):
    make_endpoint(world, receiver.url, events=[Event.REFERRAL_CREATED])

    with django_capture_on_commit_callbacks(execute=True):
        f.refer(referrer=world.member, job=world.job)
        assert receiver.received == []

    [request] = receiver.received
    assert json.loads(request.body)["type"] == "referral.created"
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.SUCCEEDED


def test_with_the_broker_down_nothing_is_lost_and_the_relay_sends_it(
    world: World, receiver: Receiver, django_capture_on_commit_callbacks, monkeypatch
):
    make_endpoint(world, receiver.url, events=[Event.REFERRAL_CREATED])

    def broker_down(*args: object, **kwargs: object) -> None:
        raise ConnectionRefusedError("broker unreachable")

    from coopt.webhooks.tasks import deliver_webhook

    monkeypatch.setattr(deliver_webhook, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        referral = f.refer(referrer=world.member, job=world.job)

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (WebhookDelivery.Status.PENDING, 0)
    assert receiver.received == []

    assert relay_webhooks() == 1  # what the beat schedule runs every minute

    [request] = receiver.received
    assert json.loads(request.body)["data"]["id"] == referral.pk
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (WebhookDelivery.Status.SUCCEEDED, 1)
    assert delivery.last_response_code == 200
    assert delivery.last_response_ms is not None
    assert relay_webhooks() == 0
