"""Reward rules (W1), charities and payout settings (W3): what admins and recruiters set."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from coopt.accounts.models import User
from coopt.jobs.models import Job
from coopt.tenants.models import Tenant

from ..models import ZERO, Charity, Kind, PayoutSettings, RewardRule
from .ledger import RewardError


def _tidy(rule: RewardRule) -> None:
    """Keep only the fields of the rule's kind, so no stale amount lingers behind a gift."""
    if rule.kind != Kind.CASH:
        rule.amount = ZERO
        rule.amount_beginner = rule.amount_confirmed = rule.amount_expert = None
    if rule.kind != Kind.POINTS:
        rule.points = 0
    if rule.kind != Kind.GIFT:
        rule.gift = ""


@transaction.atomic
def reward_rule_save(
    *, rule: RewardRule, tenant: Tenant, job: Job | None = None, author: User
) -> RewardRule:
    """Save the tenant default (``job`` None) or one job's override.

    Rewards already in the ledger keep the terms they were created with.
    """
    if job is not None and job.tenant_id != tenant.pk:
        raise RewardError(_("Choose a job of this company."))
    rule.tenant = tenant
    rule.job = job
    rule.updated_by = author
    _tidy(rule)
    # There is one default and one override per job: update it if another request made it.
    existing = (
        RewardRule.objects.select_for_update()
        .filter(tenant=tenant, job=job)
        .values_list("pk", flat=True)
        .first()
    )
    if existing is not None:
        rule.pk = existing
        rule._state.adding = False
    try:
        with transaction.atomic():
            rule.save()
    except IntegrityError:
        rule.pk = RewardRule.objects.get(tenant=tenant, job=job).pk
        rule._state.adding = False
        rule.save()
    return rule


@transaction.atomic
def reward_rule_delete_for_job(*, job: Job) -> bool:
    """Drop a job's override: the tenant default applies again. False if there was none."""
    deleted, _rows = RewardRule.objects.filter(job=job).delete()
    return bool(deleted)


@transaction.atomic
def charity_save(*, charity: Charity, tenant: Tenant) -> Charity:
    """Add or edit a charity of the tenant; names are unique per tenant."""
    if charity.pk and charity.tenant_id != tenant.pk:
        raise RewardError(_("This charity belongs to another company."))
    charity.tenant = tenant
    charity.name = charity.name.strip()
    try:
        with transaction.atomic():
            charity.save()
    except IntegrityError as error:
        raise RewardError(_("A charity with this name is already on the list.")) from error
    return charity


@transaction.atomic
def payout_settings_save(*, payout_settings: PayoutSettings, tenant: Tenant) -> PayoutSettings:
    """Save the charity top-up and the job-ad credits option."""
    existing = (
        PayoutSettings.objects.select_for_update()
        .filter(tenant=tenant)
        .values_list("pk", flat=True)
        .first()
    )
    payout_settings.tenant = tenant
    if existing is not None:
        payout_settings.pk = existing
        payout_settings._state.adding = False
    try:
        with transaction.atomic():
            payout_settings.save()
    except IntegrityError:  # another admin saved the first settings a moment ago
        payout_settings.pk = PayoutSettings.objects.get(tenant=tenant).pk
        payout_settings._state.adding = False
        payout_settings.save()
    return payout_settings
