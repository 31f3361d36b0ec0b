"""``manage.py purge``: the nightly retention purge (Y2), now.

The same purge the beat runs every night (``privacy.tasks.purge_personal_data``), in this
process: every tenant's personal data past its retention periods is erased, and each
tenant's run is reported on its retention page. Safe to run at any time: only what is due
is erased, and a run left half-way is completed in the same report.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coopt.privacy.purge import purge_all_tenants, purge_tenant
from coopt.tenants.models import Tenant


class Command(BaseCommand):
    help = (
        "Run the nightly retention purge now: erase the personal data past each tenant's "
        "retention periods, and print how many referrals were erased."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--tenant", default="", help="Purge only this tenant (its subdomain, the slug)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["tenant"]:
            erased = purge_all_tenants()
            self.stdout.write(f"Purge done for every tenant: {erased} referrals erased.")
            return
        tenant = Tenant.objects.filter(slug=options["tenant"]).first()
        if tenant is None:
            raise CommandError(f"No tenant with the subdomain {options['tenant']!r}.")
        run, erased = purge_tenant(tenant=tenant)
        counts = ", ".join(f"{name} {count}" for name, count in run.counts.items())
        self.stdout.write(
            f"Purge done for {tenant.slug} (run #{run.pk}): {erased} referrals erased ({counts})."
        )
