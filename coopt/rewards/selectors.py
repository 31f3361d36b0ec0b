"""Tenant-scoped reads of rules, rewards and payout options; 404 for what is not yours.

The ``access_*`` helpers take the signed-in member (``access_reward(member, reward_id)``),
derive the tenant from it and fold in who may see what.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, Q, QuerySet, Sum, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from coopt.accounts.models import Membership
from coopt.clients.models import ClientCompany
from coopt.jobs.models import Job
from coopt.lib.currencies import DEFAULT_CURRENCY
from coopt.tenants.models import Tenant

from .models import (
    ZERO,
    Charity,
    CreditAccount,
    JobPostRequest,
    Kind,
    Milestone,
    PayoutSettings,
    Reward,
    RewardRule,
    State,
)


def tenant_default_rule(*, tenant: Tenant) -> RewardRule | None:
    return RewardRule.objects.filter(tenant=tenant, job__isnull=True).first()


def reward_rule_for(
    job: Job, *, default: Callable[[], RewardRule | None] | None = None
) -> RewardRule | None:
    """The rule a hire for ``job`` earns: the job's own, else the tenant default (W1).

    None when neither exists: the tenant has not set up rewards. ``default`` may
    supply the tenant default (a page listing many jobs reads it once); a job
    queryset with ``select_related("reward_rule")`` saves the other query.
    """
    try:
        return job.reward_rule
    except RewardRule.DoesNotExist:
        if default is not None:
            return default()
        return RewardRule.objects.filter(tenant_id=job.tenant_id, job__isnull=True).first()


def job_rule_override(*, job: Job) -> RewardRule | None:
    return RewardRule.objects.filter(job=job).first()


def jobs_with_own_rule(*, tenant: Tenant) -> QuerySet[RewardRule]:
    """Overrides on published jobs, for the members' rules page."""
    return (
        RewardRule.objects.filter(
            tenant=tenant, job__isnull=False, job__status=Job.Status.PUBLISHED
        )
        .select_related("job")
        .order_by("job__title", "job_id")
    )


def payout_settings_for(*, tenant: Tenant) -> PayoutSettings:
    """The tenant's payout options, or unsaved defaults (no top-up, no credits)."""
    found = PayoutSettings.objects.filter(tenant=tenant).first()
    return found if found is not None else PayoutSettings(tenant=tenant)


def charities_of(*, tenant: Tenant, active_only: bool = False) -> QuerySet[Charity]:
    charities = Charity.objects.filter(tenant=tenant)
    if active_only:
        charities = charities.filter(is_active=True)
    return charities.order_by("name", "id")


def access_charity(member: Membership, charity_id: int) -> Charity:
    """A charity of the member's tenant, or 404: admins reach every one, others the active."""
    charities = Charity.objects.filter(tenant_id=member.tenant_id)
    if not member.is_admin:
        charities = charities.filter(is_active=True)
    return get_object_or_404(charities, pk=charity_id)


# --- the member's own rewards -------------------------------------------------


def rewards_of(*, member: Membership) -> QuerySet[Reward]:
    return (
        Reward.objects.filter(member=member)
        .select_related("referral__job", "charity", "sponsee__user")
        .order_by("-hired_on", "-id")
    )


def access_own_reward(member: Membership, reward_id: int) -> Reward:
    """The member's own reward, or 404, whatever their role: nobody chooses for another."""
    return get_object_or_404(
        Reward.objects.select_related("referral__job", "charity", "tenant"),
        tenant_id=member.tenant_id,
        member=member,
        pk=reward_id,
    )


@dataclass
class Total:
    currency: str
    amount: Decimal
    count: int


@dataclass
class StateTotals:
    state: str
    label: str
    count: int = 0
    totals: list[Total] = field(default_factory=list)


def _totals_by_state(rewards: QuerySet[Reward], states: list[str]) -> list[StateTotals]:
    """Count and cash sum per state and currency, in ``states`` order."""
    rows = (
        rewards.filter(state__in=states)
        .values("state", "currency")
        .annotate(
            total=Sum("amount", filter=Q(kind=Kind.CASH)),
            count=Count("id"),
            cash=Count("id", filter=Q(kind=Kind.CASH)),
        )
        .order_by("state", "currency")
    )
    by_state = {state: StateTotals(state=state, label=str(State(state).label)) for state in states}
    for row in rows:
        entry = by_state[row["state"]]
        entry.count += row["count"]
        if row["cash"]:
            entry.totals.append(Total(row["currency"], row["total"] or ZERO, row["cash"]))
    return [by_state[state] for state in states]


def reward_summary(*, member: Membership) -> list[StateTotals]:
    """Pending, due and paid: how many, and how much per currency (R7).

    A state with no reward yet reads as zero in the company's reward currency, not a bare "0".
    """
    summary = _totals_by_state(
        Reward.objects.filter(member=member), [State.PENDING, State.DUE, State.PAID]
    )
    if any(not line.count for line in summary):
        rule = tenant_default_rule(tenant=member.tenant)
        currency = rule.currency if rule is not None else DEFAULT_CURRENCY
        for line in summary:
            if not line.count:
                line.totals.append(Total(currency, ZERO, 0))
    return summary


def statement_years(*, member: Membership) -> list[int]:
    """Years the member was paid in, newest first, with the current year always offered."""
    years = {timezone.localdate().year}
    for paid_at in Reward.objects.filter(member=member, paid_at__isnull=False).values_list(
        "paid_at", flat=True
    ):
        years.add(timezone.localtime(paid_at).year)
    return sorted(years, reverse=True)


# --- the back office -----------------------------------------------------------


def access_reward(member: Membership, reward_id: int) -> Reward:
    """A reward of the member's tenant, or 404: recruiters and admins reach every one,
    anyone else only their own."""
    rewards = Reward.objects.filter(tenant_id=member.tenant_id)
    if not member.is_staff_role:
        rewards = rewards.filter(member=member)
    return get_object_or_404(
        rewards.select_related(
            "referral__job", "member__user", "charity", "tenant", "sponsee__user"
        ),
        pk=reward_id,
    )


def access_member(member: Membership, member_id: int) -> Membership:
    """A member of the same tenant, or 404: admins reach everyone, anyone else themselves."""
    if not member.is_admin and member_id != member.pk:
        raise Http404
    return get_object_or_404(
        Membership.objects.select_related("user", "tenant"),
        tenant_id=member.tenant_id,
        pk=member_id,
    )


def day_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, ...]:
    """Aware datetimes from the start of ``start`` to the start of the day after ``end``."""
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=tz),
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz),
    )


def in_period(start: datetime.date | None, end: datetime.date | None) -> Q:
    """Rewards whose date falls in the period: the payment date once paid, else the due date."""
    paid = Q(state=State.PAID)
    unpaid = ~Q(state=State.PAID)
    if start is not None:
        since = day_bounds(start, start)[0]
        paid &= Q(paid_at__gte=since)
        unpaid &= Q(due_on__gte=start)
    if end is not None:
        until = day_bounds(end, end)[1]
        paid &= Q(paid_at__lt=until)
        unpaid &= Q(due_on__lte=end)
    return paid | unpaid


def ledger(
    *,
    tenant: Tenant,
    state: str = "",
    member: Membership | None = None,
    job: Job | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> QuerySet[Reward]:
    """The tenant's rewards, filtered, oldest due first (W2)."""
    rewards = Reward.objects.filter(tenant=tenant)
    if state:
        rewards = rewards.filter(state=state)
    if member is not None:
        rewards = rewards.filter(member=member)
    if job is not None:
        rewards = rewards.filter(referral__job=job)
    if start is not None or end is not None:
        rewards = rewards.filter(in_period(start, end))
    return rewards.select_related(
        "referral__job", "member__user", "charity", "sponsee__user"
    ).order_by("due_on", "id")


def ledger_totals(rewards: QuerySet[Reward]) -> list[StateTotals]:
    return _totals_by_state(rewards.order_by(), list(State.values))


def ledger_members(*, tenant: Tenant) -> QuerySet[Membership]:
    """Members who have a reward, for the ledger's filter."""
    return (
        Membership.objects.filter(tenant=tenant, rewards__isnull=False)
        .select_related("user")
        .distinct()
        .order_by("user__last_name", "user__first_name", "user__email")
    )


def ledger_jobs(*, tenant: Tenant) -> QuerySet[Job]:
    return Job.objects.filter(tenant=tenant, referrals__rewards__isnull=False).distinct()


def tenant_rewards(*, tenant: Tenant) -> QuerySet[Reward]:
    return Reward.objects.filter(tenant=tenant).order_by("due_on", "id")


def reward_for_referral(*, referral_id: int) -> Reward | None:
    """The referrer's reward for the hire (not a sponsor's bonus on the same referral)."""
    return (
        Reward.objects.filter(referral_id=referral_id, milestone=Milestone.HIRE)
        .select_related("member__user", "charity")
        .first()
    )


def payroll_rewards(
    *, tenant: Tenant, start: datetime.date, end: datetime.date, states: list[str]
) -> QuerySet[Reward]:
    """Cash rewards due or paid in the period, for payroll (W5)."""
    return (
        Reward.objects.filter(tenant=tenant, kind=Kind.CASH, state__in=states)
        .filter(in_period(start, end))
        .select_related("member__user", "charity", "referral__job")
        .order_by("member__user__last_name", "member__user__first_name", "due_on", "id")
    )


def rewards_paid_in(*, member: Membership, year: int) -> QuerySet[Reward]:
    """The member's rewards paid during ``year`` (local time), for the yearly statement."""
    start, end = day_bounds(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    return (
        Reward.objects.filter(member=member, state=State.PAID, paid_at__gte=start, paid_at__lt=end)
        .select_related("referral__job", "charity")
        .order_by("paid_at", "id")
    )


def sums_by_currency(rewards: list[Reward]) -> dict[str, dict[str, Decimal]]:
    """Per currency: amount, member part, charity part and top-up of cash rewards."""
    sums: dict[str, dict[str, Decimal]] = defaultdict(
        lambda: {"amount": ZERO, "member_part": ZERO, "charity_part": ZERO, "top_up": ZERO}
    )
    for reward in rewards:
        if not reward.is_cash:
            continue
        member_part, charity_part = reward.parts
        line = sums[reward.currency]
        line["amount"] += reward.amount
        line["member_part"] += member_part
        line["charity_part"] += charity_part
        line["top_up"] += reward.top_up
    return dict(sorted(sums.items()))


# Job-ad credits (W3, item 9) -----------------------------------------------------------


def credit_balance(member: Membership) -> int:
    account = CreditAccount.objects.filter(member=member).first()
    return account.balance if account is not None else 0


def approved_clients_of(member: Membership) -> list[ClientCompany]:
    """The companies the operator approved for this member: their next jobs skip approval."""
    ids = JobPostRequest.objects.filter(
        member=member, state=JobPostRequest.State.APPROVED, client__isnull=False
    ).values("client_id")
    return list(ClientCompany.objects.filter(pk__in=ids).order_by("name", "id"))


def job_posts_open_to(member: Membership) -> Tenant:
    """The member's network, where they may post a job with their credits; 404 in an
    internal-mode tenant, which has no client companies."""
    if member.tenant.mode != Tenant.Mode.NETWORK:
        raise Http404
    return member.tenant


def job_posts_operator_tenant(member: Membership) -> Tenant:
    """The network whose requests the member decides: its admins and recruiters who work
    for the operator, not for a client company; 404 for anyone else and in internal mode."""
    if member.tenant.mode != Tenant.Mode.NETWORK or not member.is_in_house_recruiter:
        raise Http404
    return member.tenant


def job_post_requests_of(*, tenant: Tenant) -> QuerySet[JobPostRequest]:
    """The network's requests, those waiting first."""
    return (
        JobPostRequest.objects.filter(tenant=tenant)
        .select_related("member__user", "client", "job", "decided_by")
        .order_by(
            # pending first, then the newest
            _pending_first(),
            "-created_at",
            "-id",
        )
    )


def my_job_post_requests(*, member: Membership) -> QuerySet[JobPostRequest]:
    return JobPostRequest.objects.filter(member=member).order_by("-created_at", "-id")


def access_job_post_request(member: Membership, request_id: int) -> JobPostRequest:
    """A request of the operator's network, for its staff; 404 otherwise."""
    tenant = job_posts_operator_tenant(member)
    return get_object_or_404(
        JobPostRequest.objects.select_related("member__user"), tenant=tenant, pk=request_id
    )


def _pending_first() -> Case:
    return Case(When(state=JobPostRequest.State.PENDING, then=Value(0)), default=Value(1))
