"""Every request is signed the Standard Webhooks way, checked here by the independent
``standardwebhooks`` package, as a receiver would; during a rotation both secrets sign."""

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from coopt.audit.actors import Actor
from coopt.webhooks.delivery import deliver
from coopt.webhooks.models import WebhookDelivery, WebhookEndpoint
from coopt.webhooks.services import webhook_secret_rotate, webhook_test_send

from ..conftest import World
from .conftest import Receiver, make_endpoint

pytestmark = pytest.mark.django_db


def _send_test_event(endpoint_pk: int) -> WebhookDelivery:
    delivery = webhook_test_send(endpoint=WebhookEndpoint.objects.get(pk=endpoint_pk))
    assert deliver(delivery.pk) == "succeeded"
    return delivery


def test_a_delivery_verifies_with_the_endpoints_secret(world: World, receiver: Receiver):
    endpoint = make_endpoint(world, receiver.url)
    assert endpoint.secret.startswith("whsec_")

    delivery = _send_test_event(endpoint.pk)

    [request] = receiver.received
    payload = Webhook(endpoint.secret).verify(request.body, request.headers)
    assert payload == delivery.payload
    assert payload["type"] == "webhook.test"
    assert payload["version"] == 1
    assert request.headers["webhook-id"] == delivery.message_id
    assert delivery.message_id.startswith("msg_")
    assert request.headers["content-type"] == "application/json"


def test_another_secret_does_not_verify(world: World, receiver: Receiver):
    endpoint = make_endpoint(world, receiver.url)
    other = make_endpoint(world, receiver.url)

    _send_test_event(endpoint.pk)

    [request] = receiver.received
    with pytest.raises(WebhookVerificationError):
        Webhook(other.secret).verify(request.body, request.headers)


def test_a_tampered_body_does_not_verify(world: World, receiver: Receiver):
    endpoint = make_endpoint(world, receiver.url)
    _send_test_event(endpoint.pk)

    [request] = receiver.received
    tampered = json.dumps({**json.loads(request.body), "type": "referral.hired"})
    with pytest.raises(WebhookVerificationError):
        Webhook(endpoint.secret).verify(tampered, request.headers)


def test_during_a_rotation_both_secrets_verify_then_only_the_new_one(
    world: World, receiver: Receiver
):
    endpoint = make_endpoint(world, receiver.url)
    old_secret = endpoint.secret
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        endpoint = webhook_secret_rotate(endpoint=endpoint, actor=Actor.member(world.admin))
        assert endpoint.secret != old_secret

        _send_test_event(endpoint.pk)
        request = receiver.received[-1]
        assert len(request.headers["webhook-signature"].split(" ")) == 2
        Webhook(endpoint.secret).verify(request.body, request.headers)
        Webhook(old_secret).verify(request.body, request.headers)

        traveller.shift(dt.timedelta(hours=24, seconds=1))
        _send_test_event(endpoint.pk)
        request = receiver.received[-1]
        assert len(request.headers["webhook-signature"].split(" ")) == 1
        Webhook(endpoint.secret).verify(request.body, request.headers)
        with pytest.raises(WebhookVerificationError):
            Webhook(old_secret).verify(request.body, request.headers)


def test_the_guides_verification_by_hand_accepts_a_delivery(world: World, receiver: Receiver):
    """The "by hand" code of docs/webhooks.md, run as a receiver would run it."""
    guide = (Path(settings.BASE_DIR) / "docs" / "webhooks.md").read_text()
    code = next(block for block in guide.split("```python")[1:] if "def is_signed" in block)
    namespace: dict[str, Any] = {}
    exec(code.split("```")[0], namespace)  # noqa: S102 - our own documentation
    endpoint = make_endpoint(world, receiver.url)
    _send_test_event(endpoint.pk)

    [request] = receiver.received
    assert namespace["is_signed"](endpoint.secret, request.headers, request.body)
    assert not namespace["is_signed"](endpoint.secret, request.headers, request.body + b" ")
