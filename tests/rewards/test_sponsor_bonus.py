"""The sponsor bonus (W4): in a network, the first hire from a sponsee's recommendations
earns their sponsor 250 EUR (a tenant setting), once, on the hire's probation."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse

from coopt.accounts.models import Membership
from coopt.notifications.models import Notification
from coopt.referrals.models import Referral
from coopt.referrals.services import referral_set_status
from coopt.rewards.models import Milestone, Reward
from coopt.rewards.selectors import reward_for_referral
from coopt.rewards.services import RewardError, reward_record_departure, rewards_make_due

from .. import factories as f
from ..conftest import World
from ..network.helpers import make_network
from .helpers import hire, set_payout, set_rule

pytestmark = pytest.mark.django_db


def _sponsee(world: World, first_name: str = "Grace") -> Membership:
    """A member of the network whom world.member sponsored."""
    sponsee = f.make_member(world.acme, email=f"{first_name.lower()}@navy.test")
    sponsee.sponsor = world.member
    sponsee.save(update_fields=["sponsor"])
    sponsee.user.first_name = first_name
    sponsee.user.last_name = "Hopperton"
    sponsee.user.save(update_fields=["first_name", "last_name"])
    return sponsee


def _bonuses(member: Membership | None = None) -> list[Reward]:
    found = Reward.objects.filter(milestone=Milestone.SPONSOR_BONUS)
    if member is not None:
        found = found.filter(member=member)
    return list(found.order_by("id"))


def _hire_reward(referral: Referral) -> Reward:
    return Reward.objects.get(referral=referral, milestone=Milestone.HIRE)


def _last_event(reward: Reward) -> str:
    last = reward.transitions.last()
    assert last is not None
    return last.event


def _bonus(referral: Referral) -> Reward:
    return Reward.objects.get(referral=referral, milestone=Milestone.SPONSOR_BONUS)


def test_the_first_hire_of_a_sponsees_referral_earns_the_sponsor_250_eur_on_the_same_probation(
    world,
):
    make_network(world)
    set_rule(world.acme, probation_months=3)
    sponsee = _sponsee(world)

    referral = hire(sponsee, world.job, recruiter=world.recruiter)

    bonus = _bonus(referral)
    hire_reward = _hire_reward(referral)
    assert bonus.member == world.member
    assert bonus.sponsee == sponsee
    assert (bonus.kind, bonus.amount, bonus.currency) == ("cash", Decimal("250.00"), "EUR")
    assert bonus.state == "pending"
    assert (bonus.hired_on, bonus.due_on) == (hire_reward.hired_on, hire_reward.due_on)
    assert hire_reward.member == sponsee  # the sponsee's own reward is untouched
    assert [t.event for t in bonus.transitions.all()] == ["hired"]
    told = Notification.objects.get(recipient=world.member, subject_ref=f"reward:{bonus.pk}")
    assert "Grace" in told.text
    assert "Hopperton" not in told.text


def test_the_bonus_is_paid_once_per_sponsee(world):
    make_network(world)
    set_rule(world.acme)
    sponsee = _sponsee(world)
    first = hire(sponsee, world.job, recruiter=world.recruiter)

    second = hire(sponsee, f.make_job(world.acme, title="Second job"), recruiter=world.recruiter)

    assert [b.referral_id for b in _bonuses()] == [first.pk]
    assert not Reward.objects.filter(referral=second, milestone=Milestone.SPONSOR_BONUS).exists()
    assert _hire_reward(second).state == "due"


def test_each_sponsee_earns_their_sponsor_one_bonus(world):
    make_network(world)
    set_rule(world.acme)
    grace, alan = _sponsee(world, "Grace"), _sponsee(world, "Alan")

    hire(grace, world.job, recruiter=world.recruiter)
    hire(alan, f.make_job(world.acme, title="Second job"), recruiter=world.recruiter)

    assert [b.sponsee for b in _bonuses(world.member)] == [grace, alan]


def test_the_database_refuses_a_second_standing_bonus_for_one_sponsee(world):
    make_network(world)
    set_rule(world.acme)
    sponsee = _sponsee(world)
    first = hire(sponsee, world.job, recruiter=world.recruiter)
    bonus = _bonus(first)
    other = f.refer(referrer=sponsee, job=f.make_job(world.acme, title="Other"))

    with pytest.raises(IntegrityError), transaction.atomic():
        Reward.objects.create(
            tenant=world.acme,
            referral=other,
            member=world.member,
            milestone=Milestone.SPONSOR_BONUS,
            sponsee=sponsee,
            hired_on=bonus.hired_on,
            due_on=bonus.due_on,
        )


def test_a_member_without_a_sponsor_earns_nobody_a_bonus(world):
    make_network(world)
    set_rule(world.acme)

    hire(world.member, world.job, recruiter=world.recruiter)

    assert _bonuses() == []


def test_an_internal_programme_never_pays_a_sponsor_bonus(world):
    set_rule(world.acme)
    sponsee = _sponsee(world)

    referral = hire(sponsee, world.job, recruiter=world.recruiter)

    assert _hire_reward(referral).state == "due"
    assert _bonuses() == []


def test_the_tenant_sets_the_amount_and_zero_turns_it_off(world):
    make_network(world)
    set_rule(world.acme)
    set_payout(world.acme, sponsor_bonus=Decimal("400.00"), sponsor_bonus_currency="CHF")
    grace, alan = _sponsee(world, "Grace"), _sponsee(world, "Alan")

    referral = hire(grace, world.job, recruiter=world.recruiter)
    assert (_bonus(referral).amount, _bonus(referral).currency) == (Decimal("400.00"), "CHF")

    set_payout(world.acme, sponsor_bonus=Decimal("0.00"))
    hire(alan, f.make_job(world.acme, title="Second job"), recruiter=world.recruiter)
    assert [b.sponsee for b in _bonuses()] == [grace]


def test_the_bonus_becomes_due_with_the_hires_reward(world):
    make_network(world)
    set_rule(world.acme, probation_months=3)
    sponsee = _sponsee(world)
    referral = hire(sponsee, world.job, recruiter=world.recruiter)
    due_on = _bonus(referral).due_on

    with time_machine.travel(dt.datetime.combine(due_on, dt.time(9)), tick=False):
        assert rewards_make_due() == 2

    bonus = _bonus(referral)
    assert bonus.state == "due"
    assert bonus.can_choose
    told = Notification.objects.filter(recipient=world.member, subject_ref=f"reward:{bonus.pk}")
    assert "is due" in told.latest("pk").text


def test_an_undone_hire_cancels_the_bonus_and_a_new_hire_of_it_restores_it(world):
    make_network(world)
    set_rule(world.acme, probation_months=3)
    sponsee = _sponsee(world)
    referral = hire(sponsee, world.job, recruiter=world.recruiter)

    referral = referral_set_status(
        referral=referral, status="not_retained", author=world.recruiter.user
    )
    bonus = _bonus(referral)
    assert bonus.state == "cancelled"
    assert _last_event(bonus) == "hire_undone"

    referral_set_status(referral=referral, status="hired", author=world.admin.user)
    bonus.refresh_from_db()
    assert bonus.state == "pending"
    assert _last_event(bonus) == "hired_again"
    assert len(_bonuses()) == 1


def test_a_departure_during_probation_cancels_the_bonus(world):
    make_network(world)
    set_rule(world.acme, probation_months=3)
    sponsee = _sponsee(world)
    referral = hire(sponsee, world.job, recruiter=world.recruiter)
    hire_reward = _hire_reward(referral)

    reward_record_departure(
        reward=hire_reward,
        author=world.recruiter.user,
        left_on=hire_reward.hired_on,
        reason="Resigned",
    )

    bonus = _bonus(referral)
    assert bonus.state == "cancelled"
    assert bonus.departure_on == hire_reward.hired_on
    assert _last_event(bonus) == "departure"


def test_a_departure_is_recorded_on_the_hire_not_on_the_bonus(world):
    make_network(world)
    set_rule(world.acme, probation_months=3)
    referral = hire(_sponsee(world), world.job, recruiter=world.recruiter)
    bonus = _bonus(referral)

    with pytest.raises(RewardError):
        reward_record_departure(
            reward=bonus, author=world.recruiter.user, left_on=bonus.hired_on, reason="Left"
        )


def test_after_a_cancelled_bonus_the_sponsees_next_hire_earns_it(world):
    make_network(world)
    set_rule(world.acme, probation_months=3)
    sponsee = _sponsee(world)
    first = hire(sponsee, world.job, recruiter=world.recruiter)
    first_reward = _hire_reward(first)
    reward_record_departure(
        reward=first_reward, author=world.recruiter.user, left_on=first_reward.hired_on, reason="x"
    )

    second = hire(sponsee, f.make_job(world.acme, title="Second job"), recruiter=world.recruiter)

    assert [(b.referral_id, b.state) for b in _bonuses()] == [
        (first.pk, "cancelled"),
        (second.pk, "pending"),
    ]


def test_a_hire_restored_after_another_hire_earned_the_bonus_earns_none(world):
    make_network(world)
    set_rule(world.acme, probation_months=3)
    sponsee = _sponsee(world)
    first = hire(sponsee, world.job, recruiter=world.recruiter)
    first = referral_set_status(referral=first, status="not_retained", author=world.admin.user)
    second = hire(sponsee, f.make_job(world.acme, title="Second job"), recruiter=world.recruiter)

    referral_set_status(referral=first, status="hired", author=world.admin.user)

    assert _hire_reward(first).state == "pending"
    assert [(b.referral_id, b.state) for b in _bonuses()] == [
        (first.pk, "cancelled"),
        (second.pk, "pending"),
    ]


def test_the_sponsor_reads_the_bonus_with_the_sponsees_first_name_only(world):
    make_network(world)
    set_rule(world.acme)
    sponsee = _sponsee(world)
    referral = hire(sponsee, world.job, recruiter=world.recruiter)

    page = world.client_for(world.member).get(reverse("rewards:mine")).content.decode()

    assert "Sponsor bonus" in page
    assert "Grace, whom you sponsored" in page
    assert "Hopperton" not in page  # the sponsee's last name
    assert referral.last_name not in page  # nothing of the candidate
    assert sponsee.user.email not in page


def test_the_sponsor_pays_and_chooses_like_any_due_cash_reward(world):
    make_network(world)
    set_rule(world.acme)
    referral = hire(_sponsee(world), world.job, recruiter=world.recruiter)
    bonus = _bonus(referral)
    assert bonus.state == "due"

    client = world.client_for(world.admin)
    response = client.post(reverse("rewards:pay", args=[bonus.pk]))

    assert response.status_code == 302
    bonus.refresh_from_db()
    assert bonus.state == "paid"
    paid = Notification.objects.filter(recipient=world.member, subject_ref=f"reward:{bonus.pk}")
    assert "was paid" in paid.latest("pk").text
    assert world.job.title not in paid.latest("pk").text


def test_the_back_office_tells_the_bonus_from_the_hires_reward(world):
    make_network(world)
    set_rule(world.acme, probation_months=3)
    referral = hire(_sponsee(world), world.job, recruiter=world.recruiter)
    bonus, hire_reward = _bonus(referral), _hire_reward(referral)
    office = world.client_for(world.admin)

    detail = office.get(reverse("rewards:detail", args=[bonus.pk])).content.decode()
    assert "whom this member sponsored" in detail
    assert 'data-testid="departure-form"' not in detail  # recorded on the hire's reward
    assert reward_for_referral(referral_id=referral.pk) == hire_reward
