"""Who may use the diffusion pages: recruiters and admins of the tenant; members get 403,
anonymous visitors sign in first, and another tenant's recruiter gets 404 on this tenant's
jobs and sends."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from coopt.diffusion import sends
from coopt.diffusion.audience import AudienceSpec
from coopt.diffusion.models import FeaturedJob, Send
from coopt.taxonomy.models import Tag

from .test_office_audience import follow

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    url: Callable[[Any, Send], str]
    data: dict[str, Any]


def _editor(world: Any, _send: Send) -> str:
    return reverse("diffusion:editor", args=[world.job.pk])


ENDPOINTS = [
    Endpoint("editor", "get", _editor, {}),
    Endpoint("editor-live", "get", _editor, {"edited": "1"}),
    Endpoint("editor-review", "get", _editor, {"edited": "1", "review": "1"}),
    Endpoint("send", "post", _editor, {"edited": "1", "confirm": "1"}),
    Endpoint(
        "feature",
        "post",
        lambda world, _send: reverse("diffusion:feature", args=[world.job.pk]),
        {"featured": "1"},
    ),
    Endpoint("progress", "get", lambda _world, send: reverse("diffusion:send", args=[send.pk]), {}),
    Endpoint("stop", "post", lambda _world, send: reverse("diffusion:stop", args=[send.pk]), {}),
]
ENDPOINT_IDS = [endpoint.name for endpoint in ENDPOINTS]


@pytest.fixture
def send(world) -> Send:
    follow(Tag.objects.get(tenant=world.acme, name="Lyon"), world.member, world.expert)
    return sends.send_start(job=world.job, spec=AudienceSpec(), author=world.recruiter.user)


def call(client: Any, endpoint: Endpoint, world: Any, send: Send) -> Any:
    data = dict(endpoint.data)
    if "review" in data or "confirm" in data:
        data["tags"] = [Tag.objects.get(tenant=world.acme, name="Lyon").pk]
    return getattr(client, endpoint.method)(endpoint.url(world, send), data)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=ENDPOINT_IDS)
@pytest.mark.parametrize("persona", ["recruiter", "admin"])
def test_recruiters_and_admins_can_use_it(world, send, endpoint, persona):
    response = call(world.client_for(getattr(world, persona)), endpoint, world, send)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert "/accounts/" not in response["Location"]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=ENDPOINT_IDS)
@pytest.mark.parametrize("persona", ["member", "expert"])
def test_members_get_403(world, send, endpoint, persona):
    response = call(world.client_for(getattr(world, persona)), endpoint, world, send)
    assert response.status_code == 403
    assert list(Send.objects.values_list("status", flat=True)) == [Send.Status.PREPARING]
    assert not FeaturedJob.objects.exists()


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=ENDPOINT_IDS)
def test_anonymous_visitors_are_sent_to_sign_in(world, send, acme_client, endpoint):
    response = call(acme_client, endpoint, world, send)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=ENDPOINT_IDS)
def test_another_tenants_recruiter_gets_404(world, send, endpoint):
    client = world.client_for(world.outsider)  # signed in on globex, their own host
    response = call(client, endpoint, world, send)
    assert response.status_code == 404
    assert list(Send.objects.values_list("status", flat=True)) == [Send.Status.PREPARING]
    assert not FeaturedJob.objects.exists()


def test_another_tenants_history_shows_none_of_these_sends(world, send):
    response = world.client_for(world.outsider).get(reverse("diffusion:sends"))
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert "Account manager" not in response.content.decode()


def test_another_tenants_job_cannot_filter_the_history(world, send):
    response = world.client_for(world.recruiter).get(
        reverse("diffusion:sends"), {"job": world.globex_job.pk}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["recruiter", "admin"])
def test_the_history_is_open_to_recruiters_and_admins(world, send, persona):
    response = world.client_for(getattr(world, persona)).get(reverse("diffusion:sends"))
    assert response.status_code == 200
    assert [row[0] for row in response.context["rows"]] == [send]


@pytest.mark.parametrize("persona", ["member", "expert"])
def test_the_history_is_closed_to_members(world, persona):
    response = world.client_for(getattr(world, persona)).get(reverse("diffusion:sends"))
    assert response.status_code == 403


def test_the_history_sends_anonymous_visitors_to_sign_in(world, acme_client):
    response = acme_client.get(reverse("diffusion:sends"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_globex_recruiter_cannot_use_the_acme_host(world, send):
    client = world.client_for(world.outsider, host="acme.localhost")
    response = client.get(reverse("diffusion:send", args=[send.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")


@pytest.mark.parametrize("name", ["feature"])
def test_actions_refuse_get(world, name):
    response = world.client_for(world.recruiter).get(
        reverse(f"diffusion:{name}", args=[world.job.pk])
    )
    assert response.status_code == 405
