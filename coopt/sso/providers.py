"""The tenant's identity provider as allauth sees it: a ``SocialApp`` built from its
``SsoSettings`` for each request, never a row edited by hand (``adapter.py`` serves it).

Every tenant's app has the same provider id, so the sign-in and callback URLs are the same
path on every host; the host decides whose settings answer.
"""

from functools import partial
from typing import Any

from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.saml.provider import SAMLProvider
from django.http import HttpRequest

from .models import SsoSettings

OIDC_PROVIDER_ID = "coopt-oidc"
SAML_PROVIDER_ID = "coopt-saml"


# Where the SAML assertion's AuthnContextClassRef values go in the account's extra data.
SAML_AUTHN_CONTEXTS = "coopt_authn_contexts"


class TenantSamlProvider(SAMLProvider):
    """allauth's SAML provider, keeping the AuthnContextClassRef values the IdP asserted
    (the MFA rule reads them, ``mfa.py``)."""

    def extract_extra_data(self, data: Any) -> dict[str, Any]:
        extra = dict(data.get_attributes())
        extra[SAML_AUTHN_CONTEXTS] = list(data.get_last_authn_contexts())
        return extra


def social_app_for(row: SsoSettings) -> SocialApp:
    """An unsaved app: nothing of it is stored outside ``SsoSettings``."""
    name = str(row.tenant.name)
    if row.protocol == SsoSettings.Protocol.OIDC:
        return SocialApp(
            provider="openid_connect",
            provider_id=OIDC_PROVIDER_ID,
            name=name,
            client_id=row.oidc_client_id,
            secret=row.oidc_client_secret,
            settings={"server_url": row.oidc_issuer, "oauth_pkce_enabled": True},
        )
    idp: dict[str, str] = {"entity_id": row.saml_entity_id}
    if row.saml_metadata_url:
        idp["metadata_url"] = row.saml_metadata_url
    else:
        idp["sso_url"] = row.saml_sso_url
        idp["x509cert"] = row.saml_x509_certificate
    app = SocialApp(
        provider="saml",
        provider_id=SAML_PROVIDER_ID,
        name=name,
        client_id=saml_slug(row),
        settings={
            "idp": idp,
            # SAML carries no "e-mail verified" flag: the assertion is signed by the IdP the
            # company's admin chose, which vouches for the address.
            "verified_email": True,
            "advanced": {"want_assertion_signed": True, "reject_deprecated_algorithm": True},
        },
    )
    # This unsaved app hands allauth's SAML views our provider, which keeps the assertion's
    # authentication context for the MFA rule (allauth looks the class up by name otherwise).
    app.get_provider = partial(_saml_provider, app)
    return app


def _saml_provider(app: SocialApp, request: HttpRequest) -> Any:
    return TenantSamlProvider(request=request, app=app)


def saml_slug(row: SsoSettings) -> str:
    """The "organisation" part of the SAML URLs (ACS, metadata): the tenant's slug."""
    return str(row.tenant.slug)
