"""The taxonomy editor in a real browser: an admin adds a location with its country and a
translation, merges a duplicate after seeing what moves, and archives one."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from coopt.taxonomy.models import Tag
from tests import factories as f

from .helpers import accept_dialogs, desktop_context, label, shot, sign_in, tenant_url

pytestmark = pytest.mark.browser


def test_an_admin_adds_merges_and_archives_locations(
    browser: Browser, live_server: LiveServer, screens: Path
) -> None:
    tenant = f.make_tenant("acme", "Acme", enabled_languages=["en", "de"])
    admin = f.make_member(tenant, email="admin@acme.test", is_admin=True)
    paris = f.make_tag(tenant, "Paris")
    duplicate = f.make_tag(tenant, "Paris (75)")
    f.make_job(tenant, author=admin.user, title="Buyer", locations=[duplicate])
    for n in range(2):
        f.make_member(tenant, email=f"m{n}@acme.test").interests.add(duplicate, paris)
    f.make_tag(tenant, "Nantes")

    page = desktop_context(browser).new_page()
    base = tenant_url(live_server)
    sign_in(page, base, admin.user.email, totp=True)
    dialogs = accept_dialogs(page)

    page.goto(f"{base}/office/taxonomy/")
    expect(page.get_by_test_id("tag-row")).to_have_count(3)
    page.get_by_test_id("taxonomy-add").click()
    page.get_by_label(label("Name")).fill("Munich")
    page.get_by_label("Deutsch").fill("München")
    page.get_by_label("Country").select_option("DE")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("tag-row").filter(has_text="Munich")).to_contain_text("Germany")
    shot(page, screens, "list")

    row = page.get_by_test_id("tag-row").filter(has_text="Paris (75)")
    row.get_by_role("link", name="Merge").click()
    page.get_by_label(label("Merge into")).select_option(label="Paris")
    page.get_by_role("button", name="See what moves").click()
    confirmation = page.get_by_test_id("merge-confirmation")
    expect(confirmation).to_contain_text("Jobs: locations: 1")
    expect(confirmation).to_contain_text("Memberships: interests: 2")
    shot(page, screens, "merge")
    confirmation.get_by_role("button", name="Merge into “Paris”").click()
    paris_row = page.get_by_test_id("tag-row").filter(has_text="Paris")
    expect(paris_row).to_have_count(1)
    expect(paris_row.get_by_test_id("tag-jobs")).to_have_text("1")
    expect(paris_row.get_by_test_id("tag-members")).to_have_text("2")

    nantes = page.get_by_test_id("tag-row").filter(has_text="Nantes")
    nantes.get_by_role("button", name="Archive").click()
    expect(page.get_by_test_id("tag-row").filter(has_text="Nantes")).to_contain_text("Archived")
    assert dialogs and dialogs[0].startswith("Archive Nantes?")
    assert Tag.objects.get(tenant=tenant, name="Nantes").is_archived
    assert not Tag.objects.filter(pk=duplicate.pk).exists()
