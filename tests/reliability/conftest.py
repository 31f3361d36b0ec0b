"""Fixtures for the reliability tests: a real SMTP server, private redis-servers,
real Celery workers (tests.integration.worker) that a test may kill."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connection
from pytest_django import Settings

from ..integration.smtp import SMTPSink, smtp_server
from ..integration.worker import Worker, database_url
from .redis_server import RedisServer
from .workers import end


@pytest.fixture(autouse=True)
def _postgres_marker_skips_elsewhere(request: pytest.FixtureRequest) -> None:
    """Tests marked ``postgres`` run on PostgreSQL only."""
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")


@pytest.fixture
def smtp(settings: Settings) -> Iterator[SMTPSink]:
    """A real SMTP server on a free port; this process's outbox sends to it."""
    with smtp_server() as sink:
        settings.MAILERS = sink.mailers(timeout=5)
        yield sink


@pytest.fixture(scope="module")
def module_smtp() -> Iterator[SMTPSink]:
    """A real SMTP server for a module's workers (their SMTP port is set at start)."""
    with smtp_server() as sink:
        yield sink


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A private redis-server on its own port, stopped at the end of the test."""
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def module_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A private redis-server for a whole module."""
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def start_worker(tmp_path: Path) -> Iterator[Callable[..., Worker]]:
    """Start real Celery workers on the test database; all are gone at the end."""
    started: list[Worker] = []

    def start(*, broker: str, smtp: SMTPSink) -> Worker:
        worker = Worker(
            broker=broker,
            database=database_url(),
            smtp_port=smtp.port,
            log=tmp_path / f"worker-{len(started)}.log",
        )
        started.append(worker)
        worker.wait_until_ready()
        return worker

    yield start
    for worker in started:
        end(worker)
