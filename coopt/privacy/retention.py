"""What the purge does with the retention policy (Y2): the data classes it handles, the dates
before which each one is past its period, and the hired candidates to export out first.

The policy itself (its bounds, reading and changing it) is the referrals app's
(``coopt.referrals.retention``), next to the referral whose data it keeps.
"""

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from coopt.audit.actors import Actor
from coopt.audit.services import Action, audit_record, audit_target
from coopt.referrals.models import Referral, RetentionPolicy, Status
from coopt.tenants.models import Tenant

# The data classes the purge handles, in the order the report shows them.
UNCONFIRMED = "unconfirmed"
DECLINED = "declined"
NOT_RETAINED = "not_retained"
TALENT_POOL = "talent_pool"
HIRED = "hired"
TRANSFERRED = "transferred"
DATA_CLASSES: dict[str, object] = {
    UNCONFIRMED: _("Referrals not confirmed in time"),
    DECLINED: _("Referrals declined or withdrawn"),
    NOT_RETAINED: _("Candidates not retained"),
    TALENT_POOL: _("Candidates in the talent pool"),
    HIRED: _("Hired candidates"),
    TRANSFERRED: _("Earlier files of transferred candidates"),
}


@dataclass(frozen=True)
class Limits:
    """The dates before which each data class is past retention, at ``now``."""

    unconfirmed: dt.datetime
    not_retained: dt.datetime
    talent_pool: dt.datetime
    hired: dt.datetime | None


def retention_limits(*, policy: RetentionPolicy, now: dt.datetime) -> Limits:
    """Months are calendar months, as a person reads "3 months", not 30-day blocks."""
    return Limits(
        unconfirmed=now - dt.timedelta(days=policy.unconfirmed_days),
        not_retained=now - relativedelta(months=policy.not_retained_months),
        talent_pool=now - relativedelta(months=policy.talent_pool_months),
        hired=(now - relativedelta(months=policy.hired_months)) if policy.hired_months else None,
    )


def hired_candidates(*, tenant: Tenant) -> QuerySet[Referral]:
    """Hired candidates whose data the tenant still holds, for the export out (Y2)."""
    return (
        Referral.objects.filter(
            tenant=tenant, status=Status.HIRED, personal_data_deleted_at__isnull=True
        )
        .select_related("job", "referrer__user")
        .prefetch_related("documents")
        .order_by("closed_at", "pk")
    )


@transaction.atomic
def hired_candidates_export(*, tenant: Tenant, actor: Actor) -> QuerySet[Referral]:
    """The hired candidates to export out, the export recorded in the audit log (rows only)."""
    referrals = hired_candidates(tenant=tenant)
    audit_record(
        actor=actor,
        tenant_id=tenant.pk,
        action=Action.EXPORT,
        target=audit_target(tenant, "tenant"),
        details={"what": "hired_candidates", "rows": referrals.count()},
    )
    return referrals
