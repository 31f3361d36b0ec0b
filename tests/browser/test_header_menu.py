"""On a 360 px phone the header's links fold under a "Menu" button that a keyboard can open
(defect 8: Notifications, Preferences and Sign out were off-screen with no hint)."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, FloatRect, expect
from pytest_django.live_server_helper import LiveServer

from tests import factories as f

from .helpers import assert_fits_width, desktop_context, phone_context, shot, sign_in, tenant_url

pytestmark = [pytest.mark.browser]


def in_viewport(box: FloatRect | None, width: int = 360) -> bool:
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


def test_a_member_on_a_phone_opens_the_menu_to_reach_notifications_preferences_and_sign_out(
    browser: Browser, live_server: LiveServer, screens: Path
) -> None:
    tenant = f.make_tenant("acme", "Acme")
    f.make_member(tenant, email="max.member@acme.test")
    context = phone_context(browser)
    page = context.new_page()
    sign_in(page, tenant_url(live_server), "max.member@acme.test")
    page.goto(tenant_url(live_server) + "/jobs/")

    menu = page.get_by_role("button", name="Menu")
    nav = page.get_by_role("navigation", name="Main")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(nav.get_by_role("link", name="Notifications")).to_be_hidden()
    assert_fits_width(page)

    # With the keyboard: focus the button, open it with Enter.
    menu.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    for link in ("Notifications", "Preferences"):
        expect(nav.get_by_role("link", name=link)).to_be_visible()
        assert in_viewport(nav.get_by_role("link", name=link).bounding_box()), link
    sign_out = nav.get_by_role("button", name="Sign out")
    expect(sign_out).to_be_visible()
    assert in_viewport(sign_out.bounding_box())
    assert_fits_width(page)
    shot(page, screens, "menu-open")

    # Escape closes it and gives the focus back to the button.
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()
    expect(nav.get_by_role("link", name="Preferences")).to_be_hidden()

    # Tab from the button reaches the links once the menu is open.
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Jobs")).to_be_focused()

    nav.get_by_role("link", name="Preferences").click()
    page.wait_for_url("**/preferences/")
    context.close()


def test_on_a_desktop_the_links_show_without_a_menu(
    browser: Browser, live_server: LiveServer
) -> None:
    tenant = f.make_tenant("acme", "Acme")
    f.make_member(tenant, email="max.member@acme.test")
    context = desktop_context(browser)
    page = context.new_page()
    sign_in(page, tenant_url(live_server), "max.member@acme.test")
    page.goto(tenant_url(live_server) + "/jobs/")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("link", name="Notifications")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    context.close()


def test_a_public_page_with_no_navigation_shows_no_menu_button(
    browser: Browser, live_server: LiveServer
) -> None:
    tenant = f.make_tenant("acme", "Acme")
    job = f.make_job(tenant, title="Warehouse team lead")
    context = phone_context(browser)
    page = context.new_page()
    page.goto(tenant_url(live_server) + f"/p/jobs/{job.pk}/")
    expect(page.get_by_role("heading", name="Warehouse team lead")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    assert_fits_width(page)
    context.close()
