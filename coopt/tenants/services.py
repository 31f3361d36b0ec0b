from django.db import transaction

from config.hosts import forget_tenant_domains

from .models import Domain, Tenant


@transaction.atomic
def tenant_create(
    *, name: str, slug: str, domains: list[str] | None = None, **branding: object
) -> Tenant:
    """Create a tenant with its domains (the first one is primary)."""
    tenant = Tenant.objects.create(name=name, slug=slug, **branding)
    for index, domain in enumerate(domains or []):
        Domain.objects.create(tenant=tenant, domain=domain, is_primary=index == 0)
    # Forget the cached host list now (this process may serve the domain before the
    # commit is seen elsewhere) and again after the commit (another process may have
    # cached the old list in between).
    forget_tenant_domains()
    transaction.on_commit(forget_tenant_domains)
    return tenant
