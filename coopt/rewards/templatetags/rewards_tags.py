"""Reward partials for other apps' pages: ``{% load rewards_tags %}``.

- ``{{ amount|money:currency }}``: a localised amount with its currency code.
- ``{% job_reward job %}``: the reward rule of a job (job pages and cards).
- ``{% rewards_summary membership as summary %}``: pending / due / paid totals.
- ``{% candidate_reward referral %}``: the reward of a referral (back office).
"""

from decimal import Decimal
from typing import Any

from django import template
from django.template.context import Context

from coopt.accounts.models import Membership
from coopt.gamification.levels import level_key_of, levels_of
from coopt.jobs.models import Job
from coopt.referrals.models import Referral
from coopt.tenants.models import Tenant

from ..models import LEVEL_KEYS, Kind, RewardRule
from ..money import format_money
from ..selectors import StateTotals, reward_for_referral, reward_rule_for, reward_summary

register = template.Library()


@register.filter
def money(amount: Decimal | None, currency: str = "") -> str:
    return format_money(amount, currency)


def level_names(tenant: Tenant) -> dict[str, str]:
    return {level.key: str(level.name) for level in levels_of(tenant=tenant)}


def _cached(context: Context, key: str, compute: Any) -> Any:
    """Once per template rendering: a job board renders many cards."""
    # The base of the render context: each {% include %} pushes an isolated level.
    cache = context.render_context.dicts[0]
    if key not in cache:
        cache[key] = compute()
    return cache[key]


@register.inclusion_tag("rewards/_job_reward.html", takes_context=True)
def job_reward(context: Context, job: Job, compact: bool = False) -> dict[str, Any]:
    def default() -> RewardRule | None:
        return _cached(
            context,
            f"rewards:default:{job.tenant_id}",
            lambda: RewardRule.objects.filter(tenant_id=job.tenant_id, job__isnull=True).first(),
        )

    return {
        "job": job,
        "rule": reward_rule_for(job, default=default),
        "compact": compact,
        "membership": context.get("membership"),
    }


@register.simple_tag(takes_context=True)
def level_rows(context: Context, rule: RewardRule | None) -> list[dict[str, Any]]:
    """The amount per level of a rule that sets any, with the tenant's level names;
    the reader's own level marked ``mine``."""
    if rule is None or rule.kind != Kind.CASH or not rule.has_level_amounts:
        return []
    names = _cached(context, f"rewards:levels:{rule.tenant_id}", lambda: level_names(rule.tenant))
    membership = context.get("membership")
    mine = ""
    if isinstance(membership, Membership) and membership.tenant_id == rule.tenant_id:
        mine = _cached(context, "rewards:my_level", lambda: level_key_of(member=membership))
    return [
        {
            "key": key,
            "name": names.get(key, key),
            "amount": rule.amount_for_level(key),
            "mine": key == mine,
        }
        for key in LEVEL_KEYS
    ]


@register.simple_tag
def rewards_summary(membership: Membership) -> list[StateTotals]:
    return reward_summary(member=membership)


@register.inclusion_tag("rewards/_candidate_reward.html", takes_context=True)
def candidate_reward(context: Context, referral: Referral) -> dict[str, Any]:
    """The hire's reward on the candidate page, for the company's (or the operator's) own
    staff; a client company's recruiter sees nothing of it: it names the referrer (N5)."""
    membership = context.get("membership")
    if membership is None or membership.client_id is not None:
        return {"reward": None, "membership": membership, "request": context.get("request")}
    return {
        "reward": reward_for_referral(referral_id=referral.pk),
        "membership": context.get("membership"),
        "request": context.get("request"),
    }
