"""The job description editor: formatting from the toolbar reaches the saved job, sanitised."""

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from coopt.jobs.models import Job
from tests import factories as f

from .helpers import desktop_context, sign_in, tenant_url

pytestmark = pytest.mark.browser


def test_a_recruiter_formats_a_description_with_the_toolbar(
    browser: Browser, live_server: LiveServer
) -> None:
    page = desktop_context(browser).new_page()
    tenant = f.make_tenant("acme", "Acme")
    recruiter = f.make_member(tenant, email="writer@acme.test", is_recruiter=True)
    base = tenant_url(live_server)
    sign_in(page, base, recruiter.user.email, totp=True)
    page.goto(base + "/office/jobs/new/")
    page.get_by_label("Title").fill("Night shift lead")
    editor = page.get_by_role("textbox", name="Description")
    editor.click()
    page.keyboard.type("Lead the team")
    page.keyboard.press("Control+A")
    page.get_by_role("button", name="Bold").click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Bold").click()  # bold off again
    page.keyboard.type("Second paragraph")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Bulleted list").click()
    page.keyboard.type("Plan the shifts")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator(".message.success")).to_be_visible()

    job = Job.objects.get(title="Night shift lead")
    assert (
        "<b>Lead the team</b>" in job.description
        or "<strong>Lead the team</strong>" in job.description
    )
    assert "<ul><li>Plan the shifts</li></ul>" in job.description
    # Enter starts a paragraph the sanitiser keeps, so lines never run together.
    assert "<p>Second paragraph</p>" in job.description
