"""The processes of a measurement: the SMTP sink, a real Celery worker, and a monitor that
samples what each process group costs (CPU from /proc/<pid>/stat, memory from
/proc/<pid>/status) while the measurement runs."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from config.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[1]
TICKS = os.sysconf("SC_CLK_TCK")
STOP_TIMEOUT = 30


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT)


class Sink:
    """bench/sink.py in a subprocess; ``status()`` reads what it received so far."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.status_file = folder / "sink.json"
        self.status_file.unlink(missing_ok=True)
        self.log = (folder / "sink.log").open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.sink", str(self.port), str(self.status_file)],
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while not self.status_file.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"The SMTP sink did not start; see {folder / 'sink.log'}")
            time.sleep(0.05)

    def status(self) -> dict[str, int]:
        for _attempt in range(5):
            try:
                return dict(json.loads(self.status_file.read_text()))
            except (OSError, ValueError):  # replaced while read
                time.sleep(0.01)
        raise RuntimeError("The SMTP sink's status cannot be read")

    def messages(self) -> int:
        return self.status()["messages"]

    def stop(self) -> None:
        _stop(self.process)
        self.log.close()


def purge_queue() -> None:
    """Drop tasks a previous run may have left in the bench's Redis database."""
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge("celery")  # type: ignore[attr-defined]


class Worker:
    """``celery -A config worker --concurrency 2`` (prefork), as in production."""

    def __init__(self, *, folder: Path, smtp_port: int, concurrency: int = 2) -> None:
        self.log_path = folder / "worker.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "COOPT_BENCH_SMTP_PORT": str(smtp_port),
            "PYTHONPATH": str(ROOT),
        }
        celery = Path(sys.executable).with_name("celery")
        command = [
            str(celery), "-A", "config", "worker", "--concurrency", str(concurrency),
            "-Q", "celery", "--loglevel=INFO", "--without-gossip", "--without-mingle",
            "-n", f"coopt-bench-{os.getpid()}@%h",
        ]  # fmt: skip
        self.log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def wait_until_ready(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"The worker exited early; see {self.log_path}")
            if " ready." in self.log_path.read_text(errors="replace"):
                return
            time.sleep(0.1)
        raise TimeoutError(f"The worker was not ready after {timeout} s; see {self.log_path}")

    def pids(self) -> list[int]:
        """The main process and its pool's children."""
        return [self.process.pid, *children_of(self.process.pid)]

    def in_flight(self, task: str) -> float:
        """How many runs of ``task`` were going on at once, on average, from the first
        start to the last end (from the log's "succeeded in" lines): 1.0 for a chain
        that runs one batch at a time, up to the concurrency when they overlap."""
        pattern = re.compile(
            rf"^(\S+ \S+) INFO celery.app.trace Task [\w.]*\.{task}\[[^\]]+\] "
            r"succeeded in ([\d.]+)s"
        )
        spans = []
        for line in self.log_path.read_text(errors="replace").splitlines():
            found = pattern.match(line)
            if found:
                stamp = datetime.strptime(found[1], "%Y-%m-%d %H:%M:%S,%f").replace(tzinfo=UTC)
                end = stamp.timestamp()  # only differences matter: any zone will do
                spans.append((end - float(found[2]), end))
        if not spans:
            return 0.0
        wall = max(end for _start, end in spans) - min(start for start, _end in spans)
        return sum(end - start for start, end in spans) / wall if wall > 0 else 1.0

    def errors(self) -> list[str]:
        lines = self.log_path.read_text(errors="replace").splitlines()
        return [line for line in lines if " ERROR " in line or "Traceback" in line]

    def stop(self) -> None:
        _stop(self.process)
        self.log.close()


def children_of(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _stat(pid: int) -> tuple[str, int] | None:
    """The process's name and CPU time so far (user + system, in ticks)."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name = raw[raw.index("(") + 1 : raw.rindex(")")]
    fields = raw[raw.rindex(")") + 2 :].split()
    return name, int(fields[11]) + int(fields[12])


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _machine_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


@dataclass
class Usage:
    seconds: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)  # group -> CPU seconds
    machine_busy: float = 0.0  # share of all cores, 0..1
    worker_peak_rss_mb: float = 0.0  # max over samples of the sum of the worker's VmRSS
    worker_hwm_mb: float = 0.0  # sum of each worker process's VmHWM at the end

    def share(self, group: str) -> float:
        """The group's CPU, in % of one core, averaged over the measurement."""
        return 100 * self.cpu.get(group, 0.0) / self.seconds if self.seconds else 0.0


class Monitor:
    """Samples every ``every`` seconds, in a thread: CPU per group, the worker's memory."""

    @classmethod
    def started(cls, *, worker: Worker, sink: Sink) -> "Monitor":
        """Sampling the worker's processes and the sink's, from now."""
        monitor = cls(
            {"worker": lambda: set(worker.pids()), "sink": lambda: {sink.process.pid}},
            worker=worker,
        )
        monitor.start()
        return monitor

    def __init__(self, groups: dict[str, Callable[[], set[int]]], *, worker: Worker) -> None:
        self.groups = groups
        self.worker = worker
        self.every = 0.25
        self.usage = Usage()
        self._baseline: dict[int, int] = {}
        self._last: dict[int, tuple[str, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _snapshot(self) -> dict[int, tuple[str, int]]:
        found = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                stat = _stat(int(entry.name))
                if stat is not None:
                    found[int(entry.name)] = stat
        return found

    def start(self) -> None:
        self._baseline = {pid: ticks for pid, (_name, ticks) in self._snapshot().items()}
        self._machine = _machine_ticks()
        self._started = time.monotonic()
        self._thread.start()

    def _sample(self) -> None:
        for pid, stat in self._snapshot().items():
            self._last[pid] = stat  # a process that exits keeps its last sample
        rss = sum(_status_kb(pid, "VmRSS") for pid in self.worker.pids())
        self.usage.worker_peak_rss_mb = max(self.usage.worker_peak_rss_mb, rss / 1024)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self._sample()

    def stop(self) -> Usage:
        self._sample()
        self.usage.worker_hwm_mb = sum(_status_kb(p, "VmHWM") for p in self.worker.pids()) / 1024
        self._stop.set()
        self._thread.join()
        self.usage.seconds = time.monotonic() - self._started
        busy, total = _machine_ticks()
        self.usage.machine_busy = (busy - self._machine[0]) / max(total - self._machine[1], 1)
        members = {name: pick() for name, pick in self.groups.items()}
        for pid, (name, ticks) in self._last.items():
            spent = (ticks - self._baseline.get(pid, 0)) / TICKS
            group = next((g for g, pids in members.items() if pid in pids), None)
            if group is None:
                group = {"postgres": "postgres", "redis-server": "redis"}.get(name, "other")
            self.usage.cpu[group] = self.usage.cpu.get(group, 0.0) + spent
        return self.usage
