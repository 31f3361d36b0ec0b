"""The API's interactive documentation runs under the site's Content-Security-Policy, from
our own static files."""

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Request, expect
from pytest_django.live_server_helper import LiveServer

from tests import factories as f

from .helpers import desktop_context, tenant_url

pytestmark = pytest.mark.browser


def test_the_docs_page_shows_the_operations_without_a_csp_violation(
    browser: Browser, live_server: LiveServer
) -> None:
    f.make_tenant("acme", "Acme")
    page = desktop_context(browser).new_page()
    errors: list[str] = []
    foreign: list[str] = []
    base = tenant_url(live_server)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    def on_request(request: Request) -> None:
        if not request.url.startswith(base) and not request.url.startswith("data:"):
            foreign.append(request.url)

    page.on("console", on_console)
    page.on("request", on_request)
    page.goto(base + "/api/v1/docs")
    expect(page.get_by_text("/api/v1/jobs").first).to_be_visible()
    assert not [e for e in errors if "Content Security Policy" in e], errors
    assert not foreign, foreign
