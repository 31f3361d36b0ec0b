"""Workers register every task under the name the beat schedule and queued messages use.

Celery calls a task by its name, a string: a task whose module moves keeps its name
(``shared_task(name=...)``), or the beat and the messages queued before a deploy would name a
task no worker knows.
"""

import os
import subprocess
import sys

import pytest
from django.conf import settings

# Every task, by the name callers, the beat schedule and queued messages know it.
TASK_NAMES = {
    "coopt.api.tasks.purge_idempotent_responses",
    "coopt.ats.tasks.push_candidate",
    "coopt.ats.tasks.sync_all",
    "coopt.ats.tasks.sync_connection",
    "coopt.diffusion.tasks.prepare_send",
    "coopt.diffusion.tasks.release_waves",
    "coopt.diffusion.tasks.resume_sends",
    "coopt.diffusion.tasks.send_batch",
    "coopt.diffusion.tasks_digest.digest_batch",
    "coopt.diffusion.tasks_digest.resume_digests",
    "coopt.diffusion.tasks_digest.run_digests",
    "coopt.gamification.tasks.close_ended_contests",
    "coopt.integrations.tasks.run_due_feeds",
    "coopt.integrations.tasks.run_feed",
    "coopt.jobs.tasks.close_expired_jobs",
    "coopt.notifications.tasks.deliver_email",
    "coopt.notifications.tasks.relay_outbox",
    "coopt.privacy.tasks.purge_personal_data",
    "coopt.referrals.tasks.send_due_reminders",
    "coopt.rewards.tasks.make_rewards_due",
    "coopt.webhooks.tasks.deliver_webhook",
    "coopt.webhooks.tasks.prune_webhook_deliveries",
    "coopt.webhooks.tasks.relay_webhooks",
}

# What a worker does at start: set Django up, then import each app's ``tasks`` module.
REGISTER = """
import django

django.setup()
from config.celery import app

app.loader.import_default_modules()
print("\\n".join(sorted(app.tasks)))
"""


@pytest.fixture(scope="module")
def registered() -> set[str]:
    """The tasks a worker registers, found in a fresh process: in this one, the tests have
    imported modules a worker would not."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", REGISTER],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return {name for name in result.stdout.split() if not name.startswith("celery.")}


def test_the_beat_schedule_names_only_registered_tasks(registered: set[str]) -> None:
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled - registered == set()


def test_every_task_keeps_its_name(registered: set[str]) -> None:
    assert registered == TASK_NAMES
