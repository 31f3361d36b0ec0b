"""Reactivate a tenant by its subdomain (audited, as in the console)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coopt.audit.actors import Actor
from coopt.console.selectors import tenant_by_slug
from coopt.console.services import tenant_reactivate


class Command(BaseCommand):
    help = "Reactivate a tenant, given its subdomain."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")

    def handle(self, *args: Any, slug: str, **options: Any) -> None:
        tenant = tenant_by_slug(slug)
        if tenant is None:
            raise CommandError(f"No tenant with the subdomain {slug}.")
        if tenant_reactivate(tenant=tenant, actor=Actor.system("reactivate_tenant")):
            self.stdout.write(f"{tenant.name}: reactivated.")
        else:
            self.stdout.write(f"{tenant.name}: nothing to do.")
