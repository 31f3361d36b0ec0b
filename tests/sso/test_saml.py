"""SAML 2.0: the settings give allauth's SAML provider its IdP, and the service provider's
metadata (what the company gives its IdP) is served on the company's host only. No SAML
identity provider runs in the tests (none is installed): the sign-in itself is not tested
end to end."""

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.test import Client
from django.urls import reverse

from coopt.audit.actors import Actor
from coopt.sso.mfa import idp_asserted_mfa
from coopt.sso.models import SsoSettings
from coopt.sso.providers import SAML_AUTHN_CONTEXTS
from coopt.sso.services import sso_settings_save
from coopt.tenants.models import Tenant
from tests.conftest import ACME_HOST, GLOBEX_HOST, World

MFA_CONTEXT = "http://schemas.microsoft.com/claims/multipleauthn"


def certificate() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "idp.acme.example")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def enable_saml(tenant: Tenant, **values: object) -> SsoSettings:
    return sso_settings_save(
        tenant=tenant,
        actor=Actor.system("test"),
        values={
            "protocol": SsoSettings.Protocol.SAML,
            "enabled": True,
            "saml_entity_id": "https://idp.acme.example/entity",
            "saml_sso_url": "https://idp.acme.example/sso",
            "saml_x509_certificate": certificate(),
            "allowed_domains": "acme.example",
            **values,
        },
    )


def test_the_service_provider_metadata_is_served(world: World) -> None:
    enable_saml(world.acme)

    response = Client(HTTP_HOST=ACME_HOST).get(reverse("saml_metadata", args=["acme"]))

    assert response.status_code == 200
    body = response.content.decode()
    assert 'entityID="http://acme.localhost/accounts/saml/acme/metadata/"' in body
    assert 'Location="http://acme.localhost/accounts/saml/acme/acs/"' in body


def test_no_metadata_for_another_company_or_without_sso(world: World) -> None:
    enable_saml(world.acme)
    assert (
        Client(HTTP_HOST=GLOBEX_HOST).get(reverse("saml_metadata", args=["acme"])).status_code
        == 404
    )
    assert (
        Client(HTTP_HOST=ACME_HOST).get(reverse("saml_metadata", args=["globex"])).status_code
        == 404
    )
    sso_settings_save(tenant=world.acme, actor=Actor.system("test"), values={"enabled": False})
    assert (
        Client(HTTP_HOST=ACME_HOST).get(reverse("saml_metadata", args=["acme"])).status_code == 404
    )


def test_the_sign_in_button_sends_to_the_identity_provider(world: World) -> None:
    enable_saml(world.acme)
    client = Client(HTTP_HOST=ACME_HOST)

    page = client.get(reverse("account_login")).content.decode()
    assert 'action="/accounts/saml/acme/login/"' in page
    response = client.post("/accounts/saml/acme/login/", {"process": "login"})

    assert response.status_code == 302
    assert response["Location"].startswith("https://idp.acme.example/sso?SAMLRequest=")


def test_a_listed_authentication_context_counts_as_mfa(world: World) -> None:
    row = enable_saml(world.acme, trust_idp_mfa=True, mfa_contexts=MFA_CONTEXT)
    assert idp_asserted_mfa(row, {SAML_AUTHN_CONTEXTS: [MFA_CONTEXT]})
    password_only = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
    assert not idp_asserted_mfa(row, {SAML_AUTHN_CONTEXTS: [password_only]})
    assert not idp_asserted_mfa(row, {})
    row.trust_idp_mfa = False
    assert not idp_asserted_mfa(row, {SAML_AUTHN_CONTEXTS: [MFA_CONTEXT]})


def test_allauths_saml_views_get_the_provider_that_keeps_the_context(world: World) -> None:
    from django.test import RequestFactory

    from coopt.sso.providers import TenantSamlProvider, social_app_for

    app = social_app_for(enable_saml(world.acme))
    assert isinstance(app.get_provider(RequestFactory().get("/")), TenantSamlProvider)
