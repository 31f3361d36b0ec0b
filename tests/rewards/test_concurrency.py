"""Two recruiters at once, a double click, a retried task: one hire, one reward (W2).

Runs on PostgreSQL only: SQLite serialises every write, so a race never shows there.
"""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connections

from coopt.referrals.models import StatusChange
from coopt.referrals.services import referral_set_status
from coopt.rewards.models import Reward, RewardTransition
from coopt.rewards.services import reward_create_for_hire

from .. import factories as f
from .helpers import hire, set_rule

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 16


def race(action: Callable[[int], object], count: int = THREADS) -> list[Any]:
    """Run ``action(n)`` in ``count`` threads released at the same instant.

    Each thread answers with its result or the exception it raised (``Any``: the test
    checks which)."""
    start = threading.Barrier(count)

    def run(number: int) -> object:
        try:
            start.wait(timeout=30)
            return action(number)
        except Exception as error:  # noqa: BLE001 - a crash is an answer we must see
            return error
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def test_recruiters_marking_the_same_referral_hired_at_once_create_one_reward(world):
    set_rule(world.acme, probation_months=3)
    referral = f.refer(referrer=world.member, job=world.job, confirmed=True)
    recruiters = [
        f.make_member(world.acme, email=f"recruiter{n}@acme.test", is_recruiter=True).user
        for n in range(THREADS)
    ]

    answers = race(
        lambda n: referral_set_status(referral=referral, status="hired", author=recruiters[n])
    )

    assert not [a for a in answers if isinstance(a, Exception)], answers
    assert Reward.objects.filter(referral=referral).count() == 1
    assert StatusChange.objects.filter(referral=referral, to_status="hired").count() == 1
    assert RewardTransition.objects.filter(reward__referral=referral).count() == 1


def test_simultaneous_reward_creations_for_one_hire_insert_one_row(world):
    # The hire happened before any rule existed; then every worker tries at once,
    # with no lock on the referral: only the database rule stands between them.
    referral = hire(world.member, world.job, recruiter=world.recruiter)
    assert not Reward.objects.exists()
    set_rule(world.acme, probation_months=6)

    for _round in range(3):
        answers = race(
            lambda n: reward_create_for_hire(referral=referral, author=world.recruiter.user)
        )
        assert not [a for a in answers if isinstance(a, Exception)], answers
        assert {a.pk for a in answers} == {Reward.objects.get(referral=referral).pk}
    assert Reward.objects.filter(referral=referral).count() == 1
    assert RewardTransition.objects.filter(reward__referral=referral).count() == 1
