"""The member's payout choice for a due cash reward (W3), in exact decimal arithmetic."""

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopt.accounts.models import Membership

from ..models import ZERO, Charity, Choice, Event, Reward, State
from ..money import CENT
from ..selectors import payout_settings_for
from .ledger import RewardError, record_transition


@dataclass(frozen=True)
class Payout:
    member_part: Decimal
    charity_part: Decimal
    top_up: Decimal = ZERO
    credits: int = 0


def payout_split(
    *, amount: Decimal, choice: str, top_up: Decimal = ZERO, credits: int = 0
) -> Payout:
    """How ``amount`` is shared under ``choice``.

    Split 50/50: the charity gets the half rounded down to the cent, the member
    the rest, so an odd cent goes to the member and the parts always add up.
    The top-up is the company's own gift, added only to a whole donation.
    """
    if not isinstance(amount, Decimal) or not isinstance(top_up, Decimal):
        raise TypeError("Amounts are Decimal, never float.")
    amount = amount.quantize(CENT)
    if choice == Choice.KEEP:
        return Payout(member_part=amount, charity_part=ZERO)
    if choice == Choice.CHARITY:
        return Payout(member_part=ZERO, charity_part=amount, top_up=top_up.quantize(CENT))
    if choice == Choice.SPLIT:
        charity_part = (amount / 2).quantize(CENT, rounding=ROUND_DOWN)
        return Payout(member_part=amount - charity_part, charity_part=charity_part)
    if choice == Choice.CREDITS:
        return Payout(member_part=ZERO, charity_part=ZERO, credits=credits)
    raise ValueError(f"Unknown payout choice {choice!r}")


def available_choices(*, member: Membership) -> list[str]:
    """What this tenant offers: charities only when it lists some, credits when enabled."""
    choices = [Choice.KEEP.value]
    if Charity.objects.filter(tenant_id=member.tenant_id, is_active=True).exists():
        choices += [Choice.CHARITY.value, Choice.SPLIT.value]
    if payout_settings_for(tenant=member.tenant).credits_enabled:
        choices.append(Choice.CREDITS.value)
    return choices


@transaction.atomic
def reward_choose_payout(
    *, reward: Reward, member: Membership, choice: str, charity: Charity | None = None
) -> Reward:
    """Record how the member takes their due reward; they may change it until it is paid."""
    reward = Reward.objects.select_for_update().get(pk=reward.pk)
    if reward.member_id != member.pk:
        raise RewardError(_("This reward is not yours."))
    if reward.own_employer:
        raise RewardError(
            _("This hire worked at your own company: the reward goes to a partner charity.")
        )
    if not reward.can_choose:
        if reward.state == State.PAID:
            raise RewardError(_("This reward is already paid: the choice can no longer change."))
        raise RewardError(_("You can choose once the reward is due."))
    if choice not in available_choices(member=member):
        raise RewardError(_("Choose one of the options offered."))
    settings = payout_settings_for(tenant=member.tenant)
    if choice in (Choice.CHARITY, Choice.SPLIT):
        if charity is None or charity.tenant_id != member.tenant_id or not charity.is_active:
            raise RewardError(_("Choose a charity from the list."))
    else:
        charity = None
    payout = payout_split(
        amount=reward.amount,
        choice=choice,
        top_up=settings.top_up_for(reward.currency),
        credits=settings.credits_per_reward,
    )
    reward.choice = choice
    reward.chosen_at = timezone.now()
    reward.charity = charity
    reward.member_part = payout.member_part
    reward.charity_part = payout.charity_part
    reward.top_up = payout.top_up
    reward.credits = payout.credits
    record_transition(
        reward,
        to_state=State.DUE,
        event=Event.CHOSEN,
        author=member.user,
        reason=charity.name if charity is not None else "",
        choice=choice,
    )
    reward.save()
    return reward
