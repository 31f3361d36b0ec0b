"""A network's door: a member sponsors someone, who joins from the e-mailed link, accepts the
charter, chooses interests and recommends a first candidate (N1, R6, R2)."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from coopt.accounts.models import Membership
from coopt.audit.actors import Actor
from coopt.network.charters import charter_publish
from coopt.network.models import CharterAcceptance
from coopt.referrals.models import Referral
from coopt.tenants.models import Tenant
from tests import factories as f

from .helpers import desktop_context, mail_to, shot, sign_in, tenant_url, tick

pytestmark = [pytest.mark.browser]

PASSWORD = "a long and unusual passphrase"


@pytest.fixture
def network(transactional_db: None) -> Tenant:
    tenant = f.make_tenant("acme", "Acme", mode="network")
    for name in ("Lyon", "Paris"):
        f.make_tag(tenant, name)
    f.make_tag(tenant, "Sales", kind="family")
    f.make_tag(tenant, "Retail", kind="sector")
    return tenant


def test_a_sponsee_joins_accepts_the_charter_and_recommends(
    browser: Browser, live_server: LiveServer, network: Tenant, screens: Path
) -> None:
    sponsor = f.make_member(network, email="sponsor@example.org")
    admin = f.make_member(network, email="admin@example.org", is_admin=True)
    charter_publish(
        tenant=network,
        kind="charter",
        texts={"en": "One candidate per job: the one you think best."},
        actor=Actor.member(admin),
    )
    job = f.make_job(
        network, title="Store manager in Lyon", locations=[f.make_tag(network, "Lyon")]
    )
    base = tenant_url(live_server)
    context = desktop_context(browser)
    page = context.new_page()

    # The sponsor invites Grace from their member space.
    sign_in(page, base, sponsor.user.email)
    page.get_by_role("link", name="Sponsor someone").click()
    page.get_by_label("Their first name").fill("Grace")
    page.get_by_label("Their e-mail").fill("grace@example.org")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator(".message.success")).to_contain_text("Your invitation is on its way")
    shot(page, screens, "sponsor-1-invited")
    context.clear_cookies()

    # Grace opens the link, joins and accepts the charter.
    [message] = mail_to("grace@example.org")
    found = re.search(r"/join/[\w-]+/", str(message.body))
    assert found
    page.goto(base + found.group(0))
    expect(page.get_by_text("One candidate per job: the one you think best.")).to_be_visible()
    page.get_by_label("Last name").fill("Brewster")
    page.get_by_label("Your current employer").fill("Navy")
    page.get_by_label("Its e-mail domain (optional)").fill("navy.example")
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_label("I have read and accept").check()
    page.get_by_role("button", name="Join").click()
    expect(page).to_have_url(base + "/welcome/")
    for name in ("Lyon", "Sales", "Retail"):
        tick(page, name)
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(base + "/jobs/")

    # Her first recommendation: a colleague is flagged before it is sent.
    page.goto(base + f"/jobs/{job.pk}/recommend/")
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Byron")
    page.get_by_label("E-mail").fill("ada@navy.example")
    page.get_by_label("How do you know them?").fill("Colleague")
    page.get_by_label("Why do they fit?").fill("Runs the best store in town")
    page.get_by_role("button", name="Send my recommendation").click()
    expect(page.get_by_role("alert").first).to_contain_text("seems to work at your own employer")
    shot(page, screens, "sponsor-2-own-employer")
    page.get_by_role("button", name="Send my recommendation").click()
    expect(page).to_have_url(base + "/me/")

    grace = Membership.objects.get(user__email="grace@example.org")
    assert grace.sponsor == sponsor
    assert CharterAcceptance.objects.filter(membership=grace).count() == 1
    referral = Referral.objects.get(referrer=grace, job=job)
    assert referral.own_employer is True
    context.close()
