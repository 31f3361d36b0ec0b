"""Rules, hires and rewards made through the real services, for the rewards tests."""

import itertools
from decimal import Decimal
from typing import Any

from coopt.accounts.models import Membership
from coopt.jobs.models import Job
from coopt.referrals.models import Referral
from coopt.rewards.models import Charity, PayoutSettings, Reward, RewardRule
from coopt.rewards.services import (
    charity_save,
    payout_settings_save,
    reward_rule_save,
)
from coopt.tenants.models import Tenant

from .. import factories as f
from ..conftest import World

_jobs = itertools.count(1)


def set_rule(
    tenant: Tenant,
    *,
    job: Job | None = None,
    author: Membership | None = None,
    **fields: Any,
) -> RewardRule:
    """Save a default (or a job's) rule; cash 750 EUR at once unless told otherwise."""
    fields.setdefault("kind", "cash")
    fields.setdefault("amount", Decimal("750.00"))
    fields.setdefault("currency", "EUR")
    fields.setdefault("probation_months", 0)
    rule = RewardRule(**fields)
    user = author.user if author else f.UserFactory.create()
    return reward_rule_save(rule=rule, tenant=tenant, job=job, author=user)


def hire(member: Membership, job: Job, *, recruiter: Membership | None = None) -> Referral:
    """A referral by ``member`` for ``job``, confirmed and hired by ``recruiter``."""
    author = recruiter.user if recruiter else None
    return f.refer(referrer=member, job=job, status="hired", author=author)


def reward_of(referral: Referral) -> Reward:
    """The referrer's own reward for the referral (a sponsor's bonus on it is another row)."""
    return Reward.objects.get(referral=referral, sponsee__isnull=True)


def due_reward(world: World, amount: str = "750.00", currency: str = "EUR") -> Reward:
    """A due cash reward of world.member, for a fresh job with its own rule."""
    job = f.make_job(world.acme, title=f"Job {next(_jobs)}")
    set_rule(world.acme, job=job, amount=Decimal(amount), currency=currency)
    reward = reward_of(hire(world.member, job, recruiter=world.recruiter))
    assert reward.state == "due"
    return reward


def pending_reward(world: World, months: int = 3) -> Reward:
    job = f.make_job(world.acme, title=f"Job {next(_jobs)}")
    set_rule(world.acme, job=job, probation_months=months)
    reward = reward_of(hire(world.member, job, recruiter=world.recruiter))
    assert reward.state == "pending"
    return reward


def add_charity(tenant: Tenant, name: str = "Red Cross", **fields: Any) -> Charity:
    return charity_save(charity=Charity(name=name, **fields), tenant=tenant)


def set_payout(tenant: Tenant, **fields: Any) -> PayoutSettings:
    return payout_settings_save(payout_settings=PayoutSettings(**fields), tenant=tenant)
