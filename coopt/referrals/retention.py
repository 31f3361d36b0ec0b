"""The tenant's retention policy (Y2): how long each class of a referred person's data is
kept, within legal bounds.

The defaults follow the French data-protection authority's recruitment guidance
(CNIL): an unanswered referral goes after 30 days, a candidate not retained
after 3 months, or 24 months if they agreed to stay in the talent pool; a hired
candidate's file is kept while the company needs it, then exported out. The
consent e-mail and page announce these periods; the purge that applies them, by
data class, is the privacy app's (``coopt.privacy.purge``).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from coopt.audit.actors import Actor
from coopt.audit.services import Action, audit_record, audit_target
from coopt.tenants.models import Tenant

from .models import RetentionPolicy

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
