"""The webhook pages of the back office: admins only, their own company's endpoints only;
every change recorded in the audit log."""

import pytest
from django.test import Client

from coopt.audit.models import AuditEvent
from coopt.webhooks.models import Event, WebhookDelivery, WebhookEndpoint
from coopt.webhooks.services import webhook_test_send

from ..conftest import GLOBEX_HOST, World
from .conftest import make_endpoint

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action
URL = "https://hooks.acme.test/in"


@pytest.fixture
def admin(world: World) -> Client:
    return world.client_for(world.admin)


@pytest.fixture
def endpoint(world: World) -> WebhookEndpoint:
    return make_endpoint(world, URL, events=[Event.REFERRAL_CREATED])


def _actions() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


def test_the_admin_adds_an_endpoint_and_sees_its_secret(world: World, admin: Client):
    response = admin.post(
        "/office/webhooks/new/",
        {"url": URL, "description": "ATS", "events": ["referral.created", "referral.hired"]},
    )

    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/office/webhooks/{endpoint.pk}/"
    assert (endpoint.tenant, endpoint.url) == (world.acme, URL)
    assert endpoint.events == ["referral.created", "referral.hired"]
    page = admin.get(response["Location"]).content.decode()
    assert endpoint.secret in page
    event = AuditEvent.objects.get(action=Action.WEBHOOK_CREATED)
    assert (event.actor, event.target) == (world.admin.user, f"webhook:{endpoint.pk}")


@pytest.mark.parametrize(
    "url",
    [
        "ftp://hooks.acme.test/in",
        "https://hooks.acme.test:8443/in",
        "https://user:pass@hooks.acme.test/in",
        "http://10.0.0.5/in",
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.1/in",
        "http://0x7f000001/in",
        "http://localhost/in",
    ],
)
def test_a_url_the_guard_would_refuse_is_refused_by_the_form(admin: Client, url: str):
    response = admin.post("/office/webhooks/new/", {"url": url, "events": ["referral.created"]})

    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_at_least_one_event_is_needed(admin: Client):
    response = admin.post("/office/webhooks/new/", {"url": URL})

    assert "Choose at least one event." in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_the_admin_edits_an_endpoint(admin: Client, endpoint: WebhookEndpoint):
    response = admin.post(
        f"/office/webhooks/{endpoint.pk}/edit/",
        {"url": URL, "description": "New", "events": ["job.published", "job.closed"]},
    )

    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.events == ["job.published", "job.closed"]
    event = AuditEvent.objects.get(action=Action.WEBHOOK_CHANGED)
    assert event.details == {"fields": ["description", "events"]}


def test_rotating_keeps_the_previous_secret_for_a_day(admin: Client, endpoint: WebhookEndpoint):
    old = endpoint.secret

    response = admin.post(f"/office/webhooks/{endpoint.pk}/rotate/")

    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.secret != old
    assert endpoint.previous_secret == old
    assert endpoint.previous_secret_valid_until is not None
    assert Action.WEBHOOK_SECRET_ROTATED in _actions()
    page = admin.get(f"/office/webhooks/{endpoint.pk}/").content.decode()
    assert "The previous secret also signs until" in page


def test_disabling_and_enabling_are_recorded(admin: Client, endpoint: WebhookEndpoint):
    admin.post(f"/office/webhooks/{endpoint.pk}/enabled/", {"enabled": "0"})
    endpoint.refresh_from_db()
    assert not endpoint.is_enabled
    assert endpoint.disabled_reason == WebhookEndpoint.DisabledReason.BY_ADMIN

    admin.post(f"/office/webhooks/{endpoint.pk}/enabled/", {"enabled": "1"})
    endpoint.refresh_from_db()
    assert endpoint.is_enabled
    assert _actions()[-2:] == [Action.WEBHOOK_DISABLED, Action.WEBHOOK_ENABLED]


def test_deleting_removes_the_endpoint_and_its_log(admin: Client, endpoint: WebhookEndpoint):
    webhook_test_send(endpoint=endpoint)

    response = admin.post(f"/office/webhooks/{endpoint.pk}/delete/")

    assert response.status_code == 302
    assert not WebhookEndpoint.objects.exists()
    assert not WebhookDelivery.objects.exists()
    assert AuditEvent.objects.get(action=Action.WEBHOOK_DELETED).target == (
        f"webhook:{endpoint.pk}"
    )


def test_the_test_button_queues_a_test_event(admin: Client, endpoint: WebhookEndpoint):
    response = admin.post(f"/office/webhooks/{endpoint.pk}/test/")

    assert response.status_code == 302
    delivery = WebhookDelivery.objects.get()
    assert delivery.event_type == "webhook.test"
    page = admin.get(f"/office/webhooks/{endpoint.pk}/").content.decode()
    assert f'data-delivery="{delivery.pk}"' in page


def test_the_log_is_paginated_and_shows_a_payload(admin: Client, endpoint: WebhookEndpoint):
    deliveries = [webhook_test_send(endpoint=endpoint) for _ in range(30)]

    first = admin.get(f"/office/webhooks/{endpoint.pk}/").content.decode()
    second = admin.get(f"/office/webhooks/{endpoint.pk}/?page=2").content.decode()

    assert first.count('data-testid="delivery-row"') == 25
    assert second.count('data-testid="delivery-row"') == 5
    page = admin.get(f"/office/webhooks/deliveries/{deliveries[0].pk}/").content.decode()
    assert deliveries[0].message_id in page
    assert "This is a test event" in page


def test_a_recruiter_is_refused(world: World, endpoint: WebhookEndpoint):
    recruiter = world.client_for(world.recruiter)
    delivery = webhook_test_send(endpoint=endpoint)

    assert recruiter.get("/office/webhooks/").status_code == 403
    assert recruiter.get(f"/office/webhooks/{endpoint.pk}/").status_code == 403
    assert recruiter.post(f"/office/webhooks/{endpoint.pk}/rotate/").status_code == 403
    assert recruiter.post(f"/office/webhooks/deliveries/{delivery.pk}/redeliver/").status_code == (
        403
    )
    endpoint.refresh_from_db()
    assert endpoint.previous_secret == ""


def test_another_companys_admin_gets_404(world: World, endpoint: WebhookEndpoint):
    outsider = world.client_for(world.outsider, host=GLOBEX_HOST)
    delivery = webhook_test_send(endpoint=endpoint)
    secret = endpoint.secret

    assert outsider.get("/office/webhooks/").status_code == 200
    assert URL not in outsider.get("/office/webhooks/").content.decode()
    assert outsider.get(f"/office/webhooks/{endpoint.pk}/").status_code == 404
    assert outsider.get(f"/office/webhooks/{endpoint.pk}/edit/").status_code == 404
    assert outsider.post(f"/office/webhooks/{endpoint.pk}/rotate/").status_code == 404
    assert outsider.post(f"/office/webhooks/{endpoint.pk}/delete/").status_code == 404
    assert outsider.get(f"/office/webhooks/deliveries/{delivery.pk}/").status_code == 404
    assert outsider.post(f"/office/webhooks/deliveries/{delivery.pk}/redeliver/").status_code == (
        404
    )
    endpoint.refresh_from_db()
    assert endpoint.secret == secret
    assert WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()


def test_the_settings_navigation_links_to_webhooks(admin: Client):
    page = admin.get("/office/settings/").content.decode()

    assert 'href="/office/webhooks/"' in page
