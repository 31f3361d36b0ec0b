"""Points under concurrency, on PostgreSQL: the database rule and the score's row lock
keep one award per event and a total equal to the sum of the awards."""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.db.models import Sum

from coopt.gamification.models import Action, MemberBadge, PointEvent
from coopt.gamification.services import points_award

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 16


def run_together(work: Callable[[int], object]) -> list[object]:
    start = threading.Barrier(THREADS)

    def task(number: int) -> object:
        try:
            start.wait(timeout=30)
            return work(number)
        except Exception as error:  # noqa: BLE001 - a crash is an answer we must see
            return error
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return list(pool.map(task, range(THREADS)))


def test_the_same_event_awarded_16_times_at_once_counts_once(world):
    results = run_together(
        lambda _n: points_award(member=world.member, action=Action.HIRE, ref="referral:1:hired")
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(1 for r in results if r is not None) == 1
    assert PointEvent.objects.filter(member=world.member).count() == 1
    world.member.score.refresh_from_db()
    assert world.member.score.points == 100
    assert MemberBadge.objects.filter(member=world.member, key="first_hire").count() == 1


def test_16_different_events_at_once_all_add_up(world):
    results = run_together(
        lambda n: points_award(member=world.member, action=Action.ANSWER, ref=f"answer:{n}")
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    total = PointEvent.objects.filter(member=world.member).aggregate(t=Sum("points"))["t"]
    assert total == THREADS * 5
    world.member.score.refresh_from_db()
    assert world.member.score.points == total
