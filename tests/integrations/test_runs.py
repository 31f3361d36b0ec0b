"""A feed's runs: fetched through the outbound guard from a real local server, read and
upserted; the report of each; failures recorded on their run without stopping the others;
the schedule."""

import datetime
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from coopt.audit.actors import Actor
from coopt.integrations import tasks
from coopt.integrations.models import JobFeedRun, JobFeedSource
from coopt.integrations.runs import feed_run_execute, feed_run_request, feeds_run_due
from coopt.integrations.sources import feed_source_create
from coopt.jobs.external import external_name_map
from coopt.jobs.models import ExternalTagMapping, Job
from coopt.taxonomy.models import Tag
from coopt.tenants.models import Tenant

from .. import factories as f
from ..conftest import World
from .conftest import FeedServer
from .feeds import XML, xml_feed, xml_job

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("test")


def _source(tenant: Tenant, url: str, **fields: Any) -> JobFeedSource:
    fields.setdefault("schedule", JobFeedSource.Schedule.HOURLY)
    return feed_source_create(tenant=tenant, actor=SYSTEM, name="Careers", url=url, **fields)


def _run(source: JobFeedSource) -> JobFeedRun:
    """Queue a run by hand and do it, as the worker would."""
    run = feed_run_request(source=source, actor=SYSTEM)
    done = feed_run_execute(run_id=run.pk)
    assert done is not None
    return done


def _jobs(source: JobFeedSource) -> Any:
    return Job.objects.filter(tenant=source.tenant, external_id__startswith=f"{source.prefix}:")


def test_a_fetched_feed_creates_its_jobs_and_a_second_run_changes_nothing(
    world: World, feed_server: FeedServer
):
    source = _source(world.acme, feed_server.serve("/jobs.xml", XML))

    first = _run(source)

    assert first.status == JobFeedRun.Status.SUCCEEDED, first.error
    assert (first.created, first.updated, first.closed, first.unchanged) == (2, 0, 0, 0)
    baker = _jobs(source).get(external_id=f"{source.prefix}:B-12")
    assert baker.status == Job.Status.PUBLISHED and "script" not in baker.description
    assert baker.created_by is None

    second = _run(source)

    assert (second.created, second.updated, second.closed, second.unchanged) == (0, 0, 0, 2)
    assert _jobs(source).count() == 2


def test_a_job_gone_from_the_feed_is_closed(world: World, feed_server: FeedServer):
    url = feed_server.serve("/jobs.xml", xml_feed(xml_job("1", "Cook"), xml_job("2", "Chef")))
    source = _source(world.acme, url)
    _run(source)

    feed_server.serve("/jobs.xml", xml_feed(xml_job("1", "Cook")))
    run = _run(source)

    assert run.closed == 1
    assert _jobs(source).get(external_id=f"{source.prefix}:2").status == Job.Status.CLOSED


def test_a_source_that_does_not_close_leaves_them_open(world: World, feed_server: FeedServer):
    url = feed_server.serve("/jobs.xml", xml_feed(xml_job("1", "Cook"), xml_job("2", "Chef")))
    source = _source(world.acme, url, close_missing=False)
    _run(source)
    feed_server.serve("/jobs.xml", xml_feed(xml_job("1", "Cook")))

    assert _run(source).closed == 0
    assert _jobs(source).filter(status=Job.Status.PUBLISHED).count() == 2


def test_an_empty_feed_closes_nothing_and_fails_the_run(world: World, feed_server: FeedServer):
    source = _source(world.acme, feed_server.serve("/jobs.xml", xml_feed(xml_job("1", "Cook"))))
    _run(source)
    feed_server.serve("/jobs.xml", b"<source></source>")

    run = _run(source)

    assert run.status == JobFeedRun.Status.FAILED
    assert "lists no job" in run.error
    assert _jobs(source).get().status == Job.Status.PUBLISHED


def test_unknown_names_are_reported_then_mapped_and_applied_on_the_next_run(
    world: World, feed_server: FeedServer
):
    url = feed_server.serve("/jobs.xml", xml_feed(xml_job("1", "Cook", "Lyon", "Kitchen")))
    source = _source(world.acme, url)

    run = _run(source)

    assert run.unknown_tags == [["family", "Kitchen"]]  # Lyon is one of acme's tags
    job = _jobs(source).get()
    assert job.job_family is None and [t.name for t in job.locations.all()] == ["Lyon"]

    catering = f.make_tag(world.acme, "Catering", Tag.Kind.FAMILY)
    mapping = ExternalTagMapping.objects.get(tenant=world.acme, external_name="Kitchen")
    external_name_map(mapping=mapping, tag=catering, actor=Actor.member(world.admin))
    again = _run(source)

    assert again.unknown_tags == []
    assert again.updated == 1
    job.refresh_from_db()
    assert job.job_family == catering


def test_rejected_entries_are_listed_with_their_reasons(world: World, feed_server: FeedServer):
    data = xml_feed(xml_job("1", "Cook"), xml_job("", "No reference"), xml_job("1", "Again"))
    source = _source(world.acme, feed_server.serve("/jobs.xml", data))

    run = _run(source)

    assert run.created == 1
    assert run.rejected == [{"id": "", "reason": "no_id"}, {"id": "1", "reason": "duplicate_id"}]


def test_a_feed_over_the_size_limit_fails_the_run_with_the_reason(
    world: World, feed_server: FeedServer, settings: Any
):
    settings.COOPT_JOB_FEED_MAX_BYTES = 100
    source = _source(world.acme, feed_server.serve("/jobs.xml", XML))

    run = _run(source)

    assert run.status == JobFeedRun.Status.FAILED
    assert "larger than 100" in run.error
    assert not _jobs(source).exists()


def test_a_server_error_or_an_unreachable_address_is_recorded_on_the_run(
    world: World, feed_server: FeedServer
):
    broken = _source(world.acme, feed_server.serve("/jobs.xml", b"oops", status=500))
    assert "status 500" in _run(broken).error

    gone = _source(world.acme, "http://127.0.0.1:1/jobs.xml")  # nothing listens on port 1
    run = _run(gone)
    assert run.status == JobFeedRun.Status.FAILED
    assert "could not be fetched" in run.error


def test_an_address_inside_the_network_is_refused_by_the_guard(world: World, settings: Any):
    settings.COOPT_OUTBOUND_ALLOW_LOOPBACK = False
    source = _source(world.acme, "http://127.0.0.1:8000/jobs.xml")

    run = _run(source)

    assert run.status == JobFeedRun.Status.FAILED
    assert "does not fetch this address" in run.error


def test_a_run_is_done_once_however_often_its_task_is_delivered(
    world: World, feed_server: FeedServer
):
    source = _source(world.acme, feed_server.serve("/jobs.xml", XML))
    run = _run(source)
    assert feed_run_execute(run_id=run.pk) is None
    assert tasks.run_feed(run.pk) == ""


def test_run_now_while_a_run_waits_gives_the_waiting_run(world: World):
    source = _source(world.acme, "http://127.0.0.1:9/jobs.xml")
    first = feed_run_request(source=source, actor=SYSTEM)
    assert feed_run_request(source=source, actor=SYSTEM) == first
    assert source.runs.count() == 1


def test_the_schedule_runs_due_sources_and_a_failing_one_does_not_stop_the_others(
    world: World, feed_server: FeedServer
):
    broken = _source(world.acme, feed_server.serve("/broken.xml", b"<not xml"))
    good = _source(world.globex, feed_server.serve("/jobs.xml", XML))
    _source(world.acme, feed_server.url("/x.xml"), schedule=JobFeedSource.Schedule.OFF)
    _source(world.acme, feed_server.url("/y.xml"), is_enabled=False)

    queued = tasks.run_due_feeds()  # Celery runs eagerly in the tests: each run is done

    assert len(queued) == 2
    assert broken.runs.get().status == JobFeedRun.Status.FAILED
    assert "not a valid XML" in broken.runs.get().error
    assert good.runs.get().status == JobFeedRun.Status.SUCCEEDED
    assert _jobs(good).count() == 2
    assert tasks.run_due_feeds() == []  # not due again before its hour is over


def test_sources_are_due_again_after_their_interval(world: World, feed_server: FeedServer):
    hourly = _source(world.acme, feed_server.serve("/jobs.xml", XML))
    daily = _source(world.acme, feed_server.url("/jobs.xml"), schedule="daily")
    start = timezone.now()
    assert len(feeds_run_due(now=start)) == 2
    assert feeds_run_due(now=start + datetime.timedelta(minutes=30)) == []

    # The beat passes every few minutes: an hourly source is due just before its hour.
    later = feeds_run_due(now=start + datetime.timedelta(minutes=59))

    assert hourly.runs.count() == 2 and daily.runs.count() == 1
    assert later == [hourly.runs.latest("pk").pk]
    assert len(feeds_run_due(now=start + datetime.timedelta(days=1))) == 2


def test_a_run_whose_worker_was_lost_is_failed_and_an_undelivered_one_queued_again(
    world: World, feed_server: FeedServer
):
    source = _source(world.acme, feed_server.serve("/jobs.xml", XML), schedule="off")
    with time_machine.travel(timezone.now() - datetime.timedelta(hours=2)):
        lost = JobFeedRun.objects.create(
            source=source, status=JobFeedRun.Status.RUNNING, started_at=timezone.now()
        )
        waiting = JobFeedRun.objects.create(source=source)

    assert feeds_run_due() == [waiting.pk]

    lost.refresh_from_db()
    waiting.refresh_from_db()
    assert lost.status == JobFeedRun.Status.FAILED and "interrupted" in lost.error
    assert waiting.status == JobFeedRun.Status.SUCCEEDED
