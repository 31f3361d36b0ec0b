"""The tenant's public job feed (X4): its published jobs as their public pages show them, in
the job-board layout the feeds in read too; off when the admin says so; kept briefly."""

import datetime
from xml.etree.ElementTree import Element

import pytest
from defusedxml.ElementTree import fromstring
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from coopt.audit.actors import Actor
from coopt.clients.services import client_save
from coopt.integrations.feeds import parse_feed
from coopt.integrations.sources import job_feed_settings_update
from coopt.jobs.models import Job
from coopt.jobs.services import job_set_status, job_update

from .. import factories as f
from ..conftest import ACME_HOST, GLOBEX_HOST, World

pytestmark = pytest.mark.django_db

URL = reverse("integrations_public:feed")


def _feed(host: str = ACME_HOST) -> Element:
    response = Client(HTTP_HOST=host).get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    root: Element = fromstring(response.content)
    return root


def _jobs(root: Element) -> dict[str, Element]:
    return {job.findtext("title", ""): job for job in root.iter("job")}


def test_the_feed_lists_the_published_jobs_with_their_public_page(world: World):
    job_update(
        job=world.job,
        salary_min=40000,
        salary_max=50000,
        closes_on=datetime.date(2030, 6, 30),
        job_family=f.make_tag(world.acme, "Sales", "family"),
        reward_note="1,000 EUR after probation",
    )
    f.make_job(world.acme, title="Draft buyer", published=False)
    closed = f.make_job(world.acme, title="Closed buyer")
    job_set_status(job=closed, status=Job.Status.CLOSED)

    root = _feed()

    assert root.findtext("publisher") == "Acme"
    jobs = _jobs(root)
    assert set(jobs) == {"Account manager"}
    job = jobs["Account manager"]
    assert job.findtext("referencenumber") == str(world.job.pk)
    assert job.findtext("url") == f"http://{ACME_HOST}/p/jobs/{world.job.pk}/"
    assert job.findtext("company") == "Acme"
    assert job.findtext("city") == "Lyon"
    assert job.findtext("jobtype") == "fulltime"
    assert job.findtext("category") == "Sales"
    assert job.findtext("salary") == "40000-50000 EUR"
    assert job.findtext("expirationdate") == "2030-06-30"
    assert job.findtext("description") == "<p>Sell our products.</p>"
    assert job.findtext("date")
    assert "1,000 EUR" not in Client(HTTP_HOST=ACME_HOST).get(URL).content.decode()


def test_a_confidential_client_is_named_by_its_public_description_only(world: World):
    hooli = client_save(
        tenant=world.acme,
        actor=Actor.system("test"),
        name="Hooli",
        is_confidential=True,
        public_description="A search company in Lyon",
    )
    job_update(job=world.job, client=hooli, call_script="Ask about Hooli's stack")

    content = Client(HTTP_HOST=ACME_HOST).get(URL).content.decode()

    assert "Hooli" not in content
    assert _jobs(_feed())["Account manager"].findtext("company") == "A search company in Lyon"


def test_each_tenant_has_its_own_feed(world: World):
    assert set(_jobs(_feed(GLOBEX_HOST))) == {"Globex analyst"}


def test_the_feed_reads_back_as_a_feed_in(world: World):
    data = Client(HTTP_HOST=ACME_HOST).get(URL).content

    [record] = parse_feed("xml", data, max_bytes=10**6).records

    assert (record.external_id, record.title) == (str(world.job.pk), "Account manager")
    assert record.locations == ("Lyon",) and record.contract_type == "permanent"


def test_the_feed_is_kept_a_few_minutes_then_built_again(world: World):
    _feed()
    f.make_job(world.acme, title="Fresh buyer")

    assert set(_jobs(_feed())) == {"Account manager"}
    response = Client(HTTP_HOST=ACME_HOST).get(URL)
    assert response["Cache-Control"] == "public, max-age=300"
    cache.clear()  # as when the few minutes are over
    assert set(_jobs(_feed())) == {"Account manager", "Fresh buyer"}


def test_a_tenant_that_turned_it_off_has_no_feed_even_cached(world: World):
    _feed()
    job_feed_settings_update(tenant=world.acme, publish_feed=False, actor=Actor.member(world.admin))

    assert Client(HTTP_HOST=ACME_HOST).get(URL).status_code == 404
    assert Client(HTTP_HOST=GLOBEX_HOST).get(URL).status_code == 200
