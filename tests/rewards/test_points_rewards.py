"""A points-kind reward (W1) counts on the member's score (G1): credited once when it is
due, taken back if it is cancelled, credited again if the hire is made again."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db.models import Sum

from coopt.accounts.models import Membership
from coopt.gamification.models import Action, MemberScore, PointEvent
from coopt.referrals.services import referral_set_status
from coopt.rewards.models import Reward
from coopt.rewards.services import (
    reward_create_for_hire,
    reward_record_departure,
    rewards_for_referral_event,
    rewards_make_due,
)

from .helpers import hire, reward_of, set_rule

pytestmark = pytest.mark.django_db

PARIS = dt.timezone(dt.timedelta(hours=2))


def points_rule(world, *, months: int = 0) -> None:
    set_rule(world.acme, kind="points", points=500, amount=Decimal("0"), probation_months=months)


def reward_points(member: Membership) -> list[int]:
    events = PointEvent.objects.filter(member=member, action=Action.REWARD)
    return list(events.order_by("created_at", "id").values_list("points", flat=True))


def assert_score_matches_the_events(member: Membership) -> None:
    total = PointEvent.objects.filter(member=member).aggregate(total=Sum("points"))["total"]
    assert MemberScore.objects.get(member=member).points == total


def test_a_points_reward_due_at_once_is_credited_once(world):
    points_rule(world)
    referral = hire(world.member, world.job, recruiter=world.recruiter)
    reward = reward_of(referral)
    assert (reward.kind, reward.state, reward.points) == ("points", "due", 500)
    assert reward_points(world.member) == [500]
    event = PointEvent.objects.get(member=world.member, action=Action.REWARD)
    assert event.referral == referral
    assert_score_matches_the_events(world.member)

    # Retries and repeated status changes credit nothing more.
    rewards_for_referral_event(referral=referral, event="hired")
    reward_create_for_hire(referral=referral)
    assert rewards_make_due() == 0
    referral_set_status(referral=referral, status="hired", author=world.recruiter.user)
    assert reward_points(world.member) == [500]
    assert_score_matches_the_events(world.member)


def test_a_pending_points_reward_is_credited_when_probation_ends(world):
    with time_machine.travel(dt.datetime(2026, 1, 10, 9, 0, tzinfo=PARIS), tick=False):
        points_rule(world, months=3)
        reward = reward_of(hire(world.member, world.job, recruiter=world.recruiter))
        assert reward.state == "pending"
        assert reward_points(world.member) == []
    with time_machine.travel(dt.datetime(2026, 4, 10, 9, 0, tzinfo=PARIS), tick=False):
        assert rewards_make_due() == 1
        assert rewards_make_due() == 0  # a retried run
    assert reward_points(world.member) == [500]
    assert_score_matches_the_events(world.member)


def test_a_hire_withdrawn_takes_the_points_back_and_a_new_hire_credits_them_again(world):
    points_rule(world)
    referral = hire(world.member, world.job, recruiter=world.recruiter)
    score = MemberScore.objects.get(member=world.member).points
    referral_set_status(referral=referral, status="not_retained", author=world.recruiter.user)
    assert reward_of(referral).state == "cancelled"
    assert reward_points(world.member) == [500, -500]
    assert MemberScore.objects.get(member=world.member).points == score - 500
    referral_set_status(referral=referral, status="not_retained", author=world.recruiter.user)
    assert reward_points(world.member) == [500, -500]  # cancelled once only

    referral_set_status(referral=referral, status="hired", author=world.admin.user)
    assert reward_of(referral).state == "due"
    assert reward_points(world.member) == [500, -500, 500]
    assert Reward.objects.filter(referral=referral).count() == 1
    assert_score_matches_the_events(world.member)


def test_a_departure_cancels_a_due_points_reward_and_its_points(world):
    with time_machine.travel(dt.datetime(2026, 1, 10, 9, 0, tzinfo=PARIS)):
        points_rule(world, months=3)
        reward = reward_of(hire(world.member, world.job, recruiter=world.recruiter))
    with time_machine.travel(dt.datetime(2026, 4, 15, 9, 0, tzinfo=PARIS)):
        rewards_make_due()
        assert reward_points(world.member) == [500]
        reward_record_departure(
            reward=reward_of(reward.referral),
            author=world.recruiter.user,
            left_on=dt.date(2026, 3, 1),
            reason="Resigned",
        )
    assert reward_points(world.member) == [500, -500]
    assert_score_matches_the_events(world.member)


def test_cash_and_gift_rewards_credit_no_points(world):
    set_rule(world.acme)
    hire(world.member, world.job, recruiter=world.recruiter)
    assert reward_points(world.member) == []


def test_the_member_sees_the_credit_and_the_reversal_in_their_history(world):
    points_rule(world)
    referral = hire(world.member, world.job, recruiter=world.recruiter)
    referral_set_status(referral=referral, status="not_retained", author=world.recruiter.user)
    page = world.client_for(world.member).get("/points/history/").content.decode()
    assert "Reward for a hire" in page
    assert "+500" in page and "-500" in page
    table = world.client_for(world.member).get("/points/").content.decode()
    assert 'data-action="reward"' not in table  # not in the point table: the rule decides
