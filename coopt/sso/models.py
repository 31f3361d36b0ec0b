"""A tenant's single sign-on (M2): its identity provider, OpenID Connect or SAML."""

from urllib.parse import urlsplit

from django.db import models
from django.utils.translation import gettext_lazy as _

from coopt.tenants.models import Tenant


class SsoSettings(models.Model):
    """One row per tenant that set up single sign-on; no row: no SSO."""

    class Protocol(models.TextChoices):
        OIDC = "oidc", _("OpenID Connect")
        SAML = "saml", _("SAML 2.0")

    tenant = models.OneToOneField(Tenant, on_delete=models.CASCADE, related_name="+")
    protocol = models.CharField(
        _("protocol"), max_length=8, choices=Protocol, default=Protocol.OIDC
    )
    enabled = models.BooleanField(_("single sign-on enabled"), default=False)
    # OpenID Connect
    oidc_issuer = models.URLField(_("issuer URL"), blank=True)
    oidc_client_id = models.CharField(_("client ID"), max_length=255, blank=True)
    oidc_client_secret = models.CharField(_("client secret"), max_length=512, blank=True)
    # SAML 2.0: the IdP's entity ID, and either its metadata URL or its SSO URL and certificate.
    saml_entity_id = models.CharField(_("IdP entity ID"), max_length=255, blank=True)
    saml_sso_url = models.URLField(_("IdP single sign-on URL"), blank=True)
    saml_x509_certificate = models.TextField(_("IdP signing certificate"), blank=True)
    saml_metadata_url = models.URLField(_("IdP metadata URL"), blank=True)
    # Who joins on their first sign-in: e-mail domains, one per line, lower case.
    allowed_domains = models.TextField(_("e-mail domains that join on first sign-in"), blank=True)
    password_sign_in = models.BooleanField(
        _("members may still sign in with a password"), default=True
    )
    trust_idp_mfa = models.BooleanField(
        _("trust the identity provider's two-factor authentication"), default=False
    )
    # OIDC ``acr`` values, or SAML AuthnContextClassRef values, that mean two factors.
    mfa_contexts = models.TextField(_("authentication contexts that mean two factors"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("single sign-on settings")

    def __str__(self) -> str:
        return f"sso settings of {self.tenant_id}"

    @property
    def domains(self) -> list[str]:
        return _lines(self.allowed_domains)

    @property
    def contexts(self) -> list[str]:
        return _lines(self.mfa_contexts, lower=False)

    @property
    def idp_origin(self) -> str:
        """Where the sign-in form sends the browser (CSP ``form-action``), or ""."""
        if self.protocol == self.Protocol.OIDC:
            url = self.oidc_issuer
        else:
            url = self.saml_sso_url or self.saml_metadata_url
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def _lines(text: str, *, lower: bool = True) -> list[str]:
    values = (line.strip() for line in text.replace(",", "\n").splitlines())
    return [value.lower() if lower else value for value in values if value]
