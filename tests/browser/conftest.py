"""Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Tenancy is by host name: ``acme`` answers at ``http://acme.localhost:<port>/``.
Chromium resolves ``*.localhost`` to loopback; the resolver rule below makes it
explicit so that no lookup ever leaves the machine.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

# Playwright's sync API keeps an event loop running in this thread; Django would
# then refuse ORM calls made by the test itself (SynchronousOnlyOperation).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Browser, Playwright, sync_playwright  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP *.localhost 127.0.0.1",
]
SCREENS = Path("/tmp/coopt-screens")


@pytest.fixture(scope="session")
def live_server(request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    """pytest-django's live server, started with a MEDIA_URL it can parse.

    Coopt sets MEDIA_URL = None (files are served only by views that check
    access), but Django's live server thread wraps the app in a media handler
    that calls urlparse(MEDIA_URL) and then crashes on every request. A URL with
    a host makes that handler step aside; the setting is restored at once.
    """
    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    saved = settings.MEDIA_URL
    settings.MEDIA_URL = "http://media-served-by-views.invalid/"
    try:
        server = LiveServer(addr)
    finally:
        settings.MEDIA_URL = saved
    yield server
    server.stop()


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Each test starts with an empty cache: allauth remembers used TOTP codes per
    user id, and ids can come back after the transactional flush."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def screens(request: pytest.FixtureRequest) -> Path:
    """Where this test's screenshots go (outside the repository)."""
    name = request.node.name.replace("[", "-").replace("]", "").replace("/", "-")
    folder = SCREENS / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def link_port(live_server: LiveServer, settings: Settings) -> str:
    """Absolute links in e-mails carry the live server's port, so they can be followed."""
    port = live_server.url.rsplit(":", 1)[1]
    settings.COOPT_URL_PORT = port
    settings.COOPT_URL_SCHEME = "http"
    return port
