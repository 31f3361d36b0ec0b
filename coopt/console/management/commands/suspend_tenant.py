"""Suspend a tenant by its subdomain (audited, as in the console)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coopt.audit.actors import Actor
from coopt.console.selectors import tenant_by_slug
from coopt.console.services import tenant_suspend


class Command(BaseCommand):
    help = "Suspend a tenant, given its subdomain."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")

    def handle(self, *args: Any, slug: str, **options: Any) -> None:
        tenant = tenant_by_slug(slug)
        if tenant is None:
            raise CommandError(f"No tenant with the subdomain {slug}.")
        if tenant_suspend(tenant=tenant, actor=Actor.system("suspend_tenant")):
            self.stdout.write(f"{tenant.name}: suspended.")
        else:
            self.stdout.write(f"{tenant.name}: nothing to do.")
