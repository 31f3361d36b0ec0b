"""The operator opens a company in the console; its first admin follows the invitation on the
company's own host, chooses a password, sets up two-factor sign-in, reaches the back office and
works through the first-run checklist there, following its links as a new admin would."""

import re
import time
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from coopt.accounts.models import Membership, User
from coopt.backoffice.selectors import first_run_checklist
from coopt.jobs.models import Job
from coopt.rewards.models import RewardRule
from coopt.taxonomy.models import Tag
from coopt.tenants.models import Tenant
from tests import factories as f

from .helpers import (
    _fresh_totp_code,
    accept_dialogs,
    desktop_context,
    label,
    mail_to,
    shot,
    tenant_url,
)

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a long and unusual passphrase"


@pytest.fixture
def operator(transactional_db: None) -> User:
    user = User.objects.create_user("ops@operator.test", f.PASSWORD, is_staff=True)
    TOTP.activate(user, f.TOTP_SECRET)
    return user


def test_the_operator_opens_a_company_and_its_admin_reaches_the_back_office(
    browser: Browser,
    live_server: LiveServer,
    link_port: str,
    operator: User,
    screens: Path,
    tmp_path: Path,
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
    page.get_by_label("Programme mode").select_option("internal")
    page.get_by_label("English").check()
    page.get_by_label("Deutsch").check()
    page.get_by_label("Default language").select_option("en")
    page.get_by_label("First admin's e-mail").fill("boss@initech.test")
    shot(page, screens, "1-new-company")
    page.get_by_role("button", name="Create the company").click()
    row = page.locator("[data-testid=tenant-row][data-slug=initech]")
    expect(row).to_be_visible()
    shot(page, screens, "2-companies")
    assert Tenant.objects.get(slug="initech").mode == "internal"

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

    _complete_the_checklist(admin_page, tenant_url(live_server, "initech"), screens, tmp_path)
    context.close()


HR_FILE = """first_name,last_name,email,department,location
Peter,Gibbons,peter@initech.test,Software,Lyon
Samir,Nagheenanajar,samir@initech.test,Software,Lyon
"""


def _complete_the_checklist(page: Page, base: str, screens: Path, tmp_path: Path) -> None:
    """The new admin follows each link of the first-run checklist, does what it asks, and
    comes back to see that step ticked; once all six are done the list goes away."""
    tenant = Tenant.objects.get(slug="initech")
    dialogs = accept_dialogs(page)
    checklist = page.get_by_test_id("checklist")

    done: list[str] = []

    def step(key: str) -> None:
        """Back on the back office's home, the step is ticked and has no link any more;
        the ones done before stay ticked."""
        done.append(key)
        page.goto(base + "/office/")
        item = checklist.locator(f'li[data-step="{key}"]')
        expect(item).to_have_attribute("data-done", "true")
        expect(item.get_by_role("link")).to_have_count(0)
        expect(checklist.locator('li[data-done="true"]')).to_have_count(len(done))

    expect(checklist).to_be_visible()
    expect(checklist.locator('li[data-done="false"]')).to_have_count(6)
    shot(page, screens, "4-checklist")

    # Brand: a colour of the company's own.
    checklist.get_by_role("link", name="Set your logo or colours").click()
    page.get_by_label("Primary colour").fill("#7a1f5c")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    # The new colour shows at once on the next page, not once the browser's cache expires.
    expect(page.locator("header.topbar")).to_have_css("background-color", "rgb(122, 31, 92)")
    step("brand")
    tenant.refresh_from_db()
    assert tenant.primary_colour == "#7a1f5c"

    # Taxonomy: a location, then a job family (the editor's other tab).
    checklist.get_by_role("link", name="Add a location and a job family").click()
    page.get_by_test_id("taxonomy-add").click()
    page.get_by_label(label("Name")).fill("Lyon")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("tag-row").filter(has_text="Lyon")).to_be_visible()
    page.get_by_role("link", name="Job families").click()
    page.get_by_test_id("taxonomy-add").click()
    page.get_by_label(label("Name")).fill("Engineering")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("tag-row").filter(has_text="Engineering")).to_be_visible()
    shot(page, screens, "5-taxonomy")
    step("taxonomy")
    assert set(Tag.objects.filter(tenant=tenant).values_list("kind", "name")) == {
        (Tag.Kind.LOCATION, "Lyon"),
        (Tag.Kind.FAMILY, "Engineering"),
    }

    # Reward: a cash bonus for each hire.
    checklist.get_by_role("link", name="Set a referral reward").click()
    page.get_by_label("Cash bonus").check()
    page.get_by_label(label("Amount")).fill("500")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    step("reward")
    assert RewardRule.objects.get(tenant=tenant).amount == 500

    # A first job, in Lyon and in Engineering, saved as a draft and then published.
    checklist.get_by_role("link", name="Publish a first job").click()
    page.get_by_label(label("Title")).fill("TPS report analyst")
    page.get_by_role("textbox", name="Description").click()
    page.keyboard.type("Checks the cover sheets of every report.")
    page.get_by_label("Lyon").check()
    page.get_by_label(label("Job family")).select_option(label="Engineering")
    shot(page, screens, "6-new-job")
    page.get_by_role("button", name="Save as draft").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("link", name="Public page")).to_be_visible()
    assert dialogs and dialogs[-1].startswith("Publish “TPS report analyst”?")
    step("job")
    job = Job.objects.get(tenant=tenant)
    assert job.published_at is not None
    assert [tag.name for tag in job.locations.all()] == ["Lyon"]

    # Members: the HR file, imported without e-mailing anyone yet.
    checklist.get_by_role("link", name="Import your members").click()
    hr_file = tmp_path / "initech-staff.csv"
    hr_file.write_text(HR_FILE, encoding="utf-8")
    page.get_by_label(label("CSV file")).set_input_files(hr_file)
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_test_id("created-count")).to_have_text("2")
    expect(page.get_by_test_id("rejected-count")).to_have_text("0")
    shot(page, screens, "7-import")
    step("members")

    # Invitations: sent one by one from the members page.
    checklist.get_by_role("link", name="Invite your members").click()
    for email in ("peter@initech.test", "samir@initech.test"):
        row = page.get_by_test_id("member-row").filter(has_text=email)
        row.get_by_role("button", name="Send invitation").click()
        expect(
            page.get_by_test_id("member-row")
            .filter(has_text=email)
            .get_by_role("button", name="Resend invitation")
        ).to_be_visible()
        assert len(mail_to(email)) == 1
    shot(page, screens, "8-members")
    assert not Membership.objects.filter(tenant=tenant, is_admin=False, invited_at=None).exists()

    # Every step is done: the home page no longer shows the list.
    assert first_run_checklist(tenant=tenant).complete
    page.goto(base + "/office/")
    expect(page.locator("main")).to_be_visible()
    expect(checklist).to_have_count(0)
    shot(page, screens, "9-checklist-done")
