"""Host header validation against the tenants' domains.

Django checks every Host header against ALLOWED_HOSTS. Coopt serves custom
domains that live in the database, so the list is extended at lookup time
with every tenant's domains (cached): a suspended tenant's too, whose hosts answer
with the suspension page. A wildcard is never used.
"""

from collections.abc import Iterator

from django.core.cache import cache

CACHE_KEY = "coopt:tenant-domains"
CACHE_SECONDS = 60


def tenant_domains() -> list[str]:
    domains = cache.get(CACHE_KEY)
    if domains is None:
        from coopt.tenants.models import Domain

        try:
            domains = list(Domain.objects.values_list("domain", flat=True))
        except Exception:  # noqa: BLE001 - before the first migration there is no table
            return []
        cache.set(CACHE_KEY, domains, CACHE_SECONDS)
    return domains


def forget_tenant_domains() -> None:
    cache.delete(CACHE_KEY)


class TenantAllowedHosts(list[str]):
    """A list of static host patterns that also yields the tenants' domains."""

    def __iter__(self) -> Iterator[str]:
        yield from super().__iter__()
        yield from tenant_domains()

    def __bool__(self) -> bool:
        return True
