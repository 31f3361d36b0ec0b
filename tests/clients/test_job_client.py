"""Jobs of a network are posted for a client company (N2), whose name members and visitors
read, or its public description when it is confidential, never its name."""

from typing import Any

import extruct
import pytest
from django.test import Client
from django.urls import reverse

from coopt.clients.models import ClientCompany
from coopt.jobs.models import Job
from coopt.jobs.services import job_clone

from .. import factories as f
from ..conftest import ACME_HOST, World
from .conftest import NETWORK_HOST, Network

pytestmark = pytest.mark.django_db


def job_form(**extra: Any) -> dict[str, Any]:
    return {
        "title": "Cashier",
        "description": "<p>Serve customers.</p>",
        "contract_type": "permanent",
        "salary_currency": "EUR",
        **extra,
    }


def test_the_operators_staff_post_a_job_for_a_client(network: Network) -> None:
    client = network.client_for(network.operator)
    response = client.post(reverse("backoffice:job_create"), job_form(client=network.bakery.pk))
    assert response.status_code == 302
    job = Job.objects.get(tenant=network.tenant, title="Cashier")
    assert job.client == network.bakery


def test_a_networks_job_needs_a_client(network: Network) -> None:
    client = network.client_for(network.operator)
    response = client.post(reverse("backoffice:job_create"), job_form())
    assert response.status_code == 200
    assert "client" in response.context["form"].errors


def test_another_networks_client_is_not_a_choice(network: Network) -> None:
    other = f.make_tenant("autre", "Autre", mode="network")
    foreign = ClientCompany.objects.create(tenant=other, name="Foreign")
    client = network.client_for(network.operator)
    response = client.post(reverse("backoffice:job_create"), job_form(client=foreign.pk))
    assert "client" in response.context["form"].errors
    assert not Job.objects.filter(title="Cashier").exists()


def test_an_internal_companys_job_form_has_no_client(world: World) -> None:
    response = world.client_for(world.recruiter).get(reverse("backoffice:job_create"))
    assert "client" not in response.context["form"].fields


def test_a_cloned_job_keeps_its_client(network: Network) -> None:
    clone = job_clone(job=network.bakery_job, author=network.operator.user)
    assert clone.client == network.bakery


def test_the_hiring_organisation_falls_back_to_the_tenant(world: World) -> None:
    assert world.job.hiring_organisation == "Acme"


def public_page(job: Job) -> tuple[str, list[dict[str, Any]]]:
    url = reverse("jobs:public", args=[job.pk])
    response = Client(HTTP_HOST=NETWORK_HOST).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    found = extruct.extract(html, base_url=f"http://{NETWORK_HOST}{url}", syntaxes=["json-ld"])
    return html, found["json-ld"]


def test_the_public_page_names_the_client(network: Network) -> None:
    html, [posting] = public_page(network.bakery_job)
    assert posting["hiringOrganization"]["name"] == "Boulanger SA"
    assert "Boulanger SA" in html


def test_a_confidential_clients_name_is_never_on_its_public_page(network: Network) -> None:
    html, [posting] = public_page(network.secret_job)
    assert posting["hiringOrganization"]["name"] == "a retail company"
    assert "a retail company" in html
    assert "Maison Secrète" not in html
    assert "Secr" not in str(posting)


def test_members_read_the_client_or_its_public_description(network: Network) -> None:
    client = network.client_for(network.coopteur)
    board = client.get(reverse("jobs:board")).content.decode()
    assert "Boulanger SA" in board
    assert "a retail company" in board
    assert "Maison Secrète" not in board
    detail = client.get(reverse("jobs:detail", args=[network.secret_job.pk])).content.decode()
    assert "a retail company" in detail
    assert "Maison Secrète" not in detail


def test_an_internal_companys_public_page_names_the_company(world: World) -> None:
    url = reverse("jobs:public", args=[world.job.pk])
    html = Client(HTTP_HOST=ACME_HOST).get(url).content.decode()
    found = extruct.extract(html, base_url=f"http://{ACME_HOST}{url}", syntaxes=["json-ld"])
    [posting] = found["json-ld"]
    assert posting["hiringOrganization"]["name"] == "Acme"
