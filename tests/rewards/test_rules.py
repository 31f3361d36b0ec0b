"""Reward rules (W1): tenant default, job override, amounts by level, shown on every job."""

from decimal import Decimal
from typing import TypedDict

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from coopt.accounts.models import Membership
from coopt.gamification.models import LevelSettings, MemberScore, ReferralLevel
from coopt.jobs.models import Job
from coopt.referrals.services import referral_set_status
from coopt.rewards.forms import RewardRuleForm
from coopt.rewards.models import RewardRule
from coopt.rewards.selectors import reward_rule_for
from coopt.rewards.services import RewardError, reward_rule_delete_for_job

from .. import factories as f
from .helpers import hire, reward_of, set_rule

pytestmark = pytest.mark.django_db


class LevelAmounts(TypedDict):
    amount: Decimal
    amount_beginner: Decimal
    amount_confirmed: Decimal
    amount_expert: Decimal


BY_LEVEL: LevelAmounts = {
    "amount": Decimal("500.00"),
    "amount_beginner": Decimal("500.00"),
    "amount_confirmed": Decimal("750.00"),
    "amount_expert": Decimal("1000.00"),
}


def give_points(member: Membership, points: int) -> None:
    MemberScore.objects.update_or_create(
        member=member, defaults={"tenant": member.tenant, "points": points}
    )


def test_the_job_rule_wins_over_the_default_and_the_default_applies_otherwise(world):
    assert reward_rule_for(world.job) is None
    default = set_rule(world.acme, amount=Decimal("500.00"))
    assert reward_rule_for(world.job) == default
    own = set_rule(world.acme, job=world.job, amount=Decimal("900.00"))
    world.job.refresh_from_db()
    assert reward_rule_for(world.job) == own
    assert reward_rule_delete_for_job(job=world.job)
    world.job.refresh_from_db()
    assert reward_rule_for(world.job) == default


def test_a_tenant_has_one_default_rule(world):
    first = set_rule(world.acme, amount=Decimal("500.00"))
    second = set_rule(world.acme, amount=Decimal("600.00"))
    assert first.pk == second.pk
    assert RewardRule.objects.filter(tenant=world.acme, job__isnull=True).count() == 1
    assert RewardRule.objects.get(pk=first.pk).amount == Decimal("600.00")


def test_another_tenants_job_cannot_get_a_rule_here(world):
    with pytest.raises(RewardError):
        set_rule(world.acme, job=world.globex_job)
    assert not RewardRule.objects.exists()


def test_the_bounty_follows_the_referrers_level(world):
    set_rule(world.acme, **BY_LEVEL)
    LevelSettings.objects.create(tenant=world.acme, confirmed_threshold=1000, expert_threshold=5000)
    expert = f.make_member(world.acme, email="star@acme.test")
    give_points(expert, 10_000)
    reward = reward_of(hire(expert, world.job, recruiter=world.recruiter))
    assert (reward.level, reward.amount) == ("expert", Decimal("1000.00"))
    newcomer = f.make_member(world.acme, email="new@acme.test")
    other_job = f.make_job(world.acme, title="Buyer")
    reward = reward_of(hire(newcomer, other_job, recruiter=world.recruiter))
    assert (reward.level, reward.amount) == ("beginner", Decimal("500.00"))


def test_the_level_at_the_recommendation_sets_the_bounty_not_the_level_at_the_hire(world):
    set_rule(world.acme, **BY_LEVEL)
    LevelSettings.objects.create(tenant=world.acme, confirmed_threshold=1000, expert_threshold=5000)
    member = f.make_member(world.acme, email="climber@acme.test")
    give_points(member, 1500)  # confirmed when recommending
    referral = f.refer(referrer=member, job=world.job, confirmed=True)
    assert ReferralLevel.objects.get(referral=referral).level == "confirmed"
    give_points(member, 10_000)  # expert by the time the person is hired
    referral = referral_set_status(referral=referral, status="hired", author=world.recruiter.user)
    reward = reward_of(referral)
    assert (reward.level, reward.amount) == ("confirmed", Decimal("750.00"))


def test_a_member_who_drops_a_level_after_recommending_keeps_the_higher_bounty(world):
    set_rule(world.acme, **BY_LEVEL)
    member = f.make_member(world.acme, email="faller@acme.test")
    give_points(member, 400)  # expert with the default thresholds (100 / 300)
    referral = f.refer(referrer=member, job=world.job, confirmed=True)
    give_points(member, 0)
    referral = referral_set_status(referral=referral, status="hired", author=world.recruiter.user)
    assert (reward_of(referral).level, reward_of(referral).amount) == ("expert", Decimal("1000.00"))


def test_a_referral_made_before_levels_were_kept_uses_the_level_at_the_hire(world):
    set_rule(world.acme, **BY_LEVEL)
    member = f.make_member(world.acme, email="old@acme.test")
    referral = f.refer(referrer=member, job=world.job, confirmed=True)
    ReferralLevel.objects.filter(referral=referral).delete()
    give_points(member, 150)
    referral = referral_set_status(referral=referral, status="hired", author=world.recruiter.user)
    assert (reward_of(referral).level, reward_of(referral).amount) == (
        "confirmed",
        Decimal("750.00"),
    )


def test_a_level_without_its_own_amount_gets_the_base_amount(world):
    rule = set_rule(world.acme, amount=Decimal("500.00"), amount_expert=Decimal("1000.00"))
    assert rule.amount_for_level("confirmed") == Decimal("500.00")
    assert rule.amount_for_level("expert") == Decimal("1000.00")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "cash", "amount": "0", "currency": "EUR"}, "amount"),
        ({"kind": "points", "points": "0", "currency": "EUR", "amount": "0"}, "points"),
        ({"kind": "gift", "gift": " ", "currency": "EUR", "amount": "0"}, "gift"),
        ({"kind": "cash", "amount": "-5", "currency": "EUR"}, "amount"),
        ({"kind": "cash", "amount": "500", "currency": "XXX"}, "currency"),
        ({"kind": "cash", "amount": "500", "currency": "EUR", "probation_months": "40"}, None),
    ],
)
def test_the_rule_form_explains_what_is_missing(world, data, field):
    form = RewardRuleForm({"probation_months": "0", "points": "0", **data})
    assert not form.is_valid()
    assert (field or "probation_months") in form.errors


def test_saving_a_gift_rule_clears_cash_amounts(world):
    rule = set_rule(world.acme, kind="gift", gift="A bike", **BY_LEVEL)
    rule.refresh_from_db()
    assert (rule.amount, rule.amount_expert, rule.gift) == (Decimal("0.00"), None, "A bike")


def render_job_reward(job: Job, membership: Membership | None = None) -> str:
    template = Template(
        "{% load rewards_tags %}{% job_reward job %}|{% job_reward job compact=True %}"
    )
    request = RequestFactory().get("/")
    return template.render(Context({"job": job, "membership": membership, "request": request}))


def test_every_job_shows_its_reward(world):
    set_rule(world.acme, amount=Decimal("1000.00"), probation_months=6)
    html = render_job_reward(world.job)
    assert html.count('data-testid="job-reward"') == 2
    assert "1,000.00 EUR" in html
    assert "6 months after the hire" in html


def test_the_job_reward_shows_the_readers_own_level_amount(world):
    set_rule(world.acme, probation_months=3, **BY_LEVEL)
    give_points(world.member, 150)
    html = render_job_reward(world.job, membership=world.member)
    assert 'data-testid="my-level-amount">Confirmed: 750.00 EUR' in html
    assert "Expert: 1,000.00 EUR" in html


def test_a_job_without_rule_falls_back_to_its_free_text_note(world):
    world.job.reward_note = "A nice dinner"
    world.job.save()
    assert "A nice dinner" in render_job_reward(world.job)
    world.job.reward_note = ""
    world.job.save()
    assert "job-reward" not in render_job_reward(world.job)


def test_a_list_of_jobs_reads_the_default_rule_once(world, django_assert_num_queries):
    set_rule(world.acme, amount=Decimal("500.00"))
    jobs = [world.job] + [f.make_job(world.acme, title=f"Job {n}") for n in range(4)]
    set_rule(world.acme, job=jobs[1], amount=Decimal("900.00"))
    listed = list(Job.objects.filter(pk__in=[j.pk for j in jobs]).select_related("reward_rule"))
    template = Template(
        "{% load rewards_tags %}{% for job in jobs %}{% job_reward job compact=True %}{% endfor %}"
    )
    with django_assert_num_queries(1):
        html = template.render(Context({"jobs": listed, "request": RequestFactory().get("/")}))
    assert html.count("500.00 EUR") == 4
    assert html.count("900.00 EUR") == 1
