"""Payout choices (W3): keep, give, split 50/50, credits; exact decimal arithmetic."""

from decimal import Decimal

import pytest

from coopt.rewards.models import Choice
from coopt.rewards.services import (
    RewardError,
    available_choices,
    payout_split,
    reward_choose_payout,
    reward_mark_paid,
)

from .helpers import add_charity, due_reward, pending_reward, set_payout

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.mark.parametrize(
    ("amount", "member", "charity"),
    [
        ("750.00", "375.00", "375.00"),
        ("750.01", "375.01", "375.00"),  # the odd cent goes to the member
        ("0.01", "0.01", "0.00"),
        ("999.99", "500.00", "499.99"),
        ("1000", "500.00", "500.00"),
    ],
)
def test_a_50_50_split_rounds_to_the_cent_and_adds_up(amount, member, charity):
    payout = payout_split(amount=D(amount), choice=Choice.SPLIT)
    assert (payout.member_part, payout.charity_part) == (D(member), D(charity))
    assert payout.member_part + payout.charity_part == D(amount).quantize(D("0.01"))
    assert payout.top_up == D("0")


def test_a_whole_gift_carries_the_top_up():
    payout = payout_split(amount=D("750.00"), choice=Choice.CHARITY, top_up=D("250"))
    assert (payout.member_part, payout.charity_part, payout.top_up) == (
        D("0.00"),
        D("750.00"),
        D("250.00"),
    )
    assert payout.charity_part + payout.top_up == D("1000.00")


def test_keeping_and_credits():
    assert payout_split(amount=D("500"), choice=Choice.KEEP).member_part == D("500.00")
    credits = payout_split(amount=D("500"), choice=Choice.CREDITS, credits=3)
    assert (credits.member_part, credits.charity_part, credits.credits) == (D("0"), D("0"), 3)


def test_floats_are_refused():
    # Floats on purpose, against the signature: the split refuses them at run time.
    with pytest.raises(TypeError):
        payout_split(
            amount=750.0,  # type: ignore[arg-type]  # a float, refused at run time
            choice=Choice.SPLIT,
        )
    with pytest.raises(TypeError):
        payout_split(
            amount=D("750"),
            choice=Choice.CHARITY,
            top_up=250.0,  # type: ignore[arg-type]  # a float, refused at run time
        )


def test_the_member_gives_to_a_charity_with_the_tenant_top_up(world):
    charity = add_charity(world.acme)
    set_payout(world.acme, charity_top_up=D("250.00"), top_up_currency="EUR")
    reward = due_reward(world, amount="750.00")
    chosen = reward_choose_payout(
        reward=reward, member=world.member, choice=Choice.CHARITY, charity=charity
    )
    assert (chosen.choice, chosen.charity, chosen.member_part, chosen.charity_part) == (
        "charity",
        charity,
        D("0.00"),
        D("750.00"),
    )
    assert chosen.top_up == D("250.00")
    assert chosen.chosen_at is not None
    step = chosen.transitions.last()
    assert step is not None
    assert (step.event, step.choice, step.reason, step.author) == (
        "chosen",
        "charity",
        "Red Cross",
        world.member.user,
    )


def test_the_top_up_applies_only_to_its_currency(world):
    charity = add_charity(world.acme)
    set_payout(world.acme, charity_top_up=D("250.00"), top_up_currency="EUR")
    reward = due_reward(world, amount="800.00", currency="CHF")
    chosen = reward_choose_payout(
        reward=reward, member=world.member, choice=Choice.CHARITY, charity=charity
    )
    assert chosen.top_up == D("0.00")


def test_a_split_records_both_parts_and_no_top_up(world):
    charity = add_charity(world.acme)
    set_payout(world.acme, charity_top_up=D("250.00"))
    reward = due_reward(world, amount="750.01")
    chosen = reward_choose_payout(
        reward=reward, member=world.member, choice=Choice.SPLIT, charity=charity
    )
    assert (chosen.member_part, chosen.charity_part, chosen.top_up) == (
        D("375.01"),
        D("375.00"),
        D("0.00"),
    )


def test_the_member_may_change_their_mind_until_paid(world):
    charity = add_charity(world.acme)
    reward = due_reward(world)
    reward_choose_payout(reward=reward, member=world.member, choice=Choice.SPLIT, charity=charity)
    chosen = reward_choose_payout(reward=reward, member=world.member, choice=Choice.KEEP)
    assert (chosen.choice, chosen.charity, chosen.member_part, chosen.charity_part) == (
        "keep",
        None,
        D("750.00"),
        D("0.00"),
    )
    paid = reward_mark_paid(reward=reward, author=world.admin.user)
    assert paid.choice == "keep"
    with pytest.raises(RewardError, match="already paid"):
        reward_choose_payout(reward=reward, member=world.member, choice=Choice.KEEP)


def test_credits_only_where_the_tenant_enables_them(world):
    reward = due_reward(world)
    assert Choice.CREDITS not in available_choices(member=world.member)
    with pytest.raises(RewardError):
        reward_choose_payout(reward=reward, member=world.member, choice=Choice.CREDITS)
    set_payout(world.acme, credits_enabled=True, credits_per_reward=3)
    chosen = reward_choose_payout(reward=reward, member=world.member, choice=Choice.CREDITS)
    assert (chosen.credits, chosen.member_part, chosen.charity_part) == (3, D("0"), D("0"))


def test_charity_options_need_a_listed_active_charity_of_the_tenant(world):
    reward = due_reward(world)
    assert available_choices(member=world.member) == ["keep"]
    with pytest.raises(RewardError):
        reward_choose_payout(reward=reward, member=world.member, choice=Choice.CHARITY)
    add_charity(world.acme, "Food bank")
    foreign = add_charity(world.globex, "Globex fund")
    retired = add_charity(world.acme, "Old charity", is_active=False)
    for charity in (None, foreign, retired):
        with pytest.raises(RewardError, match="charity"):
            reward_choose_payout(
                reward=reward, member=world.member, choice=Choice.SPLIT, charity=charity
            )
    reward.refresh_from_db()
    assert reward.choice == ""


def test_nobody_chooses_for_a_pending_reward_or_for_someone_else(world):
    pending = pending_reward(world)
    with pytest.raises(RewardError, match="once the reward is due"):
        reward_choose_payout(reward=pending, member=world.member, choice=Choice.KEEP)
    due = due_reward(world)
    with pytest.raises(RewardError, match="not yours"):
        reward_choose_payout(reward=due, member=world.expert, choice=Choice.KEEP)
