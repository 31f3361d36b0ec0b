"""Single sign-on's writes: the settings, and who a person signing in through the company's
identity provider is (the just-in-time membership rule, M2)."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopt.accounts.models import Membership, User
from coopt.accounts.services import member_create
from coopt.audit.actors import Actor
from coopt.audit.services import Action, audit_record, audit_target
from coopt.tenants.models import Tenant

from .models import SsoSettings

# The fields an admin edits, in the order of the form; the secret is written only when given.
SETTING_FIELDS = (
    "protocol",
    "enabled",
    "oidc_issuer",
    "oidc_client_id",
    "oidc_client_secret",
    "saml_entity_id",
    "saml_sso_url",
    "saml_x509_certificate",
    "saml_metadata_url",
    "allowed_domains",
    "password_sign_in",
    "trust_idp_mfa",
    "mfa_contexts",
)


class SsoRefused(Exception):
    """The person may not sign in through the identity provider; ``message`` says why,
    translated (lazily: it is rendered in the page's language)."""

    def __init__(self, code: str, message: object) -> None:
        super().__init__(code)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class SsoIdentity:
    """What the identity provider said about the person."""

    email: str
    email_verified: bool
    first_name: str = ""
    last_name: str = ""


@transaction.atomic
def sso_settings_save(
    *,
    tenant: Tenant,
    actor: Actor,
    values: dict[str, object],
) -> SsoSettings:
    """Save the tenant's SSO settings from ``values`` (names of ``SETTING_FIELDS``; an empty
    or missing ``oidc_client_secret`` keeps the saved secret). Recorded with the names of
    the fields that changed, never their values."""
    row = SsoSettings.objects.filter(tenant=tenant).first() or SsoSettings(tenant=tenant)
    is_new = row.pk is None
    changed = []
    for name in SETTING_FIELDS:
        if name not in values:
            continue
        value = values[name]
        if name == "oidc_client_secret" and not value:
            continue
        if is_new or getattr(row, name) != value:
            changed.append(name)
            setattr(row, name, value)
    row.save()
    audit_record(
        actor=actor,
        action=Action.SSO_SETTINGS_SAVED,
        target=audit_target(row, "sso_settings"),
        details={"protocol": row.protocol, "enabled": row.enabled, "fields": changed},
    )
    return row


def sso_member_for(*, tenant: Tenant, row: SsoSettings, identity: SsoIdentity) -> Membership:
    """The member signing in through the company's identity provider.

    Matched by e-mail address, and only an address the provider says it verified. An active
    member signs in; a deactivated one is refused (an admin ended their access); anyone else
    joins as a member if the address's domain is one of the tenant's allowed domains, and is
    refused otherwise.
    """
    email = identity.email.strip().lower()
    if not email or not identity.email_verified:
        raise SsoRefused(
            "unverified_email",
            _(
                "Your identity provider did not confirm your e-mail address, so we cannot "
                "sign you in with it. Ask your administrator."
            ),
        )
    membership = (
        Membership.objects.select_related("user")
        .filter(tenant=tenant, user__email__iexact=email)
        .first()
    )
    if membership is not None and membership.is_active:
        return membership
    if membership is not None:
        raise SsoRefused(
            "deactivated",
            _("Your access to %(company)s has ended. Ask your administrator if this is a mistake.")
            % {"company": tenant.name},
        )
    domain = email.rpartition("@")[2]
    if domain not in row.domains:
        raise SsoRefused(
            "domain_not_allowed",
            _(
                "Your e-mail address does not give access to %(company)s. Ask your "
                "administrator for an invitation."
            )
            % {"company": tenant.name},
        )
    return sso_member_join(tenant=tenant, identity=identity, protocol=row.protocol)


@transaction.atomic
def sso_member_join(*, tenant: Tenant, identity: SsoIdentity, protocol: str) -> Membership:
    """Make the person a member of the tenant on their first sign-in (just in time)."""
    existing = User.objects.filter(email__iexact=identity.email.strip()).first()
    membership = member_create(
        tenant=tenant,
        email=identity.email,
        first_name=identity.first_name[:150],
        last_name=identity.last_name[:150],
        language=existing.language if existing is not None else tenant.default_language,
    )
    membership.joined_at = timezone.now()
    membership.save(update_fields=["joined_at"])
    audit_record(
        actor=Actor.member(membership),
        action=Action.MEMBER_JOINED_BY_SSO,
        target=audit_target(membership),
        details={"protocol": protocol},
    )
    return membership
