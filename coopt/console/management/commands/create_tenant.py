"""Open a tenant from the command line, as the console does (and invite its first admin)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from coopt.audit.actors import Actor
from coopt.console.services import TenantOpenRefused, TenantSpec, tenant_open
from coopt.tenants.models import Tenant


class Command(BaseCommand):
    help = (
        "Create a tenant (a company) with its subdomain, its own domains and languages, as "
        "the operator's console does; --admin-email makes that person its first admin and "
        "e-mails them the invitation."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="The company's name, as its members see it.")
        parser.add_argument(
            "slug", help="The subdomain: the tenant answers on <slug>.<COOPT_BASE_DOMAIN>."
        )
        parser.add_argument(
            "--mode",
            choices=Tenant.Mode.values,
            default=Tenant.Mode.INTERNAL,
            help="internal (a company's own referral programme, the default) or network.",
        )
        parser.add_argument(
            "--domain",
            action="append",
            default=[],
            dest="domains",
            help="A domain of the tenant's own (the first is its address). Repeatable.",
        )
        parser.add_argument(
            "--language",
            action="append",
            default=[],
            dest="languages",
            help="A language offered (en, fr, de...). Repeatable; default: LANGUAGE_CODE.",
        )
        parser.add_argument(
            "--default-language", default="", help="One of --language; default: the first."
        )
        parser.add_argument("--primary-colour", default="#1f4e79", help="The brand's colour.")
        parser.add_argument("--accent-colour", default="#e07a1f", help="The accent colour.")
        parser.add_argument(
            "--admin-email",
            default="",
            help="The first admin: made admin and recruiter, and e-mailed an invitation.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        known = {code for code, _name in settings.LANGUAGES}
        languages = options["languages"] or [settings.LANGUAGE_CODE]
        default = options["default_language"] or languages[0]
        if unknown := set(languages) - known:
            raise CommandError(f"Unknown language(s): {', '.join(sorted(unknown))}")
        if default not in languages:
            raise CommandError("The default language must be one of --language.")
        spec = TenantSpec(
            name=options["name"],
            slug=options["slug"].lower(),
            mode=options["mode"],
            domains=options["domains"],
            enabled_languages=languages,
            default_language=default,
            primary_colour=options["primary_colour"],
            accent_colour=options["accent_colour"],
        )
        try:
            tenant, admin = tenant_open(
                actor=Actor.system("create_tenant"), spec=spec, admin_email=options["admin_email"]
            )
        except TenantOpenRefused as refused:
            taken = ["the subdomain"] if refused.slug else []
            taken += refused.domains
            raise CommandError(f"Taken already: {', '.join(taken)}") from refused
        self.stdout.write(f"Created {tenant.name} at {tenant.base_url()}/")
        if admin is not None:
            self.stdout.write(f"Invitation sent to {admin.user.email}")
