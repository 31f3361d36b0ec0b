"""The client companies' pages of a network's back office (N2): the operator's admins list,
add and edit them and invite their recruiters; elsewhere they are 404 or refused."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from coopt.audit.models import AuditEvent
from coopt.clients.models import ClientCompany
from coopt.clients.views import CLIENTS_PER_PAGE
from coopt.notifications.models import OutboundEmail
from coopt.tenants.models import Tenant

from .. import factories as f
from ..conftest import ACME_HOST, World
from .conftest import Network

pytestmark = pytest.mark.django_db


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), "#123456").save(out, "PNG")
    return out.getvalue()


def test_the_list_shows_each_client_and_a_confidential_ones_public_description(
    network: Network,
) -> None:
    response = network.client_for(network.operator).get(reverse("clients:list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Boulanger SA" in page
    assert "Maison Secrète" in page  # the operator's staff know who their clients are
    assert "a retail company" in page


def test_the_list_is_paginated(network: Network) -> None:
    for n in range(CLIENTS_PER_PAGE):
        ClientCompany.objects.create(tenant=network.tenant, name=f"Client {n:02}")
    client = network.client_for(network.operator)
    first = client.get(reverse("clients:list"))
    second = client.get(reverse("clients:list"), {"page": 2})
    assert len(first.context["clients"]) == CLIENTS_PER_PAGE
    assert len(second.context["clients"]) == 2


def test_the_list_says_when_there_is_no_client_yet(db: None) -> None:
    tenant = f.make_tenant("vide", "Vide", mode=Tenant.Mode.NETWORK)
    admin = f.make_member(tenant, is_admin=True)
    client = Client(HTTP_HOST="vide.localhost")
    client.force_login(admin.user)
    response = client.get(reverse("clients:list"))
    assert "No client company yet" in response.content.decode()


def test_an_admin_adds_a_client_with_a_logo_kept_as_pixels(network: Network) -> None:
    logo = SimpleUploadedFile("logo.png", png(), content_type="image/png")
    response = network.client_for(network.operator).post(
        reverse("clients:create"),
        {
            "name": "Fnac",
            "logo": logo,
            "contact_name": "Anne Martin",
            "contact_email": "anne@fnac.test",
            "contact_phone": "+33 1 23 45 67 89",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    created = ClientCompany.objects.get(tenant=network.tenant, name="Fnac")
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:edit", args=[created.pk])
    assert created.contact_email == "anne@fnac.test"
    assert str(created.logo.name).endswith(".png")
    event = AuditEvent.objects.get(target=f"client:{created.pk}")
    assert event.actor == network.operator.user


def test_a_confidential_client_needs_a_public_description(network: Network) -> None:
    response = network.client_for(network.operator).post(
        reverse("clients:create"), {"name": "Hidden", "is_confidential": "on"}
    )
    assert response.status_code == 200
    assert "public_description" in response.context["form"].errors
    assert not ClientCompany.objects.filter(name="Hidden").exists()


def test_two_clients_of_a_network_cannot_share_a_name(network: Network) -> None:
    response = network.client_for(network.operator).post(
        reverse("clients:create"), {"name": "boulanger sa"}
    )
    assert "name" in response.context["form"].errors


def test_an_admin_edits_a_client(network: Network) -> None:
    url = reverse("clients:edit", args=[network.bakery.pk])
    response = network.client_for(network.operator).post(
        url, {"name": "Boulanger", "is_confidential": "on", "public_description": "a bakery"}
    )
    assert response.status_code == 302
    network.bakery.refresh_from_db()
    assert network.bakery.public_name == "a bakery"


def test_an_admin_invites_a_clients_recruiter_with_the_invitation_email(
    network: Network,
) -> None:
    url = reverse("clients:invite", args=[network.bakery.pk])
    response = network.client_for(network.operator).post(
        url, {"email": "Chef@Boulanger.test", "first_name": "Léa", "last_name": "Chef"}
    )
    assert response.status_code == 302
    invited = network.tenant.memberships.get(user__email="chef@boulanger.test")
    assert invited.client == network.bakery
    assert invited.is_recruiter and not invited.is_admin
    assert invited.invited_at is not None
    email = OutboundEmail.objects.get(to_email="chef@boulanger.test")
    assert email.template == "invitation"
    assert "/invitation/" in email.body_text


def test_inviting_someone_already_in_the_network_changes_nothing(network: Network) -> None:
    url = reverse("clients:invite", args=[network.bakery.pk])
    response = network.client_for(network.operator).post(url, {"email": "coopteur@reseau.test"})
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    network.coopteur.refresh_from_db()
    assert network.coopteur.client is None and not network.coopteur.is_recruiter


@pytest.mark.parametrize("name", ["clients:list", "clients:create"])
def test_the_pages_are_404_in_an_internal_company(world: World, name: str) -> None:
    response = world.client_for(world.admin, host=ACME_HOST).get(reverse(name))
    assert response.status_code == 404


def test_a_recruiter_of_the_operator_is_refused(network: Network) -> None:
    recruiter = f.make_member(network.tenant, is_recruiter=True)
    response = network.client_for(recruiter).get(reverse("clients:list"))
    assert response.status_code == 403


@pytest.mark.parametrize("name", ["clients:edit", "clients:invite"])
def test_another_networks_admin_gets_404_on_a_client(network: Network, name: str) -> None:
    other = f.make_tenant("autre", "Autre réseau", mode=Tenant.Mode.NETWORK)
    admin = f.make_member(other, is_admin=True)
    client = Client(HTTP_HOST="autre.localhost")
    client.force_login(admin.user)
    url = reverse(name, args=[network.bakery.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Taken", "email": "x@autre.test"}).status_code == 404
    network.bakery.refresh_from_db()
    assert network.bakery.name == "Boulanger SA"
    assert not ClientCompany.objects.filter(tenant=other).exists()
