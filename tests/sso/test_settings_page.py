"""The admin's single sign-on page: who may open it, what it saves, the secret never shown."""

import pytest
from django.urls import reverse

from coopt.audit.models import AuditEvent
from coopt.sso.models import SsoSettings
from tests.conftest import GLOBEX_HOST, World

from .oidc import CLIENT_SECRET, enable_oidc

URL = reverse("sso:settings")
FORM = {
    "protocol": "oidc",
    "enabled": "on",
    "oidc_issuer": "https://login.acme.example/realms/staff",
    "oidc_client_id": "coopt",
    "oidc_client_secret": "first-secret-abcdef123456",
    "allowed_domains": "Acme.example\nacme-group.example",
    "password_sign_in": "on",
    "trust_idp_mfa": "on",
    "mfa_contexts": "urn:acme:loa:2fa",
}


def test_it_is_for_admins_only(world: World) -> None:
    assert world.client_for(world.admin).get(URL).status_code == 200
    assert world.client_for(world.recruiter).get(URL).status_code == 403
    assert world.client_for(world.member).get(URL).status_code == 403


def test_another_companys_admin_sees_only_their_own(world: World) -> None:
    enable_oidc(world.acme, "https://login.acme.example")
    page = world.client_for(world.outsider, host=GLOBEX_HOST).get(URL)
    assert page.status_code == 200
    assert "login.acme.example" not in page.content.decode()


def test_another_companys_admin_on_acmes_host_is_signed_out(world: World) -> None:
    response = world.client_for(world.outsider, host="acme.localhost").get(URL)
    assert response.status_code == 302
    assert not SsoSettings.objects.exists()


def test_it_saves_the_settings_and_records_them(world: World) -> None:
    response = world.client_for(world.admin).post(URL, FORM)

    assert response.status_code == 302
    row = SsoSettings.objects.get(tenant=world.acme)
    assert row.enabled and row.protocol == "oidc"
    assert row.domains == ["acme.example", "acme-group.example"]
    assert row.contexts == ["urn:acme:loa:2fa"]
    event = AuditEvent.objects.get(action=AuditEvent.Action.SSO_SETTINGS_SAVED)
    assert event.tenant_id == world.acme.pk and event.actor_id == world.admin.user.pk
    assert "oidc_client_secret" in event.details["fields"]
    assert "first-secret" not in str(event.details)


def test_the_secret_is_shown_masked_and_kept_when_left_empty(world: World) -> None:
    admin = world.client_for(world.admin)
    admin.post(URL, FORM)

    page = admin.get(URL).content.decode()
    assert "first-secret-abcdef123456" not in page
    assert "••••••••3456" in page

    admin.post(URL, {**FORM, "oidc_client_secret": "", "oidc_client_id": "coopt-2"})
    row = SsoSettings.objects.get(tenant=world.acme)
    assert row.oidc_client_secret == "first-secret-abcdef123456"
    assert row.oidc_client_id == "coopt-2"


def test_a_short_secret_shows_nothing_of_itself(world: World) -> None:
    enable_oidc(world.acme, "https://login.acme.example")
    world.acme.refresh_from_db()
    row = SsoSettings.objects.get(tenant=world.acme)
    row.oidc_client_secret = "s3cr3t"  # noqa: S105 - a short one, shown as the mask alone
    row.save()
    page = world.client_for(world.admin).get(URL).content.decode()
    assert "Saved: ••••••••." in page
    assert "s3cr3t" not in page
    assert CLIENT_SECRET not in page


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"oidc_issuer": "http://login.acme.example"}, "oidc_issuer", "must start with https://"),
        ({"oidc_client_id": ""}, "oidc_client_id", "Give the client ID"),
        ({"oidc_client_secret": ""}, "oidc_client_secret", "Give the client secret"),
        ({"allowed_domains": "acme.example\nnot a domain"}, "allowed_domains", "not a domain"),
    ],
)
def test_it_explains_what_is_wrong(
    world: World, change: dict[str, str], field: str, message: str
) -> None:
    response = world.client_for(world.admin).post(URL, {**FORM, **change})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not SsoSettings.objects.exists()


def test_the_errors_speak_the_admins_language(world: World) -> None:
    user = world.admin.user
    user.language = "fr"
    user.save(update_fields=["language"])
    response = world.client_for(world.admin).post(URL, {**FORM, "oidc_issuer": "not an address"})
    assert "Saisissez une URL valide." in response.content.decode()


def test_saml_needs_the_entity_id_and_a_certificate_or_metadata(world: World) -> None:
    admin = world.client_for(world.admin)
    saml = {"protocol": "saml", "enabled": "on", "password_sign_in": "on"}
    response = admin.post(URL, saml)
    assert set(response.context["form"].errors) == {
        "saml_entity_id",
        "saml_sso_url",
        "saml_x509_certificate",
    }
    done = admin.post(
        URL,
        {
            **saml,
            "saml_entity_id": "https://idp.acme.example/metadata",
            "saml_metadata_url": "https://idp.acme.example/metadata",
        },
    )
    assert done.status_code == 302


def test_the_page_gives_the_urls_for_the_identity_provider(world: World) -> None:
    page = world.client_for(world.admin).get(URL).content.decode()
    assert "http://acme.localhost/accounts/oidc/coopt-oidc/login/callback/" in page
    assert "http://acme.localhost/accounts/saml/acme/metadata/" in page
