"""Killing a real worker (tests.integration.worker) and waiting on what it does."""

import os
import signal
import time
from collections.abc import Callable

from ..integration.worker import Worker


def kill(worker: Worker) -> None:
    """SIGKILL: no warm shutdown, no acknowledgement, no cleanup of any kind."""
    os.kill(worker.process.pid, signal.SIGKILL)
    worker.process.wait(timeout=10)


def wait_until(check: Callable[[], object], worker: Worker, what: str, timeout: float = 45) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"Timed out waiting for {what}.\nWorker log:\n{worker.output()[-6000:]}")


def end(worker: Worker) -> None:
    """The test is over: no warm shutdown to wait for."""
    if worker.process.poll() is None:
        kill(worker)
    worker.stop()
