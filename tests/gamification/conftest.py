"""Fixtures of the gamification tests (referral events come from ``factories.refer``)."""

import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def _postgres_marker_skips_elsewhere(request: pytest.FixtureRequest) -> None:
    """Tests marked ``postgres`` run on PostgreSQL only (races hide on SQLite)."""
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write, so races never show")
