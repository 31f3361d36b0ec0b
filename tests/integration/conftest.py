"""Fixtures for tests that use real infrastructure: an SMTP server, a worker, a broker."""

from collections.abc import Iterator

import pytest
from django.db import connection
from pytest_django import Settings

from .smtp import SMTPSink, smtp_server


@pytest.fixture
def smtp() -> Iterator[SMTPSink]:
    """A real SMTP server on 127.0.0.1, on a free port, for the length of one test."""
    with smtp_server() as sink:
        yield sink


@pytest.fixture
def mail_over_smtp(smtp: SMTPSink, settings: Settings) -> SMTPSink:
    """The outbox sends through the real SMTP backend to ``smtp``."""
    settings.MAILERS = smtp.mailers()
    return smtp


@pytest.fixture(autouse=True)
def _postgres_marker_skips_elsewhere(request: pytest.FixtureRequest) -> None:
    """Tests marked ``postgres`` run on PostgreSQL only (races hide on SQLite)."""
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write, so races never show")
