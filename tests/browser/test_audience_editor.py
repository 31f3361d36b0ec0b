"""The audience editor and a send's progress in a real browser: edits update the size live
(htmx) under the CSP, the send goes from confirmation to its progress page, and the progress
follows the send until it is done."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, ConsoleMessage, Dialog, expect
from pytest_django.live_server_helper import LiveServer

from coopt.accounts.models import Membership
from coopt.diffusion import sends
from coopt.diffusion.audience import AudienceSpec
from coopt.diffusion.models import Send, Wave
from coopt.gamification.models import MemberScore
from coopt.taxonomy.models import Tag
from tests import factories as f

from .helpers import desktop_context, shot, sign_in, tenant_url, tick

pytestmark = pytest.mark.browser


def test_ticking_a_tag_updates_the_audience_without_a_page_load(
    browser: Browser, live_server: LiveServer, screens: Path
) -> None:
    tenant = f.make_tenant("acme", "Acme")
    recruiter = f.make_member(tenant, email="recruiter@acme.test", is_recruiter=True)
    lyon = f.make_tag(tenant, "Lyon")
    paris = f.make_tag(tenant, "Paris")
    job = f.make_job(tenant, author=recruiter.user, title="Account manager", locations=[lyon])
    for n in range(2):
        f.make_member(tenant, email=f"lyon{n}@acme.test").interests.add(lyon)
    for n in range(3):
        f.make_member(tenant, email=f"paris{n}@acme.test").interests.add(paris)

    page = desktop_context(browser).new_page()
    base = tenant_url(live_server)
    sign_in(page, base, recruiter.user.email, totp=True)
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            problems.append(f"{message.type}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))

    page.goto(f"{base}/office/diffusion/jobs/{job.pk}/send/")
    size = page.get_by_test_id("audience-size")
    expect(size).to_have_text("2")
    page.evaluate("window.stillTheSamePage = true")

    tick(page, "Paris")
    expect(size).to_have_text("5")
    expect(page.get_by_test_id("audience-sample")).to_contain_text("paris0@acme.test")
    assert page.evaluate("window.stillTheSamePage") is True, "the page was reloaded"

    # A pasted address of nobody in the company is named under its field, live too.
    page.get_by_label("Leave out people").fill("ghost@acme.test")
    expect(page.locator("#errors-remove_emails")).to_contain_text(
        "No member of Acme has this address: ghost@acme.test."
    )
    page.get_by_label("Leave out people").fill("paris0@acme.test\nparis1@acme.test")
    expect(size).to_have_text("3")
    expect(page.locator("#errors-remove_emails")).to_have_text("")
    assert page.evaluate("window.stillTheSamePage") is True
    shot(page, screens, "editor")

    page.get_by_test_id("review-send").click()
    shot(page, screens, "confirm")
    expect(page.get_by_test_id("confirm-send")).to_contain_text(
        "3 members will receive this job by e-mail and in their notifications."
    )
    page.get_by_role("button", name="Send now").click()
    expect(page.get_by_test_id("send-progress")).to_be_visible()
    send = Send.objects.get()
    # The pasted lines went through the confirmation step intact.
    assert send.audience_size == 3
    assert len(send.audience["remove_members"]) == 2
    assert send.audience["add_tags"] == [Tag.objects.get(name="Paris").pk]
    # The tasks run eagerly in tests: the send is done by the time its page shows.
    expect(page.get_by_test_id("count-sent")).to_have_text("3")
    expect(page.get_by_test_id("send-progress")).to_have_attribute("data-done", "yes")
    shot(page, screens, "progress")
    assert problems == [], problems


def waiting_send() -> tuple[Membership, Send]:
    """A send by level to an expert and a beginner: as the tasks run eagerly on commit, the
    expert's wave is sent at once and the beginner's waits two hours."""
    tenant = f.make_tenant("acme", "Acme")
    recruiter = f.make_member(tenant, email="recruiter@acme.test", is_recruiter=True)
    lyon = f.make_tag(tenant, "Lyon")
    job = f.make_job(tenant, author=recruiter.user, title="Account manager", locations=[lyon])
    for email, points in (("expert@acme.test", 400), ("beginner@acme.test", 0)):
        member = f.make_member(tenant, email=email)
        member.interests.add(lyon)
        MemberScore.objects.create(tenant=tenant, member=member, points=points)
    send = sends.send_start(
        job=job,
        spec=AudienceSpec(),
        author=recruiter.user,
        wave_by=Send.WaveBy.LEVEL,
        wave_delay=timedelta(hours=2),
    )
    return recruiter, send


def test_the_progress_page_follows_a_send_until_it_is_done(
    browser: Browser, live_server: LiveServer
) -> None:
    recruiter, send = waiting_send()

    page = desktop_context(browser).new_page()
    page.clock.install()  # the page's timers: its poll is moved on by hand below
    base = tenant_url(live_server)
    sign_in(page, base, recruiter.user.email, totp=True)
    page.goto(f"{base}/office/diffusion/sends/{send.pk}/")
    progress = page.get_by_test_id("send-progress")
    expect(page.get_by_test_id("count-sent")).to_have_text("1")
    expect(page.get_by_test_id("count-queued")).to_have_text("1")
    expect(progress).to_have_attribute("data-done", "no")
    expect(progress).to_have_attribute("hx-trigger", "every 30s")  # waiting: a slow poll
    page.evaluate("window.stillTheSamePage = true")

    # The second wave's time comes: at its next poll the page shows it sent and stops.
    Wave.objects.filter(send=send, number=2).update(
        release_at=timezone.now() - timedelta(minutes=1)
    )
    sends.waves_release_due()
    page.clock.fast_forward(30_000)
    expect(page.get_by_test_id("count-sent")).to_have_text("2")
    expect(progress).to_have_attribute("data-done", "yes")
    expect(page.get_by_test_id("send-status")).to_have_text("Done")
    assert page.evaluate("window.stillTheSamePage") is True, "the page was reloaded"


def test_a_recruiter_stops_a_send_after_confirming(
    browser: Browser, live_server: LiveServer
) -> None:
    recruiter, send = waiting_send()
    context = desktop_context(browser)
    questions: list[str] = []
    answers = iter([False, True])  # "Cancel" first, then "OK"

    def answer(dialog: Dialog) -> None:
        questions.append(dialog.message)
        if next(answers):
            dialog.accept()
        else:
            dialog.dismiss()

    context.on("dialog", answer)
    page = context.new_page()
    base = tenant_url(live_server)
    sign_in(page, base, recruiter.user.email, totp=True)
    page.goto(f"{base}/office/diffusion/sends/{send.pk}/")

    # Dismissing the question changes nothing.
    page.get_by_test_id("stop-send").click()
    question = (
        "Stop this send? The members not reached yet will not receive the job. "
        "This cannot be undone."
    )
    assert questions == [question]
    send.refresh_from_db()
    assert send.status == Send.Status.WAITING

    page.get_by_test_id("stop-send").click()
    expect(page.get_by_text("The send is stopped: nobody else will receive it.")).to_be_visible()
    expect(page.get_by_test_id("send-status")).to_have_text("Stopped")
    expect(page.get_by_test_id("stop-send")).to_have_count(0)
    assert questions == [question, question]
    send.refresh_from_db()
    assert send.status == Send.Status.STOPPED
    assert not Wave.objects.filter(send=send, released_at__isnull=True).exists()
