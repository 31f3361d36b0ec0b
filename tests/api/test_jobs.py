"""/api/v1/jobs: list, read, create, update, publish, close, through the jobs' services."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coopt.api.models import IdempotentResponse
from coopt.api.tasks import purge_idempotent_responses
from coopt.audit.models import AuditEvent
from coopt.jobs.models import Job
from coopt.taxonomy.models import Tag

from .. import factories as f
from ..conftest import World
from .conftest import ApiClient, MakeToken

pytestmark = pytest.mark.django_db


def _ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [job["id"] for job in response.json()["results"]]


def test_a_token_lists_its_tenants_jobs_only(world: World, api: ApiClient) -> None:
    draft = f.make_job(world.acme, title="Draft one", published=False)
    assert _ids(api.get("/jobs")) == [draft.pk, world.job.pk]
    assert world.globex_job.pk not in _ids(api.get("/jobs"))


def test_the_list_filters(world: World, api: ApiClient) -> None:
    paris = f.make_tag(world.acme, "Paris")
    sales = f.make_tag(world.acme, "Sales", kind=Tag.Kind.FAMILY)
    draft = f.make_job(
        world.acme, title="Sales rep", published=False, locations=[paris], job_family=sales
    )
    assert _ids(api.get("/jobs", {"status": "draft"})) == [draft.pk]
    assert _ids(api.get("/jobs", {"status": "published"})) == [world.job.pk]
    assert _ids(api.get("/jobs", {"job_family": sales.pk})) == [draft.pk]
    assert _ids(api.get("/jobs", {"location": paris.pk})) == [draft.pk]
    later = (timezone.now() + dt.timedelta(minutes=5)).isoformat()
    assert _ids(api.get("/jobs", {"updated_since": later})) == []
    Job.objects.filter(pk=world.job.pk).update(updated_at=timezone.now() + dt.timedelta(hours=1))
    assert _ids(api.get("/jobs", {"updated_since": later})) == [world.job.pk]


@pytest.mark.parametrize(
    ("since", "found"),
    [
        ("2976-02-13T14:38:22.68-22:29", False),  # an offset PostgreSQL refuses: taken in UTC
        ("2000-01-01T00:00:00+23:59", True),
        ("9999-12-31T23:59:59-23:59", False),  # past the calendar's end once in UTC
        ("0001-01-01T00:00:00+23:59", True),  # before its start
    ],
)
def test_updated_since_takes_any_offset_iso_8601_allows(
    world: World, api: ApiClient, since: str, found: bool
) -> None:
    response = api.get("/jobs", {"updated_since": since})
    assert response.status_code == 200
    assert (world.job.pk in _ids(response)) is found


def test_another_tenants_job_is_a_404(world: World, api: ApiClient) -> None:
    job_id = world.globex_job.pk
    assert api.get(f"/jobs/{job_id}").status_code == 404
    assert api.patch(f"/jobs/{job_id}", {"title": "Mine"}).status_code == 404
    assert api.post(f"/jobs/{job_id}/close").status_code == 404
    world.globex_job.refresh_from_db()
    assert world.globex_job.title == "Globex analyst"
    assert world.globex_job.status == Job.Status.PUBLISHED


def test_reading_a_job(world: World, api: ApiClient) -> None:
    body = api.get(f"/jobs/{world.job.pk}").json()
    assert body["title"] == "Account manager"
    assert body["status"] == "published"
    assert body["location_ids"] == [t.pk for t in world.job.locations.all()]


def test_creating_a_job_makes_a_draft_audited_with_the_token(
    world: World, make_token: MakeToken
) -> None:
    token, secret = make_token(scopes=["jobs:write", "jobs:read"])
    lyon = Tag.objects.get(tenant=world.acme, name="Lyon")
    response = ApiClient(secret).post(
        "/jobs",
        {
            "title": "Data engineer",
            "description": "<p>Pipelines</p><script>alert(1)</script>",
            "location_ids": [lyon.pk],
            "salary_min": 40000,
            "salary_max": 50000,
        },
    )
    assert response.status_code == 201, response.content
    job = Job.objects.get(pk=response.json()["id"])
    assert job.tenant == world.acme and job.status == Job.Status.DRAFT
    assert "<script>" not in job.description  # the service sanitises it
    assert list(job.locations.all()) == [lyon]
    event = AuditEvent.objects.get(action=AuditEvent.Action.JOB_CREATED)
    assert event.target == f"job:{job.pk}"
    assert event.details["by"] == f"api_token:{token.pk}"
    assert event.tenant_id == world.acme.pk and event.actor_id is None


def test_a_job_cannot_take_another_tenants_tags(world: World, api: ApiClient) -> None:
    foreign = f.make_tag(world.globex, "Berlin")
    response = api.post("/jobs", {"title": "X", "location_ids": [foreign.pk]})
    assert response.status_code == 422
    assert not Job.objects.filter(title="X").exists()


def test_a_salary_band_upside_down_is_refused(world: World, api: ApiClient) -> None:
    response = api.post("/jobs", {"title": "X", "salary_min": 5, "salary_max": 1})
    assert response.status_code == 422


def test_updating_changes_the_fields_sent(world: World, api: ApiClient) -> None:
    response = api.patch(f"/jobs/{world.job.pk}", {"title": "Key account manager"})
    assert response.status_code == 200, response.content
    world.job.refresh_from_db()
    assert world.job.title == "Key account manager"
    assert world.job.description == "<p>Sell our products.</p>"
    event = AuditEvent.objects.get(action=AuditEvent.Action.JOB_CHANGED)
    assert event.details["fields"] == ["title"]


def test_publishing_and_closing(world: World, api: ApiClient) -> None:
    draft = f.make_job(world.acme, title="Draft", published=False)
    assert api.post(f"/jobs/{draft.pk}/publish").json()["status"] == "published"
    assert api.post(f"/jobs/{draft.pk}/close").json()["status"] == "closed"
    response = api.post(f"/jobs/{draft.pk}/close")
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    actions = list(
        AuditEvent.objects.filter(target=f"job:{draft.pk}").values_list("action", flat=True)
    )
    assert actions == [AuditEvent.Action.JOB_CLOSED, AuditEvent.Action.JOB_PUBLISHED]


def test_writing_needs_the_write_scope(world: World, make_token: MakeToken) -> None:
    _token, secret = make_token(scopes=["jobs:read"])
    client = ApiClient(secret)
    assert client.post("/jobs", {"title": "X"}).status_code == 403
    assert client.patch(f"/jobs/{world.job.pk}", {"title": "X"}).status_code == 403
    assert client.post(f"/jobs/{world.job.pk}/close").status_code == 403
    world.job.refresh_from_db()
    assert world.job.status == Job.Status.PUBLISHED and world.job.title == "Account manager"


def test_reading_needs_the_read_scope(world: World, make_token: MakeToken) -> None:
    _token, secret = make_token(scopes=["jobs:write"])
    assert ApiClient(secret).get(f"/jobs/{world.job.pk}").status_code == 403


# Idempotency ------------------------------------------------------------------------------


def test_a_retry_with_the_same_key_replays_the_first_answer(world: World, api: ApiClient) -> None:
    headers = {"Idempotency-Key": "create-1"}
    first = api.post("/jobs", {"title": "Once"}, headers=headers)
    again = api.post("/jobs", {"title": "Once"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Job.objects.filter(title="Once").count() == 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.JOB_CREATED).count() == 1


def test_the_same_key_with_another_body_is_a_422(world: World, api: ApiClient) -> None:
    headers = {"Idempotency-Key": "create-2"}
    api.post("/jobs", {"title": "Once"}, headers=headers)
    response = api.post("/jobs", {"title": "Twice"}, headers=headers)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert not Job.objects.filter(title="Twice").exists()


def test_keys_are_per_token_and_kept_a_day(world: World, make_token: MakeToken) -> None:
    _a, secret_a = make_token(name="A")
    _b, secret_b = make_token(name="B")
    headers = {"Idempotency-Key": "same"}
    ApiClient(secret_a).post("/jobs", {"title": "From A"}, headers=headers)
    ApiClient(secret_b).post("/jobs", {"title": "From B"}, headers=headers)
    assert Job.objects.filter(title__startswith="From").count() == 2
    with time_machine.travel(timezone.now() + dt.timedelta(hours=25)):
        ApiClient(secret_a).post("/jobs", {"title": "From A"}, headers=headers)
    assert Job.objects.filter(title="From A").count() == 2


def test_a_failed_request_does_not_use_up_its_key(world: World, api: ApiClient) -> None:
    headers = {"Idempotency-Key": "publish"}
    closed = f.make_job(world.acme, title="Filled one")
    api.post(f"/jobs/{closed.pk}/close")
    assert api.post(f"/jobs/{world.job.pk}/publish", headers=headers).status_code == 409
    api.post(f"/jobs/{world.job.pk}/close")
    assert api.post(f"/jobs/{world.job.pk}/publish", headers=headers).status_code == 200


# Pagination -------------------------------------------------------------------------------


def _queries(api: ApiClient, path: str, data: dict[str, Any]) -> tuple[Any, int]:
    with CaptureQueriesContext(connection) as captured:
        response = api.get(path, data)
    assert response.status_code == 200, response.content
    return response, len(captured)


def test_pages_follow_the_cursor_at_a_constant_query_count(world: World, api: ApiClient) -> None:
    paris = f.make_tag(world.acme, "Paris")
    for number in range(11):
        f.make_job(world.acme, title=f"Job {number}", locations=[paris])
    api.get("/jobs")  # the token's first use writes last_used_at
    seen: list[int] = []
    counts = []
    data: dict[str, Any] = {"limit": 5}
    path = "/jobs"
    while True:
        response, count = _queries(api, path, data)
        counts.append(count)
        body = response.json()
        seen += [job["id"] for job in body["results"]]
        if body["next"] is None:
            break
        assert body["next"].startswith("http://acme.localhost/api/v1/jobs?")
        path, data = body["next"].split("/api/v1", 1)[1], {}
    assert seen == sorted(seen, reverse=True)
    assert len(seen) == len(set(seen)) == 12
    assert len(counts) == 3
    assert len(set(counts)) == 1, counts


def test_a_page_of_100_costs_what_a_page_of_5_does(
    world: World, api: ApiClient, django_assert_max_num_queries: Any
) -> None:
    paris = f.make_tag(world.acme, "Paris")
    for number in range(20):
        f.make_job(world.acme, title=f"Job {number}", locations=[paris])
    api.get("/jobs")
    _small, small = _queries(api, "/jobs", {"limit": 5})
    _large, large = _queries(api, "/jobs", {"limit": 100})
    assert small == large
    with django_assert_max_num_queries(4):
        api.get("/jobs", {"limit": 100})


def test_answers_older_than_a_day_are_purged(world: World, api: ApiClient) -> None:
    api.post("/jobs", {"title": "Old"}, headers={"Idempotency-Key": "old"})
    with time_machine.travel(timezone.now() + dt.timedelta(hours=23)):
        api.post("/jobs", {"title": "New"}, headers={"Idempotency-Key": "new"})
    with time_machine.travel(timezone.now() + dt.timedelta(hours=25)):
        assert purge_idempotent_responses() == 1
    assert list(IdempotentResponse.objects.values_list("key", flat=True)) == ["new"]


def test_a_closing_date_in_the_past_is_refused(world: World, api: ApiClient) -> None:
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    assert api.post("/jobs", {"title": "X", "closes_on": yesterday}).status_code == 422
    response = api.patch(f"/jobs/{world.job.pk}", {"closes_on": yesterday})
    assert response.status_code == 422
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    assert api.patch(f"/jobs/{world.job.pk}", {"closes_on": tomorrow}).status_code == 200
