"""A client company's logo beside its jobs (N2): served as pixels to members and visitors
when the company is not confidential; a confidential company's logo only to the operator's
staff and its own recruiters, a 404 for anyone else, as for a company without one."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from coopt.clients.models import ClientCompany

from ..conftest import World
from .conftest import NETWORK_HOST, Network
from .test_client_pages import png

pytestmark = pytest.mark.django_db


def with_logo(client: ClientCompany) -> str:
    client.logo.save("logo.png", ContentFile(png()), save=True)
    return reverse("client_logos:logo", args=[client.pk])


def test_a_clients_logo_is_shown_with_its_jobs_to_members_and_visitors(
    network: Network,
) -> None:
    url = with_logo(network.bakery)
    member = network.client_for(network.coopteur)
    response = member.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert Client(HTTP_HOST=NETWORK_HOST).get(url).status_code == 200
    board = member.get(reverse("jobs:board")).content.decode()
    assert f'src="{url}"' in board
    page = member.get(reverse("jobs:detail", args=[network.bakery_job.pk])).content.decode()
    assert f'src="{url}"' in page


def test_a_confidential_clients_logo_is_for_the_operator_and_its_recruiters_only(
    network: Network,
) -> None:
    url = with_logo(network.secret)
    assert network.client_for(network.operator).get(url).status_code == 200
    assert network.client_for(network.secret_recruiter).get(url).status_code == 200
    for outsider in (network.coopteur, network.bakery_recruiter, None):
        assert network.client_for(outsider).get(url).status_code == 404
    board = network.client_for(network.coopteur).get(reverse("jobs:board")).content.decode()
    assert url not in board


def test_no_logo_and_another_networks_client_are_404(network: Network, world: World) -> None:
    assert (
        network.client_for(network.coopteur)
        .get(reverse("client_logos:logo", args=[network.bakery.pk]))
        .status_code
        == 404
    )
    url = with_logo(network.bakery)
    assert world.client_for(world.member).get(url).status_code == 404
