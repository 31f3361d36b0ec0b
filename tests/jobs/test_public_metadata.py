"""What search engines and link previews read of a public job page, read back by extruct
(a third-party metadata extractor): JSON-LD with its identifier, a description, OpenGraph;
and what crawlers and browsers ask for on their own: robots.txt and the favicon."""

import datetime
from typing import Any

import extruct
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from coopt.audit.actors import Actor
from coopt.jobs.external import JobRecord, jobs_upsert
from coopt.jobs.models import Job
from coopt.jobs.services import job_update
from coopt.taxonomy.models import Tag

from .. import factories as f
from ..conftest import ACME_HOST, World

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def metadata(world: World) -> dict[str, list[dict[str, str]]]:
    response = Client(HTTP_HOST=ACME_HOST).get(reverse("jobs:public", args=[world.job.pk]))
    assert response.status_code == 200
    url = f"http://{ACME_HOST}{reverse('jobs:public', args=[world.job.pk])}"
    found: dict[str, list[dict[str, str]]] = extruct.extract(
        response.content.decode(), base_url=url, syntaxes=["json-ld", "opengraph"], uniform=True
    )
    return found


def test_the_job_posting_names_the_job_by_the_companys_reference(world: World) -> None:
    [posting] = metadata(world)["json-ld"]
    assert posting["@type"] == "JobPosting"
    assert posting["identifier"] == {
        "@type": "PropertyValue",
        "name": "Acme",
        "value": str(world.job.pk),
    }


def test_an_imported_job_has_a_valid_job_posting_too(world: World) -> None:
    """A job from a feed or an ATS (J3): its description sanitised, its names mapped to tags,
    its page's JSON-LD as complete as a job written here."""
    paris = f.make_tag(world.acme, "Paris")
    record = JobRecord(
        external_id="R-1",
        title="Imported </script><script>alert(1)</script> baker",
        description='<p onclick="x()">Early <b>mornings</b>.</p><script>alert(2)</script>',
        locations=("paris", "Atlantis"),
        contract_type="fixed_term",
        salary_min=30000,
        salary_max=36000,
        salary_currency="EUR",
        closes_on=datetime.date(2030, 6, 30),
    )
    jobs_upsert(
        tenant=world.acme,
        source_prefix="feed1",
        records=[record],
        close_missing=False,
        actor=Actor.system("test"),
    )
    job = Job.objects.get(tenant=world.acme, external_id="feed1:R-1")
    url = reverse("jobs:public", args=[job.pk])

    html = Client(HTTP_HOST=ACME_HOST).get(url).content.decode()
    [posting] = extruct.extract(html, base_url=f"http://{ACME_HOST}{url}", syntaxes=["json-ld"])[
        "json-ld"
    ]

    assert posting["@type"] == "JobPosting"
    assert posting["title"] == record.title
    assert posting["description"] == "<p>Early <b>mornings</b>.</p>"
    assert posting["identifier"]["value"] == str(job.pk)
    assert posting["employmentType"] == "TEMPORARY"
    assert posting["jobLocation"] == [
        {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": paris.name}}
    ]
    assert posting["baseSalary"]["value"]["minValue"] == 30000
    assert posting["validThrough"].startswith("2030-06-30T23:59:59")
    assert "<script>alert" not in html.split("application/ld+json")[1].split("</script>")[0]


def test_link_previews_get_the_title_a_summary_and_the_company(world: World) -> None:
    job_update(
        job=world.job,
        description="<p>Grow our <b>key accounts</b> in the Lyon region. " + "More. " * 60 + "</p>",
    )
    [graph] = metadata(world)["opengraph"]
    assert graph["og:title"] == "Account manager"
    assert graph["og:site_name"] == "Acme"
    assert graph["og:url"].endswith(reverse("jobs:public", args=[world.job.pk]))
    summary = graph["og:description"]
    assert summary.startswith("Grow our key accounts in the Lyon region.")
    assert len(summary) <= 160 and summary.endswith("…")
    html = Client(HTTP_HOST=ACME_HOST).get(reverse("jobs:public", args=[world.job.pk]))
    assert f'<meta name="description" content="{summary}">' in html.content.decode()


def test_the_company_logo_is_the_preview_image_when_there_is_one(world: World) -> None:
    assert "og:image" not in metadata(world)["opengraph"][0]
    world.acme.logo.save("acme-logo.png", SimpleUploadedFile("logo.png", PNG))
    assert metadata(world)["opengraph"][0]["og:image"] == f"http://{ACME_HOST}/brand/logo"


def test_robots_may_read_the_public_job_pages_and_feed_and_nothing_else(world: World) -> None:
    response = Client(HTTP_HOST=ACME_HOST).get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Allow: /p/jobs/",
        "Allow: /jobs/feed.xml",
        "Disallow: /",
    ]


def test_the_favicon_is_the_companys_or_the_products(world: World) -> None:
    client = Client(HTTP_HOST=ACME_HOST)
    assert client.get("/favicon.ico")["Location"].endswith("/static/coopt/favicon.svg")
    world.acme.favicon.save("acme-favicon.png", SimpleUploadedFile("favicon.png", PNG))
    assert client.get("/favicon.ico")["Location"] == reverse("tenants:favicon")


def test_each_address_names_its_country_the_locations_or_else_the_companys(world: World) -> None:
    lyon = world.job.locations.get()
    lyon.country = "FR"
    lyon.save()
    geneva = Tag.objects.create(tenant=world.acme, kind=Tag.Kind.LOCATION, name="Geneva")
    job_update(job=world.job, locations=[lyon, geneva])
    world.acme.default_country = "CH"
    world.acme.save()

    posting: dict[str, Any] = metadata(world)["json-ld"][0]

    addresses = sorted(
        (place["address"]["addressLocality"], place["address"]["addressCountry"])
        for place in posting["jobLocation"]
    )
    assert addresses == [("Geneva", "CH"), ("Lyon", "FR")]


def test_an_address_has_no_country_when_none_is_known(world: World) -> None:
    posting: dict[str, Any] = metadata(world)["json-ld"][0]
    [place] = posting["jobLocation"]
    assert place["address"] == {"@type": "PostalAddress", "addressLocality": "Lyon"}
