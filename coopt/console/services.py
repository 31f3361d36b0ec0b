"""The operator's writes: open a tenant (and invite its first admin), suspend and reactivate
one, create an operator staff account. Each is atomic and goes to the audit log with it."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import get_urlconf, set_urlconf

from config.hosts import forget_tenant_domains
from coopt.accounts.models import Membership, User
from coopt.accounts.services import member_create, member_invite
from coopt.audit.actors import Actor
from coopt.audit.services import Action, audit_record, audit_target
from coopt.tenants.models import Tenant
from coopt.tenants.services import tenant_create

from .selectors import domains_taken, slug_taken

# Subdomains a tenant may not take: the platform's own names.
RESERVED_SLUGS = frozenset({"operator", "www", "admin", "api", "static", "mail"})


class TenantOpenRefused(Exception):
    """The slug or a domain is taken (perhaps a moment ago by someone else)."""

    def __init__(self, *, slug: bool = False, domains: list[str] | None = None) -> None:
        super().__init__("slug or domain taken")
        self.slug = slug
        self.domains = domains or []


@dataclass(frozen=True, kw_only=True)
class TenantSpec:
    """What the operator chooses for a new tenant."""

    name: str
    slug: str
    mode: str = Tenant.Mode.INTERNAL
    domains: list[str] = field(default_factory=list)
    enabled_languages: list[str] = field(default_factory=lambda: ["en"])
    default_language: str = "en"
    primary_colour: str = "#1f4e79"
    accent_colour: str = "#e07a1f"
    logo: UploadedFile | None = None


@contextmanager
def tenants_urlconf() -> Iterator[None]:
    """Reverse with the tenants' URLconf: the invitation's links and its e-mail's logo are the
    new tenant's pages, while the console's request runs with the operator's URLconf."""
    current = get_urlconf()
    set_urlconf(None)
    try:
        yield
    finally:
        set_urlconf(current)


def tenant_open(
    *, actor: Actor, spec: TenantSpec, admin_email: str = ""
) -> tuple[Tenant, Membership | None]:
    """Create a tenant, and if ``admin_email`` is given make that person its admin and send
    them the invitation (through the outbox, with a link on the tenant's host).

    Raises ``TenantOpenRefused`` if the slug or a domain is taken, nothing written.
    """
    domains = [domain.strip().lower() for domain in spec.domains if domain.strip()]
    if spec.slug in RESERVED_SLUGS or slug_taken(spec.slug):
        raise TenantOpenRefused(slug=True)
    if taken := domains_taken(domains):
        raise TenantOpenRefused(domains=taken)
    try:
        with transaction.atomic():
            tenant = tenant_create(
                name=spec.name,
                slug=spec.slug,
                domains=domains,
                mode=spec.mode,
                enabled_languages=list(spec.enabled_languages),
                default_language=spec.default_language,
                primary_colour=spec.primary_colour,
                accent_colour=spec.accent_colour,
            )
            if spec.logo is not None:
                tenant.logo.save(spec.logo.name or "logo", spec.logo, save=True)
            admin = None
            if admin_email:
                admin = member_create(
                    tenant=tenant, email=admin_email, is_admin=True, is_recruiter=True
                )
                with tenants_urlconf():
                    member_invite(membership=admin)
            audit_record(
                actor=actor,
                action=Action.TENANT_CREATED,
                target=audit_target(tenant),
                tenant_id=tenant.pk,
                details={"admin_invited": admin.pk if admin is not None else None},
            )
    except IntegrityError as error:  # taken between the check and the insert
        raise TenantOpenRefused(slug=slug_taken(spec.slug), domains=domains_taken(domains)) from (
            error
        )
    return tenant, admin


def _set_active(*, tenant: Tenant, actor: Actor, active: bool) -> bool:
    """Flip the tenant's flag and write the event in one transaction; False if it had it."""
    with transaction.atomic():
        changed = bool(
            Tenant.objects.filter(pk=tenant.pk, is_active=not active).update(is_active=active)
        )
        tenant.is_active = active
        target = audit_target(tenant)
        if changed and active:
            audit_record(
                actor=actor, action=Action.TENANT_REACTIVATED, target=target, tenant_id=tenant.pk
            )
        elif changed:
            audit_record(
                actor=actor, action=Action.TENANT_SUSPENDED, target=target, tenant_id=tenant.pk
            )
    # The hosts are allowed either way; forget them all the same (suspension shows a page).
    forget_tenant_domains()
    return changed


def tenant_suspend(*, tenant: Tenant, actor: Actor) -> bool:
    """Suspend a tenant: its hosts answer the suspension page, its e-mails and scheduled sends
    wait. Nothing is deleted. Returns False if it was already suspended."""
    return _set_active(tenant=tenant, actor=actor, active=False)


def tenant_reactivate(*, tenant: Tenant, actor: Actor) -> bool:
    """Give a suspended tenant back everything it had; what waited is sent. False if active."""
    return _set_active(tenant=tenant, actor=actor, active=True)


class OperatorStaffExists(Exception):
    """An account with this e-mail exists already."""


@transaction.atomic
def operator_staff_create(*, actor: Actor, email: str, password: str) -> User:
    """An operator staff account: no tenant, ``is_staff``; it sets up TOTP at first sign-in."""
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        raise OperatorStaffExists(email)
    user = User.objects.create_user(email, password, is_staff=True)
    audit_record(actor=actor, action=Action.OPERATOR_STAFF_CREATED, target=audit_target(user))
    return user
