"""``make bench``: the diffusion scale figures, on PostgreSQL and Redis.

1. Creates the bench database if needed (``DATABASE_URL``, by default
   postgres://postgres@127.0.0.1:5432/bench) and migrates it.
2. Generates the dataset unless one of the same sizes is there (bench/generate.py;
   ``BENCH_MEMBERS``, ``BENCH_JOBS`` for a smaller one).
3. Measures the audience editor's call against a hand-written query (bench/audience.py),
   a targeted send of 50,000 e-mails (bench/send.py; ``BENCH_SEND`` sets the size) and
   the weekly digest of every member (bench/digest.py), both through a real Celery
   worker (Redis database 7) into a real SMTP server (bench/sink.py); then the audience
   again, with the deliveries of that send and digest in the ledger; then the REST API's
   pages of referrals and jobs (bench/api.py).
4. Prints one line per figure, ``name: value unit``, and writes them with the machine,
   the date, the command and what limits each figure to docs/performance.md
   (``BENCH_OUTPUT`` for another file).

Not part of ``make test`` or CI: it takes a quarter of an hour and the whole machine.
"""

import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench"
ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "var" / "bench" / "results.pickle"


def create_database(url: str) -> None:
    """CREATE DATABASE when it does not exist (connecting to the server's "postgres")."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit((parts.scheme.replace("postgres", "postgresql", 1), parts.netloc,
                        "/postgres", parts.query, ""))  # fmt: skip
    with psycopg.connect(admin, autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if found is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"database: created {name}", flush=True)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main() -> None:
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        raise SystemExit("The benchmark runs on PostgreSQL: set DATABASE_URL=postgres://…")
    create_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from . import api, audience, digest, report, send
    from .generate import Sizes, ensure_dataset

    call_command("migrate", interactive=False, verbosity=0)
    sizes = Sizes.from_env()
    tenant = ensure_dataset(sizes, log=log)
    target = int(os.environ.get("BENCH_SEND", str(min(50_000, sizes.members // 4))))
    figures: list[tuple[str, Any, str]] = []
    results: dict[str, Any] = {"sizes": sizes, "send_target": target}

    def add(new: list[tuple[str, Any, str]]) -> None:
        for name, value, unit in new:
            print(f"{name}: {value} {unit}", flush=True)
        figures.extend(new)

    # The audience first on a tenant that never sent anything, then again once the send
    # and the digest have filled the delivery ledger (a tenant's usual state).
    send.reset_diffusion(tenant)
    results["audience"] = audience.measure(tenant, log=log)
    add(results["audience"].figures())
    with tempfile.TemporaryDirectory(prefix="coopt-bench-") as folder:
        results["send"] = send.measure(tenant, target=target, folder=Path(folder), log=log)
        add(results["send"].figures())
        results["digest"] = digest.measure(tenant, folder=Path(folder), log=log)
        add(results["digest"].figures())
    results["audience_history"] = audience.measure(tenant, prefix="audience_history", log=log)
    add(results["audience_history"].figures())
    results["api"] = api.measure(tenant, log=log)
    add(results["api"].figures())
    results["figures"] = figures
    results["date"] = timezone.localtime()
    results["command"] = report.command()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_bytes(pickle.dumps(results))
    write_report(results)


def _previous_report(results: dict[str, Any], output: Path) -> str:
    """The report to show beside this run's figures: the one ``BENCH_PREVIOUS`` names (e.g. a
    run of the code before a change, written with ``BENCH_OUTPUT``), else the one this run's
    report replaces. Kept with the results, so that ``--report`` shows the same comparison."""
    if os.environ.get("BENCH_PREVIOUS"):
        results["previous"] = Path(os.environ["BENCH_PREVIOUS"]).read_text()
        results["previous_label"] = os.environ.get("BENCH_PREVIOUS_LABEL", "")
    elif "previous" in results:
        return str(results["previous"])
    else:
        results["previous"] = output.read_text() if output.exists() else ""
    RESULTS.write_bytes(pickle.dumps(results))
    return str(results["previous"])


def write_report(results: dict[str, Any]) -> None:
    from . import report

    output = Path(os.environ.get("BENCH_OUTPUT", str(ROOT / "docs" / "performance.md")))
    previous = _previous_report(results, output)
    output.write_text(report.render(figures=results["figures"], results=results, previous=previous))
    log(f"written to {output}")


def rewrite_report() -> None:
    """``python -m bench.run --report``: docs/performance.md again from the last run's
    results (var/bench/results.pickle), e.g. after a change to bench/report.py."""
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    write_report(pickle.loads(RESULTS.read_bytes()))  # noqa: S301 - our own file


if __name__ == "__main__":
    rewrite_report() if sys.argv[1:] == ["--report"] else main()
