"""Jane's phone speaks German, the member recommended her in French: her consent page is in
French, and she switches it to English in one tap; her next e-mails follow (L1, R3)."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from coopt.referrals.models import Referral

from .. import factories as f
from ..conftest import World
from .helpers import assert_fits_width, link_in, mail_to, phone_context, shot

pytestmark = [pytest.mark.browser]


def test_jane_reads_her_consent_page_in_french_and_switches_to_english(
    browser: Browser,
    world: World,
    live_server: LiveServer,
    link_port: str,
    screens: Path,
) -> None:
    referral = f.refer(
        referrer=world.member, job=world.job, email="jane@example.org", language="fr"
    )
    link = link_in(mail_to("jane@example.org")[-1], r"/c/[\w-]+/")
    page = phone_context(browser, locale="de-DE").new_page()

    page.goto(link)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("button", name="Oui, cela m’intéresse")).to_be_visible()
    switch = page.get_by_test_id("candidate-language-switch").locator("select")
    expect(switch).to_be_visible()
    assert_fits_width(page)
    shot(page, screens, "1-consent-in-french")

    switch.select_option("en")  # submits itself
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Yes, I am interested")).to_be_visible()
    expect(
        page.get_by_text("This page and our next e-mails are in the language you chose.")
    ).to_be_visible()
    shot(page, screens, "2-consent-in-english")
    assert Referral.objects.get(pk=referral.pk).language == "en"

    page.get_by_role("button", name="Yes, I am interested").click()
    expect(page.get_by_text("Your interest is confirmed")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
