"""The admin's job feed pages: sources, run now, upload, reports, names to map; each change
audited; recruiters refused, another tenant's objects 404."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coopt.audit.actors import Actor
from coopt.audit.models import AuditEvent
from coopt.integrations.models import JobFeedRun, JobFeedSettings, JobFeedSource
from coopt.integrations.runs import feed_run_upload
from coopt.integrations.sources import feed_source_create
from coopt.jobs.models import ExternalTagMapping, Job
from coopt.privacy.audit_details import describe_details
from coopt.taxonomy.models import Tag
from coopt.tenants.models import Tenant

from .. import factories as f
from ..conftest import World
from .conftest import FeedServer
from .feeds import CSV, XML

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action
FORM = {
    "name": "Careers site",
    "kind": "xml",
    "url": "https://careers.acme.test/jobs.xml",
    "schedule": "hourly",
    "is_enabled": "on",
    "close_missing": "on",
    "publish_new": "on",
}


def _source(tenant: Tenant, **fields: Any) -> JobFeedSource:
    fields.setdefault("url", "https://careers.acme.test/jobs.xml")
    return feed_source_create(
        tenant=tenant, actor=Actor.system("test"), name=f"{tenant.name} careers", **fields
    )


def _uploaded(source: JobFeedSource, data: bytes = XML) -> JobFeedRun:
    return feed_run_upload(source=source, data=data, actor=Actor.system("test"))


def test_an_admin_adds_a_source_and_it_is_audited(world: World):
    response = world.client_for(world.admin).post(reverse("integrations:source_create"), FORM)

    source = JobFeedSource.objects.get(tenant=world.acme)
    assert response.status_code == 302
    assert response["Location"] == reverse("integrations:source", args=[source.pk])
    assert (source.kind, source.schedule, source.url) == ("xml", "hourly", FORM["url"])
    event = AuditEvent.objects.get(action=Action.FEED_SOURCE_CREATED)
    assert event.actor == world.admin.user and event.target == f"jobfeedsource:{source.pk}"
    assert describe_details(event) == ["Format: XML"]


def test_a_scheduled_source_needs_an_address(world: World):
    response = world.client_for(world.admin).post(
        reverse("integrations:source_create"), {**FORM, "url": ""}
    )
    assert response.status_code == 200
    assert "needs an address" in response.content.decode()
    assert not JobFeedSource.objects.exists()


def test_an_edit_names_the_changed_fields_in_the_audit_log(world: World):
    source = _source(world.acme)

    response = world.client_for(world.admin).post(
        reverse("integrations:source", args=[source.pk]),
        {**FORM, "name": source.name, "url": source.url, "schedule": "off"},
    )

    assert response.status_code == 302
    source.refresh_from_db()
    assert source.schedule == "off"
    event = AuditEvent.objects.get(action=Action.FEED_SOURCE_CHANGED)
    assert event.details["fields"] == ["schedule"]
    assert describe_details(event) == ["Changed: schedule"]


def test_deleting_a_source_keeps_its_jobs(world: World):
    source = _source(world.acme)
    _uploaded(source)

    response = world.client_for(world.admin).post(
        reverse("integrations:source_delete", args=[source.pk])
    )

    assert response.status_code == 302
    assert not JobFeedSource.objects.exists()
    assert Job.objects.filter(external_id__startswith=f"{source.prefix}:").count() == 2
    assert AuditEvent.objects.filter(action=Action.FEED_SOURCE_DELETED).exists()


def test_run_now_queues_a_run_audited_and_its_report_follows(
    world: World, feed_server: FeedServer, django_capture_on_commit_callbacks: Any
):
    source = _source(world.acme, url=feed_server.serve("/jobs.xml", XML))
    client = world.client_for(world.admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("integrations:source_run", args=[source.pk]))

    run = source.runs.get()
    assert response["Location"] == reverse("integrations:run", args=[run.pk])
    assert run.status == JobFeedRun.Status.SUCCEEDED and run.trigger == "hand"
    event = AuditEvent.objects.get(action=Action.FEED_RUN)
    assert event.actor == world.admin.user and event.details == {"run": run.pk, "trigger": "hand"}
    report = client.get(response["Location"]).content.decode()
    assert 'data-testid="created-count">2<' in report


def test_an_uploaded_csv_is_imported_at_once_with_its_report(world: World):
    source = _source(world.acme, kind="csv", url="", schedule="off")
    data = CSV + b"S-8;;No title here;;;;;;;\n"
    client = world.client_for(world.admin)

    response = client.post(
        reverse("integrations:upload", args=[source.pk]),
        {"file": SimpleUploadedFile("jobs.csv", data, content_type="text/csv")},
    )

    run = source.runs.get()
    assert response["Location"] == reverse("integrations:run", args=[run.pk])
    assert (run.status, run.trigger, run.created) == ("succeeded", "upload", 2)
    baker = Job.objects.get(external_id=f"{source.prefix}:B-12")
    assert baker.created_by == world.admin.user
    report = client.get(response["Location"]).content.decode()
    assert 'data-testid="rejected-row"><td>S-8</td><td>no title</td>' in report
    assert "Production" in report  # a job family no tag stands for


def test_an_uploaded_file_over_the_limit_is_refused(world: World, settings: Any):
    settings.COOPT_JOB_FEED_MAX_BYTES = 50
    source = _source(world.acme, kind="csv", url="", schedule="off")

    response = world.client_for(world.admin).post(
        reverse("integrations:upload", args=[source.pk]),
        {"file": SimpleUploadedFile("jobs.csv", CSV)},
    )

    assert response.status_code == 200
    assert "larger than 50" in response.content.decode()
    assert not source.runs.exists()


def test_a_failed_run_shows_its_reason(world: World):
    source = _source(world.acme)
    run = _uploaded(source, b"<source><job>")

    html = world.client_for(world.admin).get(reverse("integrations:run", args=[run.pk]))

    assert 'data-testid="run-error"' in html.content.decode()
    assert "not a valid XML file" in html.content.decode()


def test_the_runs_list_is_paginated_and_filtered_by_source(world: World):
    source, other = _source(world.acme), _source(world.acme, url="https://b.acme.test/")
    for _index in range(26):
        JobFeedRun.objects.create(source=source, status=JobFeedRun.Status.SUCCEEDED)
    JobFeedRun.objects.create(source=other)
    client = world.client_for(world.admin)

    first = client.get(reverse("integrations:runs")).content.decode()
    second = client.get(reverse("integrations:runs") + "?page=2").content.decode()
    filtered = client.get(reverse("integrations:runs") + f"?source={other.pk}").content.decode()

    assert first.count('data-testid="run-row"') == 25
    assert second.count('data-testid="run-row"') == 2
    assert filtered.count('data-testid="run-row"') == 1


def test_unknown_names_are_listed_and_an_admin_maps_them(world: World):
    source = _source(world.acme)
    _uploaded(source)
    production = f.make_tag(world.acme, "Production and bakery", Tag.Kind.FAMILY)
    mapping = ExternalTagMapping.objects.get(tenant=world.acme, external_name="Production")
    client = world.client_for(world.admin)

    listing = client.get(reverse("integrations:names")).content.decode()
    assert f'data-mapping="{mapping.pk}" data-mapped="no"' in listing
    assert "Paris" in listing
    sources_page = client.get(reverse("integrations:sources")).content.decode()
    assert 'data-testid="unmapped-names"' in sources_page

    response = client.post(
        reverse("integrations:name_map", args=[mapping.pk]),
        {f"name{mapping.pk}-tag": production.pk},
    )

    assert response.status_code == 302
    mapping.refresh_from_db()
    assert mapping.tag == production
    event = AuditEvent.objects.get(action=Action.EXTERNAL_NAME_MAPPED)
    assert event.details == {"kind": "family", "tag": production.pk}
    _uploaded(source)
    assert Job.objects.get(external_id=f"{source.prefix}:B-12").job_family == production


def test_a_name_cannot_be_mapped_to_a_tag_of_another_kind_or_tenant(world: World):
    _uploaded(_source(world.acme))
    mapping = ExternalTagMapping.objects.get(tenant=world.acme, external_name="Production")
    lyon = Tag.objects.get(tenant=world.acme, name="Lyon")
    theirs = f.make_tag(world.globex, "Production", Tag.Kind.FAMILY)
    client = world.client_for(world.admin)

    for tag in (lyon, theirs):
        client.post(
            reverse("integrations:name_map", args=[mapping.pk]), {f"name{mapping.pk}-tag": tag.pk}
        )

    mapping.refresh_from_db()
    assert mapping.tag is None
    assert not AuditEvent.objects.filter(action=Action.EXTERNAL_NAME_MAPPED).exists()


def test_the_admin_turns_the_public_feed_off_and_it_is_audited(world: World):
    client = world.client_for(world.admin)

    response = client.post(reverse("integrations:feed_settings"), {})

    assert response.status_code == 302
    assert JobFeedSettings.objects.get(tenant=world.acme).publish_feed is False
    event = AuditEvent.objects.get(action=Action.SETTINGS_CHANGED)
    assert describe_details(event) == ["Public job feed", "Changed: publish the public job feed"]
    assert client.get(reverse("integrations_public:feed")).status_code == 404


@pytest.mark.parametrize("persona", ["recruiter", "member", "expert"])
def test_only_admins_have_the_pages(world: World, persona: str):
    source = _source(world.acme)
    client = world.client_for(getattr(world, persona))
    for url in (
        reverse("integrations:sources"),
        reverse("integrations:source", args=[source.pk]),
        reverse("integrations:runs"),
        reverse("integrations:names"),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("integrations:source_run", args=[source.pk])).status_code == 403
    assert not source.runs.exists()


def test_another_tenants_objects_are_404_and_not_listed(world: World):
    source = _source(world.acme)
    run = _uploaded(source)
    mapping = ExternalTagMapping.objects.filter(tenant=world.acme).first()
    assert mapping is not None
    client = world.client_for(world.outsider)  # an admin of globex

    for url in (
        reverse("integrations:source", args=[source.pk]),
        reverse("integrations:upload", args=[source.pk]),
        reverse("integrations:run", args=[run.pk]),
        reverse("integrations:runs") + f"?source={source.pk}",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("integrations:source_run", args=[source.pk]),
        reverse("integrations:source_delete", args=[source.pk]),
        reverse("integrations:name_map", args=[mapping.pk]),
    ):
        assert client.post(url).status_code == 404, url
    assert source.name not in client.get(reverse("integrations:sources")).content.decode()
    assert f'data-run="{run.pk}"' not in client.get(reverse("integrations:runs")).content.decode()
    assert "Production" not in client.get(reverse("integrations:names")).content.decode()
    assert JobFeedSource.objects.filter(pk=source.pk).exists()
