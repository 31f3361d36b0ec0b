"""Accessibility and phone width, page by page: axe-core (WCAG 2.2 AA) and no sideways scroll.

Every page of site_pages.PAGES is opened at a phone (360x740) and a desktop (1280x800)
viewport. The test fails on any serious or critical axe-core violation of the WCAG 2.2 AA
rules, and when the page is wider than the viewport (a kanban board may scroll inside its
own box: that does not widen the page). One browser, one seeded site and one signed-in
context per persona and viewport serve the whole module.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Browser, BrowserContext, Page, StorageState, ViewportSize
from pytest_django import DjangoDbBlocker
from pytest_django.live_server_helper import LiveServer

from .helpers import sign_in, tenant_url
from .site_pages import (
    PAGES,
    PERSONA_EMAILS,
    PERSONA_HOSTS,
    TWO_FACTOR_PERSONAS,
    Persona,
    Site,
    SitePage,
    seed_site,
)

# ``django_db`` so that pytest-django sets the test database up; the two fixtures below
# keep it from wrapping each test in a transaction (or emptying the database after it), so
# that the site seeded once for the module lasts for all its pages.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FAILING_IMPACTS = {"serious", "critical"}


@dataclass(frozen=True)
class Viewport:
    name: str
    size: ViewportSize
    is_mobile: bool


PHONE = Viewport("phone", {"width": 360, "height": 740}, is_mobile=True)
DESKTOP = Viewport("desktop", {"width": 1280, "height": 800}, is_mobile=False)
VIEWPORTS = [PHONE, DESKTOP]


@dataclass
class SweptSite:
    """The seeded site, its server, and one browser context per (persona, viewport)."""

    site: Site
    live_server: LiveServer
    browser: Browser
    states: dict[Persona, StorageState] = field(default_factory=dict)
    contexts: dict[tuple[Persona, str], BrowserContext] = field(default_factory=dict)
    pages: dict[tuple[Persona, str], Page] = field(default_factory=dict)

    def url(self, page: SitePage) -> str:
        return tenant_url(self.live_server, page.host) + page.path(self.site)

    def page(self, persona: Persona, viewport: Viewport) -> Page:
        """One tab per persona and viewport, reused from page to page."""
        key = (persona, viewport.name)
        if key not in self.pages:
            self.pages[key] = self.context(persona, viewport).new_page()
            self.pages[key].set_default_timeout(20_000)
        return self.pages[key]

    def context(self, persona: Persona, viewport: Viewport) -> BrowserContext:
        key = (persona, viewport.name)
        if key not in self.contexts:
            self.contexts[key] = self.browser.new_context(
                viewport=viewport.size,
                is_mobile=viewport.is_mobile,
                has_touch=viewport.is_mobile,
                locale="en-GB",
                storage_state=self._state(persona),
            )
        return self.contexts[key]

    def _state(self, persona: Persona) -> StorageState | None:
        """The persona's cookies after signing in once through the real sign-in page."""
        if persona == "visitor":
            return None
        if persona not in self.states:
            context = self.browser.new_context()
            page = context.new_page()
            host = PERSONA_HOSTS.get(persona, "acme")
            sign_in(
                page,
                tenant_url(self.live_server, host),
                PERSONA_EMAILS[persona],
                totp=persona in TWO_FACTOR_PERSONAS,
            )
            self.states[persona] = context.storage_state()
            context.close()
        return self.states[persona]

    def close(self) -> None:
        for context in self.contexts.values():
            context.close()


@pytest.fixture(autouse=True)
def _live_server_helper() -> Iterator[None]:
    """Replaces pytest-django's, which would empty the database after each test that
    reaches ``live_server`` (``transactional_db``). These tests only read the site."""
    yield


@pytest.fixture(autouse=True)
def _django_db_marker() -> None:
    """Replaces pytest-django's, which would run each test in a transaction rolled back
    after it: the site's rows, written by ``swept`` inside the first one, would go with it.
    ``swept`` holds the database open for the whole module instead."""


@pytest.fixture(scope="module")
def swept(
    browser: Browser,
    live_server: LiveServer,
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
) -> Iterator[SweptSite]:
    """The site, seeded once for the module and emptied after it."""
    with django_db_blocker.unblock():
        swept = SweptSite(site=seed_site(), live_server=live_server, browser=browser)
        try:
            yield swept
        finally:
            swept.close()
            # What TransactionTestCase does after each test: the next tests start empty.
            call_command("flush", verbosity=0, interactive=False)


AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
AXE_TIMEOUT_MS = 20_000


def serious_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is.

    axe-core is the one bundled by axe-playwright-python (pinned in pyproject.toml); it is
    run here with a time limit, so that a page on which it never finishes fails instead of
    stalling the suite (page.evaluate has no timeout of its own).
    """
    page.evaluate(Axe().axe_script)
    violations: list[dict[str, Any]] = page.evaluate(
        """([options, limit]) => Promise.race([
            axe.run(document, options).then((results) => results.violations),
            new Promise((resolve, reject) => setTimeout(
                () => reject(new Error(`axe-core did not finish in ${limit} ms`)), limit)),
        ])""",
        [AXE_OPTIONS, AXE_TIMEOUT_MS],
    )
    return [v for v in violations if v["impact"] in FAILING_IMPACTS]


# Headings that go down more than one level from the one before (an h3 after an h1):
# axe-core's heading-order rule says so only as "moderate", below the failing impacts.
SKIPPED_HEADING_LEVELS = """() => {
    const skips = [];
    let previous = 0;
    for (const heading of document.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
        const level = Number(heading.tagName[1]);
        if (previous && level > previous + 1) {
            skips.push(`h${previous} then h${level} "${heading.textContent.trim().slice(0, 40)}"`);
        }
        previous = level;
    }
    return skips;
}"""


# The outermost elements that stick out past the viewport's right edge (and are not inside a
# box that scrolls), to say where to look.
WIDEST_ELEMENTS = """(limit) => {
    const scrolls = (el) => ["auto", "scroll", "hidden"].includes(getComputedStyle(el).overflowX);
    const clipped = (el) => {
        for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
            if (scrolls(up)) return true;
        }
        return false;
    };
    const out = [...document.body.querySelectorAll("*")].filter(
        (el) => el.getBoundingClientRect().right > limit + 1 && !clipped(el));
    const name = (el) => el.tagName.toLowerCase()
        + (el.className ? "." + String(el.className).split(" ").join(".") : "");
    return out.filter((el) => !out.includes(el.parentElement)).slice(0, 5).map(
        (el) => `${name(el)} (${Math.round(el.getBoundingClientRect().right)}px)`);
}"""


def describe(violation: dict[str, Any]) -> str:
    nodes = "\n".join(
        f"      {' '.join(map(str, node['target']))}: {node['html'][:160]}"
        for node in violation["nodes"][:8]
    )
    more = len(violation["nodes"]) - 8
    return f"  [{violation['impact']}] {violation['id']}: {violation['help']}\n{nodes}" + (
        f"\n      … and {more} more" if more > 0 else ""
    )


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=[v.name for v in VIEWPORTS])
@pytest.mark.parametrize("site_page", PAGES, ids=[p.id for p in PAGES])
def test_page_is_accessible_and_fits_the_screen(
    swept: SweptSite, site_page: SitePage, viewport: Viewport
) -> None:
    page = swept.page(site_page.persona, viewport)
    url = swept.url(site_page)
    response = page.goto(url)
    assert response is not None
    # The unknown host answers 404 on purpose; every other page must open.
    assert response.status < 400 or site_page.id == "unknown-host", f"{url}: {response.status}"
    assert url in (page.url, page.url.split("?")[0]), f"{url} redirected to {page.url}"
    problems = [describe(v) for v in serious_violations(page)]
    skips = page.evaluate(SKIPPED_HEADING_LEVELS)
    if skips:
        problems.append(f"  headings skip a level: {skips}")
    width, inner_width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    limit = min(inner_width, viewport.size["width"])
    if width > limit:
        problems.append(
            f"  the page is {width}px wide at a {limit}px viewport (sideways scroll); "
            f"widest: {page.evaluate(WIDEST_ELEMENTS, limit)}"
        )
    assert not problems, f"{site_page.id} at {viewport.name} ({url}):\n" + "\n".join(problems)
