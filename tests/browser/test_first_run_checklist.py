"""The first-run checklist on a phone: a new company's admin reads it at 360 px."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from tests import factories as f

from .helpers import assert_fits_width, phone_context, shot, sign_in, tenant_url

pytestmark = pytest.mark.browser


def test_a_new_admin_reads_the_checklist_on_a_phone(
    browser: Browser, live_server: LiveServer, screens: Path
) -> None:
    tenant = f.make_tenant("acme", "Acme")
    admin = f.make_member(tenant, email="admin@acme.test", is_admin=True)
    f.make_tag(tenant, "Saint-Rémy-de-Provence")
    page = phone_context(browser).new_page()
    base = tenant_url(live_server)
    sign_in(page, base, admin.user.email, totp=True)
    page.goto(base + "/office/")
    checklist = page.get_by_test_id("checklist")
    expect(checklist).to_be_visible()
    expect(checklist.locator("li")).to_have_count(6)
    expect(checklist.locator('li[data-done="true"]')).to_have_count(0)
    assert_fits_width(page)
    shot(page, screens, "checklist-phone")
    checklist.get_by_role("link", name="Publish a first job").click()
    expect(page).to_have_url(base + "/office/jobs/new/")
