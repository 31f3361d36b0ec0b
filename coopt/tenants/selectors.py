from django.conf import settings

from .models import Domain, Tenant


def tenant_for_host(host: str) -> Tenant | None:
    """The tenant served at this host name (without port), or None.

    A custom domain wins; then ``<slug>.<COOPT_BASE_DOMAIN>``; then, for a bare
    ``localhost`` or IP address in development, ``COOPT_FALLBACK_TENANT``. A suspended
    tenant is found too (``is_active`` false): its hosts answer with the suspension page.
    """
    host = host.lower().rstrip(".")
    domain = Domain.objects.select_related("tenant").filter(domain=host).first()
    if domain is not None:
        return domain.tenant
    base = settings.COOPT_BASE_DOMAIN
    if host.endswith("." + base):
        slug = host[: -len(base) - 1]
        if "." not in slug:
            return Tenant.objects.filter(slug=slug).first()
    if settings.COOPT_FALLBACK_TENANT and host in {"localhost", "127.0.0.1", "[::1]", "::1"}:
        return Tenant.objects.filter(slug=settings.COOPT_FALLBACK_TENANT).first()
    return None


def tenant_fresh_copy(tenant: Tenant) -> Tenant:
    """The tenant as saved, apart from the instance a request carries (a form may change it)."""
    return Tenant.objects.get(pk=tenant.pk)
