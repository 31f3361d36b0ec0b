"""``manage.py send_digests --tenant acme --frequency weekly``: a tenant's digest, now.

Runs this period's digest run of the tenant in this process, batch after batch, and
prints what it did. The run is the one the beat starts (one per tenant, frequency and
period): members who already have this period's digest are skipped, so running the
command twice, or after the beat, sends nobody a second digest.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coopt.accounts.models import Membership
from coopt.diffusion.digest import BATCH_SIZE, digest_run_now, digest_start
from coopt.tenants.models import Tenant

FREQUENCIES = [Membership.DigestFrequency.WEEKLY, Membership.DigestFrequency.MONTHLY]


class Command(BaseCommand):
    help = "Send a tenant's weekly or monthly job digest now and print a summary."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tenant", required=True, help="The tenant's subdomain (slug).")
        parser.add_argument(
            "--frequency",
            required=True,
            choices=[str(f) for f in FREQUENCIES],
            help="Which digest: the members who chose it receive it.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"Members per batch (default {BATCH_SIZE}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        tenant = Tenant.objects.filter(slug=options["tenant"]).first()
        if tenant is None:
            raise CommandError(f"No tenant with the subdomain {options['tenant']!r}.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        run = digest_start(tenant=tenant, frequency=options["frequency"], enqueue=False)
        run = digest_run_now(run=run, size=options["batch_size"])
        self.stdout.write(
            f"{run.frequency} digest {run.period} of {tenant.slug} (run #{run.pk}): "
            f"{run.members} members, {run.sent} sent, {run.postponed} postponed (cap), "
            f"{run.empty} with nothing new."
        )
