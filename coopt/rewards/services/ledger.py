"""The reward ledger (W2): created on hire, due after probation, paid or cancelled.

Each reward exists once per referral and milestone (a database rule), and every
change of state is written to ``RewardTransition`` with who, when and why.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from coopt.accounts.models import User
from coopt.gamification.levels import level_key_at_referral, level_key_of
from coopt.gamification.services import points_for_reward
from coopt.lib.dates import add_months
from coopt.notifications.messages import Deferred
from coopt.notifications.services import notification_create_translated
from coopt.referrals.models import Referral, Status, StatusChange

from ..models import (
    ZERO,
    Charity,
    Choice,
    Event,
    Kind,
    Milestone,
    Reward,
    RewardRule,
    RewardTransition,
    State,
)
from ..money import format_money
from ..selectors import reward_rule_for

BATCH_SIZE = 200
# Pipeline statuses that mean "not hired (any more)": a reward still running is withdrawn.
UNHIRED_STATUSES = {Status.RECOMMENDED, Status.CONTACTED, Status.MET, Status.NOT_RETAINED}


class RewardError(Exception):
    """A change the ledger refuses; ``message`` is translated for the person who asked."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


def record_transition(
    reward: Reward,
    *,
    to_state: str,
    event: str,
    author: User | None = None,
    reason: str = "",
    choice: str = "",
) -> RewardTransition:
    """Move ``reward`` to ``to_state`` in memory and write the step; the caller saves it."""
    previous = reward.state
    reward.state = to_state
    return RewardTransition.objects.create(
        reward=reward,
        event=event,
        from_state=previous,
        to_state=to_state,
        author=author,
        reason=reason[:300],
        choice=choice,
    )


def _mine_url() -> str:
    return reverse("rewards:mine")


def _what(reward: Reward) -> Any:
    """The reward, described in the reader's language when the message is read."""
    if reward.kind == Kind.CASH:
        return lambda: format_money(reward.amount, reward.currency)
    if reward.kind == Kind.POINTS:
        return lambda: str(_("%(points)s points") % {"points": reward.points})
    return reward.gift


def _tell_member(reward: Reward, message: Any) -> None:
    member = reward.member
    if member.is_active:
        notification_create_translated(
            recipient=member, message=message, url=_mine_url(), subject_ref=f"reward:{reward.pk}"
        )


def _hire_author(referral: Referral) -> User | None:
    change = (
        StatusChange.objects.filter(referral=referral, to_status=Status.HIRED)
        .select_related("author")
        .order_by("-created_at", "-id")
        .first()
    )
    return change.author if change is not None else None


def _terms(referral: Referral, rule: RewardRule) -> dict[str, Any]:
    """What the rule grants this referrer for this hire, fixed at the time of the hire; a
    bounty by level pays the level the referrer had when they made the referral."""
    hired_on = timezone.localdate(referral.closed_at) if referral.closed_at else None
    hired_on = hired_on or timezone.localdate()
    level = ""
    amount = ZERO
    if rule.kind == Kind.CASH and referral.referrer is not None:
        # The level when the referral was made counts, not the level at the hire.
        level = level_key_at_referral(referral_id=referral.pk) or level_key_of(
            member=referral.referrer
        )
        amount = rule.amount_for_level(level)
    return {
        "rule": rule,
        "kind": rule.kind,
        "amount": amount,
        "currency": rule.currency,
        "points": rule.points if rule.kind == Kind.POINTS else 0,
        "gift": rule.gift if rule.kind == Kind.GIFT else "",
        "level": level,
        "hired_on": hired_on,
        "probation_months": rule.probation_months,
        "due_on": add_months(hired_on, rule.probation_months),
    }


def rewards_for_referral_event(*, referral: Referral, event: str) -> None:
    """Keep the ledger in step with the pipeline (called inside the referral's transaction).

    Hired: the referrer's reward is created, pending. Moved back out of "hired"
    before it is paid: the reward is withdrawn (and comes back if hired again).
    """
    if event == Status.HIRED:
        reward_create_for_hire(referral=referral, author=_hire_author(referral))
    elif event in UNHIRED_STATUSES:
        _withdraw(referral=referral)


@transaction.atomic
def reward_create_for_hire(*, referral: Referral, author: User | None = None) -> Reward | None:
    """The referrer's reward for this hire, pending until the probation period ends, and in
    a network the sponsor's bonus for their sponsee's first hire (``sponsor_bonus``).

    Idempotent: the database keeps one reward per referral and milestone, so a
    second call (a double click, a retried task, another recruiter at the same
    moment) finds the first one. None when nobody referred the person or the
    tenant has no reward rule.
    """
    from .sponsor_bonus import sponsor_bonus_for_hire

    reward = _hire_reward(referral=referral, author=author)
    if reward is not None and reward.state in (State.PENDING, State.DUE):
        sponsor_bonus_for_hire(hire_reward=reward, author=author)
    return reward


def _hire_reward(*, referral: Referral, author: User | None) -> Reward | None:
    if referral.referrer_id is None:
        return None
    rule = reward_rule_for(referral.job)
    if rule is None:
        return None
    terms = _terms(referral, rule)
    try:
        with transaction.atomic():
            reward = Reward(
                tenant_id=referral.tenant_id,
                referral=referral,
                member_id=referral.referrer_id,
                milestone=Milestone.HIRE,
                **terms,
            )
            reward.save()
    except IntegrityError:
        existing = (
            Reward.objects.select_for_update()
            .select_related("member__user", "member__tenant")
            .get(referral=referral, milestone=Milestone.HIRE)
        )
        if existing.state == State.CANCELLED and existing.departure_on is None:
            return _reopen(existing, terms=terms, author=author)
        return existing
    reward.state = ""  # the first step starts from nothing
    record_transition(reward, to_state=State.PENDING, event=Event.HIRED, author=author)
    if referral.own_employer:
        _give_to_charity_by_rule(reward)
    if reward.due_on <= timezone.localdate():
        _make_due(reward)
    return reward


def _give_to_charity_by_rule(reward: Reward) -> None:
    """R2/R6, the ethics charter: a hire from the referrer's own employer earns them nothing;
    a cash reward goes whole to a partner charity (the tenant's first active one; none
    listed: the operator names it at payout), and the referrer is told why."""
    reward.own_employer = True
    fields = ["own_employer"]
    if reward.kind == Kind.CASH:
        charity = (
            Charity.objects.filter(tenant_id=reward.tenant_id, is_active=True)
            .order_by("name", "pk")
            .first()
        )
        reward.choice = Choice.CHARITY
        reward.chosen_at = timezone.now()
        reward.charity = charity
        reward.member_part = ZERO
        reward.charity_part = reward.amount
        reward.top_up = ZERO
        reward.credits = 0
        fields += ["choice", "chosen_at", "charity", "member_part", "charity_part", "top_up"]
        fields.append("credits")
        record_transition(
            reward,
            to_state=reward.state,
            event=Event.CHOSEN,
            reason=charity.name if charity is not None else "",
            choice=Choice.CHARITY,
        )
    reward.save(update_fields=fields)
    _tell_member(
        reward,
        Deferred(
            _(
                "The person you recommended for “%(job)s” was hired. They work at your own "
                "company, so under the ethics charter the reward goes to a partner charity, "
                "not to you."
            ),
            job=reward.referral.job.title,
        ),
    )


def _reopen(reward: Reward, *, terms: dict[str, Any], author: User | None) -> Reward:
    """A hire withdrawn by mistake and made again: the same reward, on the new terms."""
    for name, value in terms.items():
        setattr(reward, name, value)
    reward.cancelled_at = None
    reward.became_due_at = None
    record_transition(reward, to_state=State.PENDING, event=Event.HIRED_AGAIN, author=author)
    reward.save()
    if reward.referral.own_employer:
        _give_to_charity_by_rule(reward)
    if reward.due_on <= timezone.localdate():
        _make_due(reward)
    return reward


def _withdraw(*, referral: Referral) -> None:
    reward = (
        Reward.objects.select_for_update()
        .select_related("member__user", "member__tenant", "referral__job")
        .filter(referral=referral, milestone=Milestone.HIRE, state__in=[State.PENDING, State.DUE])
        .first()
    )
    if reward is None:
        return
    last = StatusChange.objects.filter(referral=referral).order_by("-created_at", "-id").first()
    _clear_choice(reward)
    reward.cancelled_at = timezone.now()
    record_transition(
        reward,
        to_state=State.CANCELLED,
        event=Event.HIRE_UNDONE,
        author=last.author if last is not None else None,
    )
    reward.save()
    _points_credit(reward, credited=False)
    _cancel_sponsor_bonus(reward, author=last.author if last is not None else None)


def _cancel_sponsor_bonus(reward: Reward, *, author: User | None) -> None:
    from .sponsor_bonus import sponsor_bonus_cancel_with_hire

    sponsor_bonus_cancel_with_hire(hire_reward=reward, author=author)


def _points_credit(reward: Reward, *, credited: bool) -> None:
    """A points-kind reward counts on the member's score while it is due or paid: credited
    when it becomes due, taken back if it is cancelled. Idempotent (``points_for_reward``
    credits the difference), so a retried run or a repeated status change credits once."""
    if reward.kind != Kind.POINTS:
        return
    points_for_reward(
        member=reward.member,
        reward_id=reward.pk,
        points=reward.points if credited else 0,
        referral=reward.referral,
    )


def _clear_choice(reward: Reward) -> None:
    reward.choice = ""
    reward.chosen_at = None
    reward.charity = None
    reward.member_part = reward.charity_part = reward.top_up = ZERO
    reward.credits = 0


def _make_due(reward: Reward) -> None:
    reward.became_due_at = timezone.now()
    record_transition(reward, to_state=State.DUE, event=Event.PROBATION_OVER)
    reward.save(update_fields=["state", "became_due_at"])
    _points_credit(reward, credited=True)
    job = reward.referral.job.title
    if reward.own_employer:
        return  # the member was told at the hire: it goes to a charity
    if reward.is_sponsor_bonus:
        message = Deferred(
            _(
                "Your sponsor bonus for the hire from %(name)s's recommendation is due: "
                "%(amount)s. Choose how to receive it."
            ),
            name=reward.sponsee_first_name,
            amount=_what(reward),
        )
    elif reward.kind == Kind.CASH:
        message = Deferred(
            _(
                "Your reward for the hire on “%(job)s” is due: %(amount)s. "
                "Choose how to receive it."
            ),
            job=job,
            amount=_what(reward),
        )
    else:
        message = Deferred(
            _("Your reward for the hire on “%(job)s” is due: %(reward)s."),
            job=job,
            reward=_what(reward),
        )
    _tell_member(reward, message)


def rewards_make_due(*, today: datetime.date | None = None) -> int:
    """Make due every pending reward whose probation period is over (daily task).

    Each reward in its own short transaction, re-checked under a lock, so a
    retried or doubled run changes nothing twice.
    """
    today = today or timezone.localdate()
    made = 0
    ids = list(
        Reward.objects.filter(state=State.PENDING, due_on__lte=today)
        .order_by("due_on", "id")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(ids), BATCH_SIZE):
        for pk in ids[start : start + BATCH_SIZE]:
            with transaction.atomic():
                reward = (
                    Reward.objects.select_for_update(of=("self",))
                    .select_related(
                        "referral__job", "member__user", "member__tenant", "sponsee__user"
                    )
                    .get(pk=pk)
                )
                if reward.state != State.PENDING or reward.due_on > today:
                    continue
                _make_due(reward)
                made += 1
    return made


def _locked(reward: Reward) -> Reward:
    return (
        Reward.objects.select_for_update(of=("self",))
        .select_related(
            "referral__job", "member__user", "member__tenant", "charity", "sponsee__user"
        )
        .get(pk=reward.pk)
    )


@transaction.atomic
def reward_mark_paid(*, reward: Reward, author: User, reason: str = "") -> Reward:
    """An admin records the payment of a due reward. A reward nobody chose for is kept whole."""
    reward = _locked(reward)
    if reward.state == State.PAID:
        raise RewardError(_("This reward is already paid."))
    if reward.state != State.DUE:
        raise RewardError(_("Only a due reward can be paid."))
    if reward.kind == Kind.CASH and not reward.choice:
        reward.choice = Choice.KEEP
        reward.member_part = reward.amount
    reward.paid_at = timezone.now()
    record_transition(
        reward, to_state=State.PAID, event=Event.PAID, author=author, reason=reason.strip()
    )
    reward.save()
    if reward.choice == Choice.CREDITS:
        from .credits import credits_earn_for_reward

        credits_earn_for_reward(reward=reward, author=author)
    if reward.is_sponsor_bonus:
        message = Deferred(
            _(
                "Your sponsor bonus for the hire from %(name)s's recommendation was paid: "
                "%(reward)s."
            ),
            name=reward.sponsee_first_name,
            reward=_what(reward),
        )
    else:
        message = Deferred(
            _("Your reward for the hire on “%(job)s” was paid: %(reward)s."),
            job=reward.referral.job.title,
            reward=_what(reward),
        )
    _tell_member(reward, message)
    return reward


def rewards_mark_paid(*, rewards: Iterable[Reward], author: User) -> tuple[int, int]:
    """Pay many at once; returns (paid, skipped). Each payment is its own transaction."""
    paid = skipped = 0
    for reward in rewards:
        try:
            reward_mark_paid(reward=reward, author=author)
        except RewardError:
            skipped += 1
        else:
            paid += 1
    return paid, skipped


@transaction.atomic
def reward_record_departure(
    *, reward: Reward, author: User, left_on: datetime.date, reason: str
) -> Reward:
    """The hire left during the probation period: the reward is cancelled (W2)."""
    reward = _locked(reward)
    reason = reason.strip()
    if reward.state == State.PAID:
        raise RewardError(_("This reward is already paid: a departure no longer cancels it."))
    if reward.state == State.CANCELLED:
        raise RewardError(_("This reward is already cancelled."))
    if reward.is_sponsor_bonus:
        raise RewardError(
            _("Record the departure on the hire's own reward: the sponsor bonus follows it.")
        )
    if not reason:
        raise RewardError(_("Say why the person left."))
    if left_on > timezone.localdate():
        raise RewardError(_("The departure date cannot be in the future."))
    if left_on < reward.hired_on:
        raise RewardError(
            _("The departure date is before the hire (%(date)s).")
            % {"date": date_format(reward.hired_on, "SHORT_DATE_FORMAT")}
        )
    if left_on >= reward.due_on:
        raise RewardError(
            _("The probation period ended on %(date)s, before this departure: the reward stands.")
            % {"date": date_format(reward.due_on, "SHORT_DATE_FORMAT")}
        )
    _clear_choice(reward)
    reward.cancelled_at = timezone.now()
    reward.departure_on = left_on
    reward.departure_reason = reason[:300]
    record_transition(
        reward, to_state=State.CANCELLED, event=Event.DEPARTURE, author=author, reason=reason
    )
    reward.save()
    _points_credit(reward, credited=False)
    _cancel_sponsor_bonus(reward, author=author)
    _tell_member(
        reward,
        Deferred(
            _(
                "The reward for the hire on “%(job)s” is cancelled: "
                "the person left during the probation period."
            ),
            job=reward.referral.job.title,
        ),
    )
    return reward
