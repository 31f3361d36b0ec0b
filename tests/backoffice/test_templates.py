"""Job templates: list, create, edit, and a job started from one (J2)."""

import pytest
from django.urls import reverse

from coopt.jobs.models import Job, JobTemplate
from coopt.jobs.services import job_template_save
from coopt.taxonomy.models import Tag

pytestmark = pytest.mark.django_db


def template_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Sales, Lyon",
        "title": "Sales representative",
        "description": "<p>Visit clients.</p><script>alert(1)</script>",
        "contract_type": "fixed_term",
        "salary_min": "30000",
        "salary_max": "38000",
        "salary_currency": "EUR",
        "reward_note": "500 EUR",
    }
    data.update(overrides)
    return data


def test_it_creates_a_template_with_a_clean_description(world):
    response = world.client_for(world.recruiter).post(
        reverse("backoffice:template_create"), template_data()
    )
    assert response["Location"] == reverse("backoffice:templates")
    template = JobTemplate.objects.get(tenant=world.acme)
    assert template.name == "Sales, Lyon"
    assert template.contract_type == "fixed_term"
    assert template.description == "<p>Visit clients.</p>"


def test_it_refuses_a_template_with_a_salary_band_upside_down(world):
    response = world.client_for(world.recruiter).post(
        reverse("backoffice:template_create"), template_data(salary_min="50000")
    )
    assert response.status_code == 200
    assert "salary_max" in response.context["form"].errors
    assert not JobTemplate.objects.exists()


def test_it_edits_a_template(world):
    template = job_template_save(tenant=world.acme, name="Old", title="Old title")
    response = world.client_for(world.recruiter).post(
        reverse("backoffice:template_edit", args=[template.pk]),
        template_data(name="New", title="New title"),
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert (template.name, template.title) == ("New", "New title")


def test_the_list_shows_my_templates_only(world):
    job_template_save(tenant=world.acme, name="Acme template", title="A")
    job_template_save(tenant=world.globex, name="Globex template", title="G")
    html = world.client_for(world.recruiter).get(reverse("backoffice:templates")).content.decode()
    assert "Acme template" in html
    assert "Globex template" not in html


def test_an_empty_list_says_what_to_do(world):
    html = world.client_for(world.recruiter).get(reverse("backoffice:templates")).content.decode()
    assert "No template yet" in html
    assert reverse("backoffice:template_create") in html


def test_a_job_made_from_a_template_is_a_draft_with_its_content(world):
    family = Tag.objects.create(tenant=world.acme, kind=Tag.Kind.FAMILY, name="Sales")
    template = job_template_save(
        tenant=world.acme,
        name="Sales",
        title="Sales rep",
        description="<p>Sell</p>",
        job_family=family,
        salary_min=30000,
        salary_max=40000,
        reward_note="500 EUR",
    )
    response = world.client_for(world.recruiter).post(
        reverse("backoffice:job_from_template", args=[template.pk])
    )
    job = Job.objects.get(title="Sales rep")
    assert response["Location"] == reverse("backoffice:job_edit", args=[job.pk])
    assert job.status == Job.Status.DRAFT
    assert (job.job_family, job.salary_min, job.salary_max) == (family, 30000, 40000)
    assert job.reward_note == "500 EUR"
    assert job.created_by == world.recruiter.user


def test_a_job_from_a_template_needs_a_post(world):
    template = job_template_save(tenant=world.acme, name="Sales", title="Sales rep")
    response = world.client_for(world.recruiter).get(
        reverse("backoffice:job_from_template", args=[template.pk])
    )
    assert response.status_code == 405
    assert not Job.objects.filter(title="Sales rep").exists()


def test_the_new_job_page_offers_the_templates(world):
    template = job_template_save(tenant=world.acme, name="Sales", title="Sales rep")
    html = world.client_for(world.recruiter).get(reverse("backoffice:job_create")).content.decode()
    assert reverse("backoffice:job_from_template", args=[template.pk]) in html
