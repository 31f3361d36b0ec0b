"""Jane follows the link in her e-mail on her phone: she sees, downloads, corrects and erases
her data in a real browser (Y3). The test client sends no Origin header; Chromium does, so
this is where a page's CSRF or referrer settings would break its own forms."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from coopt.privacy.models import SubjectRequest
from coopt.referrals.models import Referral
from tests.privacy.requests_helpers import JANE, JANE_KEY, refer_jane

from ..conftest import World
from .helpers import assert_fits_width, link_in, mail_to, phone_context, shot

pytestmark = [pytest.mark.browser]


def test_jane_uses_her_data_page_from_the_link_in_her_email(
    browser: Browser,
    world: World,
    live_server: LiveServer,
    link_port: str,
    screens: Path,
) -> None:
    refer_jane(world, confirmed=False)
    link = link_in(mail_to(JANE)[-1], r"/privacy/[^/\s]+/")
    context = phone_context(browser)
    context.on("dialog", lambda dialog: dialog.accept())
    page = context.new_page()

    page.goto(link)
    expect(page.locator("h1")).to_have_text("Your personal data at Acme")
    expect(page.get_by_text("Former colleague at Initech")).to_be_visible()
    assert_fits_width(page)
    shot(page, screens, "1-her-data")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download my data").click()
    download = download_info.value
    assert download.suggested_filename == "acme-personal-data.zip"
    with open(download.path(), "rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    assert json.loads(archive.read("data.json"))["referrals"][0]["first_name"] == "Jane"

    page.get_by_role("link", name="Correct my data").click()
    page.get_by_label("First name").fill("Janet")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your data is corrected.")).to_be_visible()
    expect(page.get_by_text("Janet Doe")).to_be_visible()
    shot(page, screens, "2-corrected")

    page.get_by_role("link", name="Erase my data").click()
    expect(page.get_by_text("This cannot be undone.")).to_be_visible()
    shot(page, screens, "3-confirm-erasure")
    page.get_by_role("button", name="Erase all my data").click()
    expect(page.get_by_text("Your data has been erased.")).to_be_visible()
    expect(page.get_by_text("Nothing is held about you")).to_be_visible()
    shot(page, screens, "4-nothing-held")

    page.goto(link)  # the link went with her data: it opens nothing, and says why
    expect(page.locator("h1")).to_have_text("This link does not open anything")
    assert not Referral.objects.filter(email_key=JANE_KEY).exists()
    kinds = set(SubjectRequest.objects.values_list("kind", flat=True))
    assert kinds == {"export", "rectification", "erasure"}
    context.close()
