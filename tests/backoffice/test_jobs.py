"""Recruiters list, create, edit, clone and move jobs through their statuses (J1)."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coopt.jobs.models import Job
from coopt.jobs.services import job_set_status
from coopt.taxonomy.models import Tag

from .. import factories as f
from ..conftest import World
from ..responses import Response

pytestmark = pytest.mark.django_db


def job_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Data engineer",
        "description": "<p>Build <strong>pipelines</strong>.</p>",
        "contract_type": "permanent",
        "salary_min": "45000",
        "salary_max": "60000",
        "salary_currency": "EUR",
        "reward_note": "1,000 EUR after probation",
    }
    data.update(overrides)
    return data


def messages_of(response: Response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_it_creates_a_draft_with_tags_of_my_tenant(world):
    lyon = Tag.objects.get(tenant=world.acme, name="Lyon")
    paris = f.make_tag(world.acme, "Paris")
    data_family = f.make_tag(world.acme, "Data", kind=Tag.Kind.FAMILY)
    tech = f.make_tag(world.acme, "Tech", kind=Tag.Kind.SECTOR)
    response = world.client_for(world.recruiter).post(
        reverse("backoffice:job_create"),
        job_data(locations=[lyon.pk, paris.pk], job_family=data_family.pk, sector=tech.pk),
    )
    job = Job.objects.get(title="Data engineer")
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:job_edit", args=[job.pk])
    assert job.tenant == world.acme
    assert job.status == Job.Status.DRAFT
    assert job.created_by == world.recruiter.user
    assert set(job.locations.all()) == {lyon, paris}
    assert (job.job_family, job.sector) == (data_family, tech)
    assert (job.salary_min, job.salary_max, job.salary_currency) == (45000, 60000, "EUR")
    assert job.reward_note == "1,000 EUR after probation"


def test_it_removes_scripts_from_the_description(world):
    world.client_for(world.recruiter).post(
        reverse("backoffice:job_create"),
        job_data(description='<p onclick="steal()">Hello</p><script>alert(1)</script>'),
    )
    job = Job.objects.get(title="Data engineer")
    assert "<script" not in job.description
    assert "alert(1)" not in job.description
    assert "onclick" not in job.description
    assert "<p>Hello</p>" in job.description


def test_it_refuses_a_salary_band_upside_down_and_keeps_the_input(world):
    response = world.client_for(world.recruiter).post(
        reverse("backoffice:job_create"), job_data(salary_min="70000", salary_max="50000")
    )
    assert response.status_code == 200
    assert not Job.objects.filter(title="Data engineer").exists()
    form = response.context["form"]
    assert "salary_max" in form.errors
    html = response.content.decode()
    assert "cannot be below the lower end" in html
    assert 'value="Data engineer"' in html


def test_it_refuses_a_tag_of_another_tenant(world):
    globex_city = f.make_tag(world.globex, "Springfield")
    response = world.client_for(world.recruiter).post(
        reverse("backoffice:job_create"), job_data(locations=[globex_city.pk])
    )
    assert response.status_code == 200
    assert "locations" in response.context["form"].errors
    assert not Job.objects.filter(title="Data engineer").exists()


def test_it_edits_a_job(world):
    paris = f.make_tag(world.acme, "Paris")
    response = world.client_for(world.recruiter).post(
        reverse("backoffice:job_edit", args=[world.job.pk]),
        job_data(
            title="Key account manager",
            locations=[paris.pk],
            description="<p>New</p><script>x()</script>",
        ),
    )
    assert response.status_code == 302
    world.job.refresh_from_db()
    assert world.job.title == "Key account manager"
    assert list(world.job.locations.all()) == [paris]
    assert world.job.description == "<p>New</p>"
    assert world.job.status == Job.Status.PUBLISHED


def test_the_edit_form_shows_the_current_values(world):
    response = world.client_for(world.recruiter).get(
        reverse("backoffice:job_edit", args=[world.job.pk])
    )
    html = response.content.decode()
    assert 'value="Account manager"' in html
    assert "Sell our products." in html
    assert "data-confirm" in html  # the status buttons ask first


def test_cloning_makes_a_new_draft_with_the_same_content(world):
    response = world.client_for(world.recruiter).post(
        reverse("backoffice:job_clone", args=[world.job.pk])
    )
    copy = Job.objects.exclude(pk=world.job.pk).get(tenant=world.acme)
    assert response["Location"] == reverse("backoffice:job_edit", args=[copy.pk])
    assert copy.title == world.job.title
    assert copy.status == Job.Status.DRAFT
    assert list(copy.locations.all()) == list(world.job.locations.all())
    assert copy.created_by == world.recruiter.user


def test_cloning_needs_a_post(world):
    response = world.client_for(world.recruiter).get(
        reverse("backoffice:job_clone", args=[world.job.pk])
    )
    assert response.status_code == 405
    assert Job.objects.filter(tenant=world.acme).count() == 1


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("draft", "published"),
        ("published", "closed"),
        ("published", "filled"),
        ("closed", "published"),
        ("closed", "filled"),
    ],
)
def test_allowed_status_changes_are_made(world, start, target):
    job = f.make_job(world.acme, title="Moving", published=False)
    if start != "draft":
        job_set_status(job=job, status="published")
    if start == "closed":
        job_set_status(job=job, status="closed")
    response = world.client_for(world.recruiter).post(
        reverse("backoffice:job_status", args=[job.pk]), {"status": target}
    )
    job.refresh_from_db()
    assert job.status == target
    assert response["Location"] == reverse("backoffice:jobs")


@pytest.mark.parametrize(("start", "target"), [("draft", "filled"), ("filled", "published")])
def test_a_forbidden_status_change_is_refused_with_a_message(world, start, target):
    job = f.make_job(world.acme, title="Stuck", published=False)
    if start == "filled":
        job_set_status(job=job, status="published")
        job_set_status(job=job, status="filled")
    response = world.client_for(world.recruiter).post(
        reverse("backoffice:job_status", args=[job.pk]), {"status": target}
    )
    job.refresh_from_db()
    assert job.status == start
    assert any("cannot take this step" in message for message in messages_of(response))


def test_an_unknown_status_is_refused(world):
    response = world.client_for(world.recruiter).post(
        reverse("backoffice:job_status", args=[world.job.pk]), {"status": "deleted"}
    )
    world.job.refresh_from_db()
    assert world.job.status == Job.Status.PUBLISHED
    assert any("cannot take this step" in message for message in messages_of(response))


def test_the_status_change_returns_to_the_page_it_came_from_only_on_this_site(world):
    client = world.client_for(world.recruiter)
    url = reverse("backoffice:job_status", args=[world.job.pk])
    back = reverse("backoffice:job_edit", args=[world.job.pk])
    response = client.post(url, {"status": "closed", "next": back})
    assert response["Location"] == back
    response = client.post(url, {"status": "published", "next": "https://evil.example/"})
    assert response["Location"] == reverse("backoffice:jobs")


def test_the_list_shows_only_my_tenant_with_referral_counts(world):
    f.refer(referrer=world.member, job=world.job)
    response = world.client_for(world.recruiter).get(reverse("backoffice:jobs"))
    jobs = list(response.context["jobs"])
    assert [job.title for job in jobs] == ["Account manager"]
    assert jobs[0].referral_count == 1
    assert jobs[0].awaiting_count == 1
    assert jobs[0].in_process_count == 0
    html = response.content.decode()
    assert "Globex analyst" not in html
    assert "1 awaiting" in html


def test_the_list_filters_by_status_and_searches(world):
    f.make_job(world.acme, title="Warehouse lead", published=False)
    f.make_job(world.acme, title="Warehouse picker")
    client = world.client_for(world.recruiter)
    drafts = client.get(reverse("backoffice:jobs"), {"status": "draft"})
    assert [job.title for job in drafts.context["jobs"]] == ["Warehouse lead"]
    found = client.get(reverse("backoffice:jobs"), {"q": "warehouse", "status": "published"})
    assert [job.title for job in found.context["jobs"]] == ["Warehouse picker"]
    nothing = client.get(reverse("backoffice:jobs"), {"q": "astronaut"})
    assert "No job matches this search." in nothing.content.decode()


def test_the_list_has_pages_of_25(world):
    for number in range(30):
        f.make_job(world.acme, title=f"Job {number}", published=False)
    client = world.client_for(world.recruiter)
    first = client.get(reverse("backoffice:jobs"), {"status": "draft"})
    assert len(first.context["jobs"]) == 25
    assert "page=2" in first.content.decode()
    assert "status=draft&amp;page=2" in first.content.decode()
    second = client.get(reverse("backoffice:jobs"), {"status": "draft", "page": 2})
    assert len(second.context["jobs"]) == 5


def test_an_empty_list_says_what_to_do(world):
    client = world.client_for(world.outsider)
    response = client.get(reverse("backoffice:jobs"), {"status": "draft"})
    assert "No job matches this search." in response.content.decode()
    Job.objects.filter(tenant=world.globex).delete()
    response = client.get(reverse("backoffice:jobs"))
    assert "Create your first job" in response.content.decode()


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_jobs(world: World, count: int) -> None:
    lyon = Tag.objects.get(tenant=world.acme, name="Lyon")
    family = f.make_tag(world.acme, "Sales", kind=Tag.Kind.FAMILY)
    for number in range(count):
        job = f.make_job(world.acme, title=f"Job {number}", locations=[lyon], job_family=family)
        f.refer(referrer=world.member, job=job)


def test_the_list_does_not_grow_in_queries_with_the_number_of_jobs(world):
    client = world.client_for(world.recruiter)
    url = reverse("backoffice:jobs")
    client.get(url)  # warm caches (content types, sessions)
    add_jobs(world, 2)
    few = count_queries(client, url)
    add_jobs(world, 12)
    many = count_queries(client, url)
    assert few == many
    assert many <= 15
