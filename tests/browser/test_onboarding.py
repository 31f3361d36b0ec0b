"""A new member's first sign-in: choose interests, land on the job board (M3)."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from coopt.tenants.models import Tenant
from tests import factories as f

from .helpers import assert_fits_width, phone_context, shot, sign_in, tenant_url, tick, ticked

pytestmark = [pytest.mark.browser]


@pytest.fixture
def acme(transactional_db: None) -> Tenant:
    tenant = f.make_tenant("acme", "Acme")
    for name in ("Lyon", "Paris"):
        f.make_tag(tenant, name)
    f.make_tag(tenant, "Sales", kind="family")
    f.make_tag(tenant, "Retail", kind="sector")
    return tenant


def test_a_new_member_chooses_three_interests_and_lands_on_the_job_board(
    browser: Browser,
    live_server: LiveServer,
    acme: Tenant,
    screens: Path,
) -> None:
    member = f.make_member(acme, email="newcomer@acme.test", onboarded=False)
    f.make_job(acme, title="Store manager in Lyon", locations=[f.make_tag(acme, "Lyon")])
    base = tenant_url(live_server)
    context = phone_context(browser)
    page = context.new_page()

    sign_in(page, base, member.user.email)
    expect(page).to_have_url(base + "/welcome/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome to Acme")
    assert_fits_width(page)
    shot(page, screens, "1-onboarding")

    # Too few interests first: a clear error and nothing lost.
    tick(page, "Lyon")
    tick(page, "Sales")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".form-errors, .error").first).to_contain_text("Choose 3 or 4 interests")
    expect(ticked(page, "Lyon")).to_be_checked()

    tick(page, "Retail")
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(base + "/jobs/")
    expect(page.locator(".message.success")).to_contain_text("Welcome! Here are the jobs for you.")
    expect(page.get_by_role("link", name="Store manager in Lyon")).to_be_visible()
    assert_fits_width(page)
    shot(page, screens, "2-job-board")

    member.refresh_from_db()
    assert member.onboarded_at is not None
    assert sorted(member.interests.values_list("name", flat=True)) == ["Lyon", "Retail", "Sales"]
    context.close()
