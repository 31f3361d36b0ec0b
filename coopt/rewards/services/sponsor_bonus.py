"""The sponsor bonus (W4): in a network, the first hire from a sponsee's recommendations
earns their sponsor a bonus (``PayoutSettings.sponsor_bonus``, 250 EUR by default).

It is a line of the same ledger (``Milestone.SPONSOR_BONUS``), on the hire's referral, and
follows the hire's reward: the same probation, cancelled when the hire is undone or the
person leaves during the probation period. One bonus stands per sponsee, a database rule,
so two hires of one sponsee's candidates at the same moment earn it once; a cancelled bonus
frees the place, and the sponsee's next hire earns it.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopt.accounts.models import User
from coopt.notifications.messages import Deferred
from coopt.tenants.models import Tenant

from ..models import ZERO, Event, Kind, Milestone, Reward, State
from ..selectors import payout_settings_for
from .ledger import _make_due, _tell_member, _what, record_transition


def sponsor_bonus_for_hire(*, hire_reward: Reward, author: User | None = None) -> Reward | None:
    """The sponsor's bonus for the hire behind ``hire_reward``, pending like it; None when
    the tenant is not a network, the referrer has no sponsor, the bonus is off, or the
    sponsee's bonus is already earned by another hire."""
    referral = hire_reward.referral
    sponsee = hire_reward.member
    tenant = sponsee.tenant
    if tenant.mode != Tenant.Mode.NETWORK or sponsee.sponsor_id is None:
        return None
    settings = payout_settings_for(tenant=tenant)
    if settings.sponsor_bonus <= ZERO:
        return None
    existing = (
        Reward.objects.select_for_update(of=("self",))
        .select_related("member__user", "member__tenant", "sponsee__user")
        .filter(referral=referral, milestone=Milestone.SPONSOR_BONUS)
        .first()
    )
    if existing is not None:
        if existing.state == State.CANCELLED and existing.departure_on is None:
            return _reopen(existing, hire_reward=hire_reward, author=author)
        return existing
    bonus = Reward(
        tenant_id=tenant.pk,
        referral=referral,
        member_id=sponsee.sponsor_id,
        milestone=Milestone.SPONSOR_BONUS,
        sponsee=sponsee,
        kind=Kind.CASH,
        amount=settings.sponsor_bonus,
        currency=settings.sponsor_bonus_currency,
        hired_on=hire_reward.hired_on,
        probation_months=hire_reward.probation_months,
        due_on=hire_reward.due_on,
    )
    try:
        with transaction.atomic():
            bonus.save()
    except IntegrityError:
        return None  # this sponsee's bonus stands already, earned by another hire
    bonus.state = ""  # the first step starts from nothing
    record_transition(bonus, to_state=State.PENDING, event=Event.HIRED, author=author)
    bonus.save(update_fields=["state"])
    _tell_member(
        bonus,
        Deferred(
            _(
                "%(name)s, whom you sponsored, made their first recommendation that led to a "
                "hire: you earn a sponsor bonus of %(amount)s, due after the probation period."
            ),
            name=bonus.sponsee_first_name,
            amount=_what(bonus),
        ),
    )
    _make_due_with_hire(bonus, hire_reward)
    return bonus


def _reopen(bonus: Reward, *, hire_reward: Reward, author: User | None) -> Reward | None:
    """The hire was withdrawn by mistake and made again: the bonus comes back with it,
    unless another hire of the sponsee earned it meanwhile."""
    bonus.hired_on = hire_reward.hired_on
    bonus.probation_months = hire_reward.probation_months
    bonus.due_on = hire_reward.due_on
    bonus.cancelled_at = None
    bonus.became_due_at = None
    bonus.state = State.PENDING
    try:
        with transaction.atomic():
            bonus.save()
    except IntegrityError:
        return None
    bonus.state = State.CANCELLED
    record_transition(bonus, to_state=State.PENDING, event=Event.HIRED_AGAIN, author=author)
    _make_due_with_hire(bonus, hire_reward)
    return bonus


def _make_due_with_hire(bonus: Reward, hire_reward: Reward) -> None:
    if hire_reward.state == State.DUE and bonus.due_on <= timezone.localdate():
        _make_due(bonus)


def sponsor_bonus_cancel_with_hire(*, hire_reward: Reward, author: User | None = None) -> None:
    """The hire's reward was cancelled: the bonus it earned is cancelled for the same reason."""
    bonus = (
        Reward.objects.select_for_update(of=("self",))
        .select_related("member__user", "member__tenant", "sponsee__user")
        .filter(
            referral_id=hire_reward.referral_id,
            milestone=Milestone.SPONSOR_BONUS,
            state__in=[State.PENDING, State.DUE],
        )
        .first()
    )
    if bonus is None:
        return
    bonus.choice = ""
    bonus.chosen_at = None
    bonus.charity = None
    bonus.member_part = bonus.charity_part = bonus.top_up = ZERO
    bonus.credits = 0
    bonus.cancelled_at = timezone.now()
    bonus.departure_on = hire_reward.departure_on
    bonus.departure_reason = hire_reward.departure_reason
    left = hire_reward.departure_on is not None
    record_transition(
        bonus,
        to_state=State.CANCELLED,
        event=Event.DEPARTURE if left else Event.HIRE_UNDONE,
        author=author,
    )
    bonus.save()
    _tell_member(
        bonus,
        Deferred(
            _("The sponsor bonus for the hire from %(name)s's recommendation is cancelled.")
            if not left
            else _(
                "The sponsor bonus for the hire from %(name)s's recommendation is cancelled: "
                "the person left during the probation period."
            ),
            name=bonus.sponsee_first_name,
        ),
    )
