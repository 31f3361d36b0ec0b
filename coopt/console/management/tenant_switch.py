"""What suspend_tenant and reactivate_tenant share: a tenant by its subdomain, one service."""

from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coopt.audit.actors import Actor
from coopt.console.selectors import tenant_by_slug
from coopt.tenants.models import Tenant


class TenantSwitchCommand(BaseCommand):
    """Calls ``service`` on the tenant named by its subdomain (audited, as in the console)."""

    service: Callable[..., bool]
    done: str  # what the command says when the tenant changed, e.g. "suspended"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")

    def handle(self, *args: Any, slug: str, **options: Any) -> None:
        tenant: Tenant | None = tenant_by_slug(slug)
        if tenant is None:
            raise CommandError(f"No tenant with the subdomain {slug}.")
        service = type(self).service
        if service(tenant=tenant, actor=Actor.system(self._name())):
            self.stdout.write(f"{tenant.name}: {self.done}.")
        else:
            self.stdout.write(f"{tenant.name}: nothing to do.")

    def _name(self) -> str:
        return type(self).__module__.rsplit(".", 1)[-1]
