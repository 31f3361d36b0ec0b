"""The delivery log keeps a month, and forgets the names of people whose data was erased."""

import datetime as dt

import pytest
import time_machine

from coopt.referrals.services import consent_confirm, referral_erase_personal_data
from coopt.webhooks.models import Event, WebhookDelivery
from coopt.webhooks.services import webhook_test_send
from coopt.webhooks.tasks import prune_webhook_deliveries

from .. import factories as f
from ..conftest import World
from .conftest import make_endpoint

pytestmark = pytest.mark.django_db


def test_an_erased_persons_names_leave_the_payloads(world: World):
    make_endpoint(world, "https://hooks.acme.test/in", events=[Event.REFERRAL_STATUS_CHANGED])
    ada = consent_confirm(referral=f.refer(referrer=world.member, job=world.job, first_name="Ada"))
    grace = consent_confirm(
        referral=f.refer(referrer=world.member, job=world.job, first_name="Grace")
    )

    referral_erase_personal_data(referral=ada)
    prune_webhook_deliveries()

    about_ada = WebhookDelivery.objects.get(payload__data__id=ada.pk)
    about_grace = WebhookDelivery.objects.get(payload__data__id=grace.pk)
    assert about_ada.payload["data"]["candidate"] is None
    assert about_ada.payload["data"]["status"] == "recommended"
    assert about_grace.payload["data"]["candidate"]["first_name"] == "Grace"


def test_deliveries_that_ended_are_kept_a_month(world: World):
    endpoint = make_endpoint(world, "https://hooks.acme.test/in")
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        ended = webhook_test_send(endpoint=endpoint)
        waiting = webhook_test_send(endpoint=endpoint)
        WebhookDelivery.objects.filter(pk=ended.pk).update(status=WebhookDelivery.Status.SUCCEEDED)

        traveller.shift(dt.timedelta(days=30) - dt.timedelta(seconds=1))
        assert prune_webhook_deliveries() == 0
        traveller.shift(dt.timedelta(seconds=2))
        assert prune_webhook_deliveries() == 1

    assert list(WebhookDelivery.objects.values_list("pk", flat=True)) == [waiting.pk]
