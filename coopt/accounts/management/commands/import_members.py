"""``manage.py import_members acme people.csv``: the back office's CSV import, from a shell.

The same code as the "Import members" page (``coopt.accounts.importing``), with the same
file format and the same report, printed one line per line of the file. ``--dry-run``
prints what the import would do and changes nothing; ``--deactivate-absent`` also
deactivates the active members the file does not name (never a recruiter or an admin).
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coopt.accounts.importing import (
    MAX_FILE_BYTES,
    ImportFileError,
    ImportReport,
    members_import,
    members_import_plan,
)
from coopt.audit.actors import Actor
from coopt.tenants.models import Tenant


class Command(BaseCommand):
    help = (
        "Import a tenant's members from a CSV file (columns first_name, last_name, email, "
        "department, location; optionally manager, employee_id, external_id) and print the "
        "report, line by line. Run with --dry-run first to see what would change."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("tenant", help="The tenant's subdomain (slug).")
        parser.add_argument("file", type=Path, help="The CSV file (UTF-8, 5 MB at most).")
        parser.add_argument(
            "--deactivate-absent",
            action="store_true",
            help="Also deactivate the active members the file does not name. Recruiters and "
            "admins are never deactivated; nor is a member whose line is rejected.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what the import would do; change nothing, send nothing.",
        )
        parser.add_argument(
            "--send-invitations",
            action="store_true",
            help="E-mail an invitation to each new member.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        tenant = Tenant.objects.filter(slug=options["tenant"]).first()
        if tenant is None:
            raise CommandError(f"No tenant with the subdomain {options['tenant']!r}.")
        path: Path = options["file"]
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise CommandError("The file is too large (5 MB at most).")
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        try:
            if options["dry_run"]:
                report = members_import_plan(
                    tenant=tenant, data=data, deactivate_absent=options["deactivate_absent"]
                )
            else:
                report = members_import(
                    tenant=tenant,
                    data=data,
                    send_invitations=options["send_invitations"],
                    deactivate_absent=options["deactivate_absent"],
                    actor=Actor.system("import_members"),
                )
        except ImportFileError as error:
            raise CommandError(f"Nothing was imported. {error.message}") from error
        self._print(report, dry_run=options["dry_run"])

    def _print(self, report: ImportReport, *, dry_run: bool) -> None:
        for row in report.rows:
            detail = "; ".join([*row.reasons, *([row.note] if row.note else [])])
            self.stdout.write(
                f"line {row.line}: {row.outcome} {row.email or '-'}"
                + (f" ({detail})" if detail else "")
            )
        for membership in report.deactivations:
            self.stdout.write(f"deactivated {membership.user.email} (absent from the file)")
        summary = (
            f"{report.created} created, {report.updated} updated, {report.rejected} rejected, "
            f"{report.deactivated} deactivated, {report.invited} invited."
        )
        if dry_run:
            summary = f"Dry run, nothing changed: would be {summary}"
        self.stdout.write(summary)
