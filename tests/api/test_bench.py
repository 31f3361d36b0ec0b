"""bench/api.py measures the API's pages as a client walks them (a small run here)."""

import pytest

from bench import api as bench_api

from .. import factories as f
from ..conftest import World

pytestmark = pytest.mark.django_db


def test_the_bench_walks_pages_at_a_constant_query_count(world: World) -> None:
    for _number in range(3):
        f.refer(referrer=world.member, job=world.job, confirmed=True)
    result = bench_api.measure(world.acme, pages=2, passes=1, log=lambda message: None)
    names = [name for name, _value, _unit in result.figures()]
    assert names == [
        "api_referrals_median",
        "api_referrals_p95",
        "api_referrals_queries",
        "api_jobs_median",
        "api_jobs_p95",
        "api_jobs_queries",
    ]
    assert all(value > 0 for _name, value, _unit in result.figures())
