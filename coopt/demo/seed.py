"""Loading, resetting and describing the demo (used by `manage.py seed_demo`)."""

import random
from urllib.parse import quote, urlencode

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import ProtectedError, Q

from config.hosts import forget_tenant_domains
from coopt.accounts.models import Membership, User
from coopt.notifications.services import delivery_held
from coopt.referrals.models import Document
from coopt.tenants.models import Domain, Tenant

from .acme import seed_acme
from .brands import (
    ACCOUNTS,
    ACME,
    ACME_BRAND,
    GLOBEX_BRAND,
    PASSWORD,
    RESEAU_BRAND,
    SEED,
    TOTP_SECRET,
    urls,
)
from .globex import seed_globex
from .operator import describe_operator, seed_operator
from .referrals import mark_outbox_sent
from .reseau import seed_reseau

BRANDS = (ACME_BRAND, GLOBEX_BRAND, RESEAU_BRAND)


class SeedError(Exception):
    """The database holds something the demo would clash with."""


def is_loaded() -> bool:
    return Tenant.objects.filter(slug=ACME).exists()


def _check_free() -> None:
    for brand in BRANDS:
        if Tenant.objects.filter(slug=brand.slug).exists():
            raise SeedError(
                f"A tenant '{brand.slug}' exists without the demo; run with --reset to replace it."
            )
        if Domain.objects.filter(domain=brand.domain).exists():
            raise SeedError(f"The domain {brand.domain} already serves another tenant.")


def _demo_tenants() -> list[Tenant]:
    """The demo tenants present, after checking they are the demo's and nothing else.

    A demo tenant is served only at its demo domain and has its demo sign-ins
    (its name and colours may have been changed while trying the product).
    """
    tenants = []
    for brand in BRANDS:
        tenant = Tenant.objects.filter(slug=brand.slug).first()
        if tenant is None:
            continue
        domains = set(tenant.domains.values_list("domain", flat=True))
        demo_emails = [account.email for account in ACCOUNTS if account.tenant == brand.slug]
        has_demo_accounts = Membership.objects.filter(
            tenant=tenant, user__email__in=demo_emails
        ).exists()
        if not (domains <= {brand.domain} and has_demo_accounts):
            raise SeedError(
                f"The tenant '{brand.slug}' ({tenant.name}, {', '.join(sorted(domains))}) "
                "is not the demo's; nothing was deleted."
            )
        tenants.append(tenant)
    return tenants


def _tenant_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model is not Tenant
        and any(field.many_to_one and field.related_model is Tenant for field in model._meta.fields)
    ]


def _delete_tenant(tenant: Tenant) -> None:
    """Delete every row of the tenant, then the tenant.

    Rows that protect others (a referral protects its job and its referrer) go
    first: each pass deletes what it can, until nothing is left.
    """
    pending = _tenant_models()
    while pending:
        stuck = []
        for model in pending:
            links = Q()
            for field in model._meta.fields:
                if field.many_to_one and field.related_model is Tenant:
                    links |= Q(**{field.name: tenant})
            try:
                with transaction.atomic():
                    model._base_manager.filter(links).delete()
            except ProtectedError:
                stuck.append(model)
        if len(stuck) == len(pending):
            raise SeedError(f"Rows of '{tenant.slug}' are protected elsewhere: {stuck}")
        pending = stuck
    tenant.delete()


def _delete(tenants: list[Tenant]) -> None:
    """Delete the demo tenants, their files, and the people who belonged only to them."""
    user_ids = set(Membership.objects.filter(tenant__in=tenants).values_list("user_id", flat=True))
    files: list[str] = [
        field.name for tenant in tenants for field in (tenant.logo, tenant.favicon) if field.name
    ]
    files += [
        name
        for name in Document.objects.filter(tenant__in=tenants).values_list("file", flat=True)
        if name
    ]
    for tenant in tenants:
        _delete_tenant(tenant)
    User.objects.filter(
        pk__in=user_ids, memberships__isnull=True, is_staff=False, is_superuser=False
    ).delete()

    def delete_files() -> None:
        for name in files:
            default_storage.delete(name)

    transaction.on_commit(delete_files)
    transaction.on_commit(forget_tenant_domains)


def load(*, reset: bool = False) -> None:
    """Create the demo tenants in one transaction: all of it or nothing.

    With ``reset``, the existing demo tenants are deleted first, in the same
    transaction, so a failed reload leaves the old demo in place.
    """
    rng = random.Random(SEED)
    with delivery_held(), transaction.atomic():
        if reset:
            _delete(_demo_tenants())
        _check_free()
        acme = seed_acme(rng)
        globex = seed_globex(rng)
        reseau = seed_reseau(rng)
        seed_operator()
        mark_outbox_sent([acme.pk, globex.pk, reseau.pk])


def totp_uri(email: str) -> str:
    """The otpauth:// link an authenticator app reads, issued in the company's name."""
    membership = Membership.objects.select_related("tenant").filter(user__email=email).first()
    if membership is None:
        return ""
    issuer = membership.tenant.name
    query = urlencode({"secret": TOTP_SECRET, "issuer": issuer})
    return f"otpauth://totp/{quote(issuer)}:{quote(email)}?{query}"


def describe() -> list[str]:
    """What a visitor needs: where to go, how to sign in, where to get a two-factor code."""
    lines = ["", "Coopt demo", ""]
    width = max(len(name) for _url, name in urls())
    for url, name in urls():
        lines.append(f"  {name:<{width}}  {url}")
    if settings.COOPT_FALLBACK_TENANT != ACME:
        lines.append(f"  (localhost serves the demo only with COOPT_FALLBACK_TENANT={ACME})")
    lines += ["", f"Sign-ins (password for every account: {PASSWORD})", ""]
    tenant_names = {brand.slug: brand.name for brand in BRANDS}
    email_width = max(len(account.email) for account in ACCOUNTS)
    role_width = max(len(account.role) for account in ACCOUNTS)
    for account in ACCOUNTS:
        extra = "  + two-factor code" if account.needs_totp else ""
        lines.append(
            f"  {account.email:<{email_width}}  {account.role:<{role_width}}  "
            f"{tenant_names[account.tenant]}{extra}"
        )
    lines += [
        "",
        "Two-factor sign-in: recruiters and admins type a TOTP code after their password.",
        f"  Secret for an authenticator app (the same for every demo account): {TOTP_SECRET}",
    ]
    for account in ACCOUNTS:
        uri = totp_uri(account.email) if account.needs_totp else ""
        if uri:
            lines.append(f"  {uri}")
    lines += [
        "  Or print the current code:",
        "    .venv/bin/python manage.py demo_totp_code recruteuse@acme.localhost",
        "",
        *describe_operator(),
    ]
    return lines
