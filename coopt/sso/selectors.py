"""Reads of a tenant's single sign-on settings."""

from coopt.tenants.models import Tenant

from .models import SsoSettings


def sso_settings_of(tenant: Tenant) -> SsoSettings | None:
    """The tenant's settings row, enabled or not (the settings page)."""
    return SsoSettings.objects.filter(tenant=tenant).first()


def sso_enabled_for(tenant: Tenant | None) -> SsoSettings | None:
    """The tenant's settings if single sign-on is on and configured; None otherwise (no
    tenant: the operator's host has none)."""
    if tenant is None:
        return None
    row = SsoSettings.objects.filter(tenant=tenant, enabled=True).first()
    if row is None or not is_configured(row):
        return None
    return row


def is_configured(row: SsoSettings) -> bool:
    if row.protocol == SsoSettings.Protocol.OIDC:
        return bool(row.oidc_issuer and row.oidc_client_id)
    return bool(
        row.saml_entity_id
        and (row.saml_metadata_url or (row.saml_sso_url and row.saml_x509_certificate))
    )
