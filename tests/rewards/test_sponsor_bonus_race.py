"""Two of a sponsee's candidates hired at the same instant: the sponsor's bonus once (W4).

Runs on PostgreSQL only: SQLite serialises every write, so a race never shows there.
"""

import pytest

from coopt.referrals.models import Referral
from coopt.referrals.services import referral_set_status
from coopt.rewards.models import Milestone, Reward

from .. import factories as f
from ..network.helpers import make_network
from .helpers import set_rule
from .test_concurrency import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 3


def test_two_hires_of_one_sponsees_candidates_at_once_earn_the_sponsor_one_bonus(world):
    make_network(world)
    set_rule(world.acme, probation_months=3)
    recruiters = [
        f.make_member(world.acme, email=f"recruiter{n}@acme.test", is_recruiter=True).user
        for n in range(2)
    ]
    for round_ in range(ROUNDS):
        sponsee = f.make_member(world.acme, email=f"sponsee{round_}@navy.test")
        sponsee.sponsor = world.member
        sponsee.save(update_fields=["sponsor"])
        referrals = [
            f.refer(
                referrer=sponsee,
                job=f.make_job(world.acme, title=f"Job {round_}-{n}"),
                confirmed=True,
            )
            for n in range(2)
        ]

        def hire_one(n: int, referrals: list[Referral] = referrals) -> Referral:
            return referral_set_status(referral=referrals[n], status="hired", author=recruiters[n])

        answers = race(hire_one, count=2)

        assert not [a for a in answers if isinstance(a, Exception)], answers
        hires = Reward.objects.filter(referral__in=referrals, milestone=Milestone.HIRE)
        assert hires.count() == 2
        bonuses = Reward.objects.filter(sponsee=sponsee, milestone=Milestone.SPONSOR_BONUS)
        assert bonuses.count() == 1
        assert bonuses.get().transitions.count() == 1
    assert Reward.objects.filter(member=world.member).count() == ROUNDS
