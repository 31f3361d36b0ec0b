"""Every tenant with its usage, as the console's list shows it."""

from typing import Any

from django.core.management.base import BaseCommand

from coopt.console.selectors import tenants_with_usage

COLUMNS = ("slug", "state", "members", "jobs", "referrals/month", "mail waiting", "mail failed")


class Command(BaseCommand):
    help = "List the tenants: members, jobs, referrals this month, last activity, outbox health."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("\t".join((*COLUMNS, "last activity", "name")))
        for row_tenant in tenants_with_usage():
            tenant: Any = row_tenant  # annotated by the selector
            last = (
                tenant.last_activity.isoformat(timespec="minutes") if tenant.last_activity else "-"
            )
            row = (
                tenant.slug,
                "active" if tenant.is_active else "suspended",
                tenant.member_count,
                tenant.job_count,
                tenant.referrals_this_month,
                tenant.emails_pending,
                tenant.emails_failed,
                last,
                tenant.name,
            )
            self.stdout.write("\t".join(str(value) for value in row))
