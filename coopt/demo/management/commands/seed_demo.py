"""Load the demo tenants (Maison Lumière at acme.localhost, Nordwind Logistik at
globex.localhost) through the real services; `make run` calls it after `migrate`."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coopt.demo.operator import seed_operator
from coopt.demo.seed import SeedError, describe, is_loaded, load


class Command(BaseCommand):
    help = (
        "Load a realistic demo: two branded tenants with members, jobs and referrals. "
        "Does nothing when the demo is already loaded, unless --reset."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete both demo tenants (and people who belong to no other tenant) and reload.",
        )

    def handle(self, *args: Any, reset: bool = False, **options: Any) -> None:
        if is_loaded() and not reset:
            self.stdout.write("Demo data already loaded (run with --reset to reload it).")
            seed_operator()  # a demo loaded before the operator console had none
            self.stdout.write("\n".join(describe()))
            return
        started = time.monotonic()
        self.stdout.write("Loading the demo data…")
        try:
            load(reset=reset)
        except SeedError as error:
            raise CommandError(str(error)) from error
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded in {elapsed:.1f} s."))
        self.stdout.write("\n".join(describe()))
