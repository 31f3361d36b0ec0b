"""How long each class of candidate data is kept, per tenant and within bounds (Y2).

The defaults follow the French data-protection authority's recruitment guidance
(CNIL): an unanswered referral goes after 30 days, a candidate not retained
after 3 months, or 24 months if they agreed to stay in the talent pool; a hired
candidate's file is kept while the company needs it, then exported out.
"""

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
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
POOL_SHORTER_ERROR = _(
    "Keep candidates in the talent pool at least as long as candidates not retained."
)
POLICY_FIELDS = ("unconfirmed_days", "not_retained_months", "talent_pool_months", "hired_months")


@dataclass(frozen=True)
class Bounds:
    minimum: int
    maximum: int


def policy_bounds(field_name: str) -> Bounds:
    """The legal bounds of a policy field, read from the model's validators (one source)."""
    field = RetentionPolicy._meta.get_field(field_name)
    assert isinstance(field, models.Field)  # noqa: S101 - a plain column, for the type checker
    minimum = next(v.limit_value for v in field.validators if isinstance(v, MinValueValidator))
    maximum = next(v.limit_value for v in field.validators if isinstance(v, MaxValueValidator))
    return Bounds(int(minimum), int(maximum))


def retention_policy_for(*, tenant: Tenant) -> RetentionPolicy:
    """The tenant's policy, created with the defaults on first use."""
    policy = RetentionPolicy.objects.filter(tenant=tenant).first()
    if policy is not None:
        return policy
    try:
        with transaction.atomic():
            return RetentionPolicy.objects.create(tenant=tenant)
    except IntegrityError:  # created meanwhile by another request or the purge
        return RetentionPolicy.objects.get(tenant=tenant)


@transaction.atomic
def retention_policy_update(
    *,
    tenant: Tenant,
    unconfirmed_days: int,
    not_retained_months: int,
    talent_pool_months: int,
    hired_months: int | None,
    actor: Actor,
) -> RetentionPolicy:
    """Change the tenant's periods, recorded in the audit log; values outside the bounds
    raise ValidationError and change nothing."""
    policy = RetentionPolicy.objects.select_for_update().get(
        pk=retention_policy_for(tenant=tenant).pk
    )
    policy.unconfirmed_days = unconfirmed_days
    policy.not_retained_months = not_retained_months
    policy.talent_pool_months = talent_pool_months
    policy.hired_months = hired_months
    policy.full_clean(exclude=["tenant"])
    if talent_pool_months < not_retained_months:
        raise ValidationError({"talent_pool_months": POOL_SHORTER_ERROR}, code="pool_shorter")
    policy.save()
    audit_record(
        actor=actor,
        tenant_id=tenant.pk,
        action=Action.SETTINGS_CHANGED,
        target=audit_target(policy, "retention_policy"),
        details={name: getattr(policy, name) for name in POLICY_FIELDS},
    )
    return policy


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
