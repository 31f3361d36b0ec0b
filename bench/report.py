"""docs/performance.md: the figures, the machine, and what limits each figure.

Everything in it comes from the run that writes it: the explanations are chosen from
what the monitor saw (CPU per process group, the worker's memory) and from the plans.
"""

import os
import platform
import re
import statistics
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from coopt.accounts.models import Membership
from coopt.jobs.models import Job
from coopt.referrals.models import Referral

from .procs import Usage

TARGETS = {
    "audience_median": ("≤ 200 ms", lambda v: v <= 200),
    "audience_ratio": ("≤ 1.5", lambda v: v <= 1.5),
    "audience_history_median": ("≤ 200 ms", lambda v: v <= 200),
    "audience_history_ratio": ("≤ 1.5", lambda v: v <= 1.5),
    "send_rate": ("≥ 300 e-mails/s", lambda v: v >= 300),
    "send_worker_peak_rss": ("≤ 500 MB", lambda v: v <= 500),
    "digest_minutes": ("≤ 10 min", lambda v: v <= 10),
}
GROUPS = [
    ("worker", "Celery worker (main + 2 pool processes)"),
    ("postgres", "PostgreSQL (all backends, other sessions' included)"),
    ("sink", "SMTP sink (aiosmtpd)"),
    ("redis", "Redis"),
    ("other", "everything else on the machine (the bench's driver included)"),
]


def machine() -> dict[str, str]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    ram_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            ram_kb = int(line.split()[1])
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        shared_buffers = cursor.fetchone()[0]
    try:
        import redis as redis_client

        info = redis_client.Redis.from_url(settings.CELERY_BROKER_URL).info("server")
        redis = str(info["redis_version"])
    except Exception:  # noqa: BLE001 - only a label in the report
        redis = "unknown"
    return {
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "ram": f"{ram_kb / 1024 / 1024:.0f} GB",
        "os": f"{platform.system()} {platform.release()}",
        "postgres": f"{postgres} (shared_buffers {shared_buffers})",
        "python": platform.python_version(),
        "redis": redis,
    }


def command() -> str:
    """How this run was started (the sizes only when set)."""
    overrides = [
        f"{name}={os.environ[name]}"
        for name in ("BENCH_MEMBERS", "BENCH_JOBS", "BENCH_SEND")
        if os.environ.get(name)
    ]
    base = "make bench" if os.environ.get("MAKELEVEL") else "python -m bench.run"
    return " ".join([*overrides, base])


def _usage_table(usage: Usage, emails: int) -> str:
    rows = [
        "| Process group | CPU (% of one core, average) | CPU ms per e-mail |",
        "| --- | ---: | ---: |",
    ]
    for key, label in GROUPS:
        seconds = usage.cpu.get(key, 0.0)
        per_email = 1000 * seconds / emails if emails else 0.0
        rows.append(f"| {label} | {usage.share(key):.0f} % | {per_email:.2f} |")
    cores = os.cpu_count() or 1
    rows.append(
        f"| whole machine ({cores} cores) | {100 * cores * usage.machine_busy:.0f} % "
        f"of {100 * cores} % | |"
    )
    return "\n".join(rows)


def _cpu_lines(result: Any) -> list[str]:
    """Where a send's or a digest's CPU went, what bounds it, and the MIME's share."""
    emails = result.emails
    return [
        _usage_table(result.usage, emails),
        "",
        _bound(result.usage, in_flight=result.batches_in_flight, emails=emails),
        "",
        _mime(result),
    ]


def _mime(result: Any) -> str:
    worker_ms = 1000 * result.usage.cpu.get("worker", 0.0) / result.emails if result.emails else 0
    mime_ms = getattr(result, "mime_ms", 0.0)
    if not (mime_ms and worker_ms):
        return ""
    return (
        f"Of the worker's {worker_ms:.1f} ms per e-mail, {mime_ms:.1f} ms "
        f"({100 * mime_ms / worker_ms:.0f} %) go into turning the outbox row into MIME "
        "bytes (`delivery.build(…).message().as_bytes()`, coopt/notifications/mime.py, "
        "measured on this run's messages); the rest renders the templates, writes the "
        "rows and holds the SMTP dialogue."
    )


def _bound(usage: Usage, *, in_flight: float, emails: int) -> str:
    """What the CPU samples and the batches' overlap say limits a run."""
    cores = os.cpu_count() or 1
    busy = usage.machine_busy
    ranked = sorted(((usage.share(k), label) for k, label in GROUPS), reverse=True)
    top = ", ".join(f"{label.split(' (')[0]} {share:.0f} %" for share, label in ranked[:3])
    worker_ms = 1000 * usage.cpu.get("worker", 0.0) / emails if emails else 0.0
    total_ms = 1000 * sum(usage.cpu.values()) / emails if emails else 0.0
    overlap = (
        f"On average {in_flight:.1f} batches were in progress at once (from the worker's "
        "log; 2 processes)."
    )
    cost = (
        f"Each e-mail cost {worker_ms:.1f} ms of the worker's CPU and {total_ms:.1f} ms of "
        f"CPU in all: at best {1000 * cores / total_ms:.0f} e-mails/s when everything "
        f"shares these {cores} cores, {2000 / worker_ms:.0f} e-mails/s for a worker with 2 "
        "cores of its own (PostgreSQL and SMTP elsewhere, as in production)."
        if worker_ms and total_ms
        else ""
    )
    if busy >= 0.85:
        verdict = (
            f"The machine's {cores} cores were {100 * busy:.0f} % busy: the run is bound by "
            f"CPU, shared between the processes ({top} of one core)."
        )
    elif in_flight < 1.2:
        verdict = (
            f"The machine was only {100 * busy:.0f} % busy: not short of CPU. The batches "
            "ran one after the other, so one worker process at a time did the work while "
            "the other waited, and that process spent its time in turn rendering, waiting "
            f"for PostgreSQL and holding the SMTP dialogue ({top} of one core)."
        )
    else:
        verdict = f"The machine was {100 * busy:.0f} % busy; top CPU users: {top} of one core."
    return " ".join(part for part in (verdict, overlap, cost) if part)


def _plan_summary(plan: str) -> str:
    """The execution time of each plan in the EXPLAIN text."""
    names = re.findall(r"^-- (.+)$", plan, flags=re.MULTILINE)
    times = re.findall(r"Execution Time: ([\d.]+) ms", plan)
    return ", ".join(f"{name}: {float(ms):.0f} ms" for name, ms in zip(names, times, strict=False))


def previous_figures(text: str) -> tuple[str, dict[str, str]]:
    """The date and the figures (name: "value unit") of the report ``text``, as written."""
    date = re.search(r"^- Date: (.+)$", text, re.MULTILINE)
    block = re.search(r"^## Figures\n\n```\n(.*?)\n```", text, re.MULTILINE | re.DOTALL)
    figures: dict[str, str] = {}
    for line in block.group(1).splitlines() if block else []:
        name, _, value = line.partition(": ")
        figures[name] = value
    return (date.group(1) if date else "?"), figures


def _comparison(previous: str, figures: list[tuple[str, Any, str]], label: str = "") -> list[str]:
    """This run beside another: the report it replaces, or the code before a change."""
    date, before = previous_figures(previous)
    if not before:
        return []
    what = label or "the report this file held before"
    lines = [
        "## Beside the previous run",
        "",
        f"The run this one is compared with: {what} ({date}), figure by figure. The machine's",
        "speed moves from run to run (see the floor), so compare the ratios first.",
        "",
        "| Figure | Previous run | This run |",
        "| --- | ---: | ---: |",
    ]
    for name, value, unit in figures:
        lines.append(f"| `{name}` | {before.get(name, '–')} | {value} {unit} |")
    return ["", *lines]


def render(
    *, figures: list[tuple[str, Any, str]], results: dict[str, Any], previous: str = ""
) -> str:
    info = machine()
    now = results.get("date") or timezone.localtime()
    by_name = {name: value for name, value, _unit in figures}
    tenant_members = Membership.objects.filter(tenant__slug="bench", is_member=True)
    dataset = (
        f"{tenant_members.count():,} members, "
        f"{Membership.interests.through.objects.filter(membership__tenant__slug='bench').count():,}"
        f" interests, {Job.objects.filter(tenant__slug='bench').count():,} jobs, "
        f"{Referral.objects.filter(tenant__slug='bench').count():,} referrals (met or hired)"
    )
    lines = [
        "# Performance",
        "",
        "Written by `make bench` (bench/run.py); do not edit by hand, run it again.",
        "",
        f"- Date: {now:%Y-%m-%d %H:%M %Z}",
        f"- Command: `{results.get('command') or command()}`",
        f"- Machine: {info['cpu']}, {info['ram']} RAM, {info['os']}",
        f"- PostgreSQL {info['postgres']}, Redis {info['redis']}, Python {info['python']}",
        f'- Dataset (tenant "bench", bench/generate.py): {dataset}',
        "- Everything runs on this one machine: PostgreSQL, Redis, the worker "
        "(`celery -A config worker --concurrency 2`, bench/settings.py: production's "
        "settings with the SMTP backend pointed at the local sink) and the SMTP sink.",
        "",
        "## Figures",
        "",
        "```",
        *[f"{name}: {value} {unit}" for name, value, unit in figures],
        "```",
        "",
        "| Figure | Target | Reached | |",
        "| --- | --- | ---: | --- |",
    ]
    units = {name: unit for name, _value, unit in figures}
    for name, (target, check) in TARGETS.items():
        if name in by_name:
            verdict = "met" if check(by_name[name]) else "**missed**"
            lines.append(f"| `{name}` | {target} | {by_name[name]} {units[name]} | {verdict} |")
    lines += _comparison(previous, figures, results.get("previous_label", ""))
    lines += ["", *_audience_section(results["audience"], results.get("audience_history"))]
    lines += ["", *_send_section(results["send"], results["send_target"])]
    if "digest" in results:
        lines += ["", *_digest_section(results["digest"])]
    lines += [
        "",
        "## Plans",
        "",
        "EXPLAIN (ANALYZE, BUFFERS) of the audience's queries for the largest audience "
        "of the sample (the product's statement, then the floor):",
        "",
        "```",
        results["audience"].explain,
        "```",
    ]
    if "audience_history" in results:
        lines += [
            "",
            "The same with the delivery ledger filled by the send and the digest:",
            "",
            "```",
            results["audience_history"].explain,
            "```",
        ]
    lines.append("")
    return "\n".join(lines)


def _audience_section(result: Any, history: Any | None) -> list[str]:
    editor = statistics.median(result.editor_ms)
    statement = statistics.median(result.statement_ms)
    floor = statistics.median(result.floor_ms)
    lines = [
        "## What limits it",
        "",
        "### Audience (count + top 100 with reasons)",
        "",
        f"The editor's call (`audience.summary`: the counts and the best 100 with their "
        f"reasons) takes {editor:.0f} ms (median). Most of it is its one statement over "
        "the candidates (`ranked_with_counts`: the size and the three exclusions as window "
        f"sums, the best 100 by score), {statement:.0f} ms alone (median of one pass over "
        "the jobs, hence noisier); the rest reads the tags and the 100 members with their "
        "interests. The floor, one hand-written statement that "
        f"returns the size and the best 100 ids with their scores (bench/audience.py, "
        f"`FLOOR_SQL`), takes {floor:.0f} ms. Medians over {len(result.editor_ms)} calls on "
        f"{result.jobs} jobs whose audiences hold {min(result.sizes):,} to "
        f"{max(result.sizes):,} members (median {int(statistics.median(result.sizes)):,}), "
        "with an empty delivery ledger.",
        "",
        "All of it is PostgreSQL's CPU (every page is in shared buffers: `Buffers: shared "
        "hit` in the plans, no reads): the interests rows of the job's tags (one per "
        "follower, from the (tag, member) index alone: `Index Only Scan` in the plans) "
        "aggregated per member, then joined with the memberships and the scores."
        + (
            f" With the floor itself at {floor:.0f} ms on this CPU, the 200 ms target is "
            "out of reach for any statement that reads the followers' interests."
            if floor > 200
            else ""
        )
        + (
            f" The product's call is {result.ratio:.2f} times the floor: its statement "
            "also counts the three exclusions and leaves room for the members added by "
            "department or by hand, so it reads every membership of the tenant where the "
            "floor reads only the followers' and the allowed ones; then it fetches the "
            "reasons."
        ),
        "",
        f"EXPLAIN ANALYZE on the largest audience: {_plan_summary(result.explain)}.",
    ]
    if history is not None:
        slower = history.ratio >= result.ratio + 0.5
        lines += [
            "",
            f"With the ledger holding {history.deliveries:,} deliveries (after the send and "
            f"the digest below), the editor's call takes "
            f"{statistics.median(history.editor_ms):.0f} ms and the floor "
            f"{statistics.median(history.floor_ms):.0f} ms (ratio {history.ratio:.2f})"
            + (
                ': the "already sent" rule, a join of the job\'s ledger rows to every '
                "candidate, weighs more in the product than in the floor (see the plans)."
                if slower
                else ': the "already sent" rule is one join of the job\'s ledger rows '
                "(unique on job and member) in both."
            ),
        ]
    return lines


def _send_section(result: Any, target: int) -> list[str]:
    emails = result.emails
    lines = [
        f"### Targeted send ({emails:,} e-mails)",
        "",
        f"Audience: a job's own, widened with tags to at least {target:,} members "
        f"({result.audience:,}). From the click (`sends.send_start`) to the last e-mail in "
        f"the sink: {result.seconds:.1f} s, i.e. {emails / result.seconds:.0f} e-mails/s. "
        f"The deliveries were written and the wave released after "
        f"{result.prepared_after:.1f} s; the first e-mail arrived after "
        f"{result.first_email_after:.1f} s. The sink saw {result.distinct_recipients:,} "
        f"distinct recipients; the outbox ends with {result.outbox}.",
        "",
        *_cpu_lines(result),
        "",
        f"Memory: the worker's processes peaked at {result.usage.worker_peak_rss_mb:.0f} MB "
        f"together (sum of VmRSS sampled every 0.25 s; the sum of their VmHWM is "
        f"{result.usage.worker_hwm_mb:.0f} MB). RSS counts the pages the pool processes "
        "share with the main one in each of them, so this overstates the real footprint.",
    ]
    if result.worker_errors:
        lines += ["", f"The worker logged {len(result.worker_errors)} error lines."]
    return lines


def _digest_section(result: Any) -> list[str]:
    emails = result.emails
    lines = [
        f"### Weekly digest ({result.members:,} members with a weekly digest)",
        "",
        f'`digest.digest_start(frequency="weekly")` to the run\'s `finished_at` '
        f"({result.finished_after / 60:.1f} min) and the last digest in the sink: "
        f"{result.seconds / 60:.2f} min. The run looked at {result.looked_at:,} members: "
        f"{result.sent:,} digests written, {result.postponed:,} postponed (over the cap), "
        f"{result.empty:,} with nothing new; the sink received {emails:,} "
        f"({result.distinct_recipients:,} distinct recipients), "
        f"{emails / result.seconds:.0f} e-mails/s.",
        "",
        *_cpu_lines(result),
        "",
        f"Memory: the worker's processes peaked at {result.usage.worker_peak_rss_mb:.0f} MB "
        f"together (sum of VmHWM: {result.usage.worker_hwm_mb:.0f} MB); each batch holds "
        "500 members and the week's jobs, and each process keeps at most 20,000 rendered "
        "offers (coopt/diffusion/digest/render.py), whatever the tenant's size.",
    ]
    if result.worker_errors:
        lines += ["", f"The worker logged {len(result.worker_errors)} error lines."]
    return lines
