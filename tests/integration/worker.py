"""A real Celery worker in a subprocess, on a real broker, sharing the test database."""

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast
from urllib.parse import quote, urlsplit, urlunsplit

from django.db import connection
from kombu.transport import virtual

from config.celery import app as celery_app
from config.settings.base import broker_transport_options

# A Redis database of this test's own, so that it never eats another queue's tasks.
REDIS_DB = 5
STOP_TIMEOUT = 10  # warm shutdown takes 6-8 s; SIGKILL after this


def broker_url(folder: Path) -> str:
    """Redis when the run is on Redis (CI's second pass); else SQLite through SQLAlchemy."""
    configured = os.environ.get("COOPT_BROKER_URL", "")
    if configured.startswith(("redis://", "rediss://")):
        parts = urlsplit(configured)
        return urlunsplit((parts.scheme, parts.netloc, f"/{REDIS_DB}", "", ""))
    return f"sqla+sqlite:///{folder / 'broker.sqlite3'}"


def database_url() -> str:
    """The test database (not the one in settings), as a DATABASE_URL for the worker."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(db["NAME"])
        assert name != ":memory:" and "mode=memory" not in name, "the worker needs a file"
        return f"sqlite:///{name}"
    if connection.vendor == "postgresql":
        credentials = quote(db["USER"] or "", safe="")
        if db["PASSWORD"]:
            credentials += ":" + quote(db["PASSWORD"], safe="")
        host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        return f"postgres://{credentials}@{host}/{db['NAME']}"
    raise NotImplementedError(connection.vendor)


def purge(url: str) -> None:
    """Drop tasks a previous run may have left in our Redis queue."""
    if url.startswith(("redis://", "rediss://")):
        with celery_app.connection_for_write(url) as conn:
            # kombu-stubs give the abstract StdChannel; a Redis channel is a virtual one.
            channel = cast(virtual.Channel, conn.default_channel)
            channel.queue_purge("celery")


class Worker:
    def __init__(self, *, broker: str, database: str, smtp_port: int, log: Path) -> None:
        self.broker = broker
        self.log = log
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database,
            "COOPT_BROKER_URL": broker,
            "COOPT_TASK_ALWAYS_EAGER": "0",
            "COOPT_TEST_SMTP_PORT": str(smtp_port),
        }
        for name in ("CELERY_BROKER_URL", "CELERY_BROKER_READ_URL", "CELERY_BROKER_WRITE_URL"):
            env.pop(name, None)
        celery = Path(sys.executable).with_name("celery")
        command = [
            str(celery),
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            "celery",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"coopt-test-{os.getpid()}@%h",
        ]
        self._log_file = log.open("wb")
        self.process = subprocess.Popen(
            command,
            cwd=Path(__file__).resolve().parents[2],
            env=env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def mark(self) -> int:
        """Where the log ends now: pass it to ``results`` to see only what follows."""
        return len(self.output())

    def results(self, task: str, since: int = 0) -> list[str]:
        """What each finished run of ``task`` returned, from the worker's log."""
        pattern = rf"Task [\w.]*\.{task}\[[^\]]+\] succeeded in \S+: (.*)$"
        return re.findall(pattern, self.output()[since:], flags=re.MULTILINE)

    def wait_until_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"The worker exited early:\n{self.output()}")
            if " ready." in self.output():
                return
            time.sleep(0.1)
        raise TimeoutError(f"The worker was not ready after {timeout} s:\n{self.output()}")

    def stop(self) -> int:
        """SIGTERM (warm shutdown), then SIGKILL if it is still there after 10 s."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_TIMEOUT)
        self._log_file.close()
        return self.process.returncode


def _reset_producer_pools() -> None:
    # Only forget them: kombu keeps one pool per broker URL for the whole process,
    # and a pool closed here would be handed back, closed, to the next test.
    celery_app.__dict__["_pool"] = None  # private to Celery, like "amqp" below
    amqp = celery_app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


@contextmanager
def publishing_to(url: str) -> Iterator[None]:
    """Tasks queued by this process (``.delay()``) go to ``url`` instead of running eagerly."""
    conf = celery_app.conf
    saved = (conf.broker_url, conf.task_always_eager, conf.broker_transport_options)
    # Settings set items through attributes; celery-types make broker_url read-only.
    conf["broker_url"] = url
    conf.task_always_eager = False
    conf.broker_transport_options = broker_transport_options(url)  # as in settings
    _reset_producer_pools()
    try:
        yield
    finally:
        _reset_producer_pools()
        conf["broker_url"], conf.task_always_eager, conf.broker_transport_options = saved
