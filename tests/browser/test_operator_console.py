"""The operator opens a company in the console; its first admin follows the invitation on the
company's own host, chooses a password, sets up two-factor sign-in and reaches the back office."""

import re
import time
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from coopt.accounts.models import User
from coopt.tenants.models import Tenant
from tests import factories as f

from .helpers import _fresh_totp_code, desktop_context, mail_to, shot, tenant_url

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a long and unusual passphrase"


@pytest.fixture
def operator(transactional_db: None) -> User:
    user = User.objects.create_user("ops@operator.test", f.PASSWORD, is_staff=True)
    TOTP.activate(user, f.TOTP_SECRET)
    return user


def test_the_operator_opens_a_company_and_its_admin_reaches_the_back_office(
    browser: Browser, live_server: LiveServer, link_port: str, operator: User, screens: Path
) -> None:
    context = desktop_context(browser)
    page = context.new_page()
    console = f"http://{settings.COOPT_OPERATOR_HOST}:{link_port}"

    # The operator signs in with a password, then a TOTP code computed here.
    page.goto(console + "/")
    page.wait_for_url("**/accounts/login/**")
    page.locator("input[name=login]").fill(operator.email)
    page.locator("input[name=password]").fill(f.PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    page.locator("input[name=code]").fill(_fresh_totp_code())
    page.locator("form:has(input[name=code]) button[type=submit]").first.click()
    expect(page.get_by_role("heading", name="Companies")).to_be_visible()

    # A new company, with its first admin.
    page.get_by_role("link", name="New company").first.click()
    page.get_by_label("Company name").fill("Initech")
    page.get_by_label("Subdomain").fill("initech")
    page.get_by_label("Programme mode").select_option("network")
    page.get_by_label("English").check()
    page.get_by_label("Deutsch").check()
    page.get_by_label("Default language").select_option("en")
    page.get_by_label("First admin's e-mail").fill("boss@initech.test")
    shot(page, screens, "1-new-company")
    page.get_by_role("button", name="Create the company").click()
    row = page.locator("[data-testid=tenant-row][data-slug=initech]")
    expect(row).to_be_visible()
    shot(page, screens, "2-companies")
    assert Tenant.objects.get(slug="initech").mode == "network"

    # The invited admin follows the link on the company's own host.
    (invitation,) = mail_to("boss@initech.test")
    link = re.search(r"http://\S+/invitation/\S+/", str(invitation.body))
    assert link is not None
    assert link.group(0).startswith(tenant_url(live_server, "initech") + "/invitation/")
    admin_page = desktop_context(browser).new_page()
    admin_page.goto(link.group(0))
    admin_page.locator("input[name=password1]").fill(NEW_PASSWORD)
    admin_page.locator("input[name=password2]").fill(NEW_PASSWORD)
    admin_page.locator("form button[type=submit]").click()
    # A company admin sets up two-factor sign-in first (allauth asks for the password again).
    admin_page.wait_for_url("**/accounts/reauthenticate/**")
    admin_page.locator("input[name=password]").fill(NEW_PASSWORD)
    admin_page.locator("form:has(input[name=password]) button[type=submit]").click()
    admin_page.wait_for_url("**/accounts/2fa/totp/activate/**")
    admin_page.wait_for_load_state("networkidle")
    # The secret as the page shows it, which an authenticator app would take from the QR code.
    secret = admin_page.locator("#authenticator_secret").input_value()
    if time.time() % 30 > 26:  # not a code about to expire
        time.sleep(30 - time.time() % 30 + 0.5)
    admin_page.locator("input[name=code]").fill(f.totp_code(secret))
    admin_page.locator("form:has(input[name=code]) button[type=submit]").first.click()
    admin_page.wait_for_load_state()
    admin_page.wait_for_url(lambda url: "/activate/" not in url)
    admin_page.goto(tenant_url(live_server, "initech") + "/office/")
    assert admin_page.url.endswith("/office/"), admin_page.url
    expect(admin_page.locator("main")).to_be_visible()
    shot(admin_page, screens, "3-back-office")
    expect(admin_page.get_by_role("link", name="Back office")).to_be_visible()
    context.close()
