"""Greenhouse's job board comes in as records, then as Coopt jobs through the shared upsert."""

import pytest

from coopt.ats.connectors.base import AtsError, NotConfigured
from coopt.ats.connectors.greenhouse import GreenhouseConnector
from coopt.ats.models import AtsConnection
from coopt.ats.services import connection_sync
from coopt.jobs.models import Job

from .fake_greenhouse import BOARD_JOBS, FakeGreenhouse, fixture

pytestmark = pytest.mark.django_db


def test_it_reads_the_board_into_job_records(connection: AtsConnection, greenhouse: FakeGreenhouse):
    greenhouse.answer("GET", BOARD_JOBS, body=fixture("jobs"))

    records = GreenhouseConnector(connection).fetch_jobs()

    # One record per Greenhouse job: its second post and the prospect post are left out.
    assert [r.external_id for r in records] == ["2034567", "2039876"]
    data = records[0]
    assert data.title == "Data Engineer"
    assert data.locations == ("Lyon",)
    assert data.job_family == "Engineering"
    assert data.url == "https://boards.greenhouse.io/acme/jobs/4012345"
    assert data.extra["post_id"] == "4012345"
    assert data.extra["updated_at"] == "2026-11-30T10:55:28-05:00"


def test_the_description_is_unescaped_and_sanitised(
    connection: AtsConnection, greenhouse: FakeGreenhouse
):
    greenhouse.answer("GET", BOARD_JOBS, body=fixture("jobs"))

    description = GreenhouseConnector(connection).fetch_jobs()[0].description

    assert "<strong>data pipelines</strong> &amp; tools." in description
    assert "<p>Join us.</p>" in description
    assert "script" not in description
    assert "alert" not in description
    assert "onclick" not in description
    assert "&lt;" not in description


def test_the_board_is_read_without_the_api_key(
    connection: AtsConnection, greenhouse: FakeGreenhouse
):
    greenhouse.answer("GET", BOARD_JOBS, body=fixture("jobs"))

    GreenhouseConnector(connection).fetch_jobs()

    [request] = greenhouse.received
    assert (request.method, request.url) == ("GET", BOARD_JOBS)
    assert "Authorization" not in request.headers


def test_a_board_greenhouse_does_not_know_is_an_error(
    connection: AtsConnection, greenhouse: FakeGreenhouse
):
    greenhouse.answer("GET", BOARD_JOBS, status=404, body=b'{"status": 404, "error": "x"}')

    with pytest.raises(AtsError, match="HTTP 404"):
        GreenhouseConnector(connection).fetch_jobs()


def test_no_board_token_sends_nothing(connection: AtsConnection, greenhouse: FakeGreenhouse):
    connection.board_token = ""

    with pytest.raises(NotConfigured):
        GreenhouseConnector(connection).fetch_jobs()
    assert greenhouse.received == []


def test_the_sync_brings_the_jobs_in_and_closes_the_ones_greenhouse_dropped(
    connection: AtsConnection, greenhouse: FakeGreenhouse
):
    greenhouse.answer("GET", BOARD_JOBS, body=fixture("jobs"))

    counts = connection_sync(connection_id=connection.pk)

    assert counts["jobs_created"] == 2
    job = Job.objects.get(tenant=connection.tenant, external_id="greenhouse:2034567")
    assert job.title == "Data Engineer"
    assert job.status == Job.Status.PUBLISHED
    assert "<strong>data pipelines</strong>" in job.description

    # Greenhouse no longer lists the account executive: closed, not deleted.
    greenhouse.answer(
        "GET",
        BOARD_JOBS,
        body=fixture("jobs").replace(b'"internal_job_id": 2039876', b'"internal_job_id": null'),
    )
    counts = connection_sync(connection_id=connection.pk)

    assert counts["jobs_closed"] == 1
    closed = Job.objects.get(tenant=connection.tenant, external_id="greenhouse:2039876")
    assert closed.status == Job.Status.CLOSED
    connection.refresh_from_db()
    assert connection.last_sync_at is not None
    assert connection.last_sync_error == ""


def test_a_failed_pull_is_shown_on_the_connection_and_changes_no_job(
    connection: AtsConnection, greenhouse: FakeGreenhouse
):
    greenhouse.answer("GET", BOARD_JOBS, status=503, body=b"")

    connection_sync(connection_id=connection.pk)

    connection.refresh_from_db()
    assert connection.last_sync_error == "HTTP 503"
    assert not Job.objects.filter(tenant=connection.tenant, external_id__startswith="greenhouse:")
