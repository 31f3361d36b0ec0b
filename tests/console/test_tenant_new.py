"""Opening a company from the console, and inviting its first admin."""

import io
import re
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from coopt.accounts.models import Membership
from coopt.audit.models import AuditEvent
from coopt.tenants.models import Tenant

from ..conftest import World
from .conftest import console_url

pytestmark = pytest.mark.django_db


def png() -> bytes:
    """A real 8×8 PNG, as a logo upload would carry (the logo is drawn again as pixels)."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "#112233").save(buffer, "PNG")
    return buffer.getvalue()


def form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Initech",
        "slug": "initech",
        "mode": "network",
        "domains": "careers.initech.example\njobs.initech.example",
        "enabled_languages": ["fr", "en"],
        "default_language": "fr",
        "primary_colour": "#112233",
        "accent_colour": "#445566",
        "admin_email": "Boss@Initech.example",
    }
    data.update(changes)
    return data


def test_the_operator_opens_a_company_and_its_admin_is_invited(
    operator_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    logo = SimpleUploadedFile("mark.png", png(), content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(console_url("console:tenant_new"), {**form(), "logo": logo})
    assert response.status_code == 302, response.content.decode()[:2000]
    tenant = Tenant.objects.get(slug="initech")
    assert (tenant.name, tenant.mode, tenant.default_language) == ("Initech", "network", "fr")
    assert tenant.enabled_languages == ["fr", "en"]
    assert (tenant.primary_colour, tenant.accent_colour) == ("#112233", "#445566")
    assert str(tenant.logo.name).endswith(".png")
    domains = tenant.domains.order_by("-is_primary", "domain")
    assert [d.domain for d in domains] == ["careers.initech.example", "jobs.initech.example"]
    admin = Membership.objects.get(tenant=tenant)
    assert admin.is_admin and admin.user.email == "boss@initech.example"
    assert AuditEvent.objects.filter(tenant=tenant, action="tenant_created").count() == 1
    # The invitation went through the outbox, in the company's language, with a link on its host.
    (message,) = mail.outbox
    assert message.to == ["boss@initech.example"]
    link = re.search(r"https?://[^\s\"<]+/invitation/[^\s\"<]+", str(message.body))
    assert link is not None
    assert link.group(0).startswith("http://careers.initech.example/")
    page = operator_client.get("/")
    assert b"Initech" in page.content


def test_a_taken_subdomain_or_domain_is_a_clear_error_and_nothing_is_lost(
    operator_client: Client, world: World
) -> None:
    world.acme.domains.create(domain="careers.acme.example")
    data = form(slug="acme", domains="careers.acme.example", name="Acme Two")
    response = operator_client.post(console_url("console:tenant_new"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["slug"] == ["Another company already has this subdomain."]
    assert errors["domains"] == ["careers.acme.example already serves another company."]
    content = response.content.decode()
    assert 'value="Acme Two"' in content and "Boss@Initech.example" in content
    assert Tenant.objects.filter(name="Acme Two").count() == 0
    assert not mail.outbox


def test_errors_are_translated(operator_client: Client, world: World) -> None:
    operator_client.cookies["django_language"] = "fr"
    response = operator_client.post(
        console_url("console:tenant_new"), form(slug="acme"), HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 200
    assert response.context["form"].errors["slug"]
    assert b'lang="fr"' in response.content


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"slug": "operator"}, "slug"),
        ({"domains": "not a domain"}, "domains"),
        ({"domains": "operator.localhost"}, "domains"),
        ({"enabled_languages": ["en"], "default_language": "fr"}, "default_language"),
        ({"primary_colour": "blue"}, "primary_colour"),
    ],
)
def test_what_cannot_be_a_company_is_refused(
    operator_client: Client, changes: dict[str, object], field: str
) -> None:
    response = operator_client.post(console_url("console:tenant_new"), form(**changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Tenant.objects.filter(slug=form(**changes)["slug"]).exists()


def test_a_company_without_an_admin_email_is_opened_without_invitation(
    operator_client: Client,
) -> None:
    response = operator_client.post(console_url("console:tenant_new"), form(admin_email=""))
    assert response.status_code == 302
    assert Tenant.objects.filter(slug="initech").exists()
    assert not mail.outbox
