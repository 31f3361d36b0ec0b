"""Content-Security-Policy (Y5): every page carries the header, and every script
on it is either a file of our own or carries the response's nonce.

The pages are found by following the links of the member space, the back office
and the public pages, so a new page is checked as soon as something links to it.
"""

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import TypedDict
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.test import Client

from coopt.jobs.models import ShareLink
from coopt.jobs.services import share_link_for
from coopt.referrals.models import Referral
from coopt.referrals.self_service_links import self_service_path
from coopt.referrals.services import ReferralData, referral_submit

from .. import factories as f
from ..conftest import World
from ..referrals.cv_files import pdf_upload
from ..responses import Response

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Not pages: files, exports and actions reached by a link.
SKIPPED = re.compile(
    r"^/(static/|brand|accounts/logout/|operator/|office/documents/|i18n/)|\.csv$|/download/$"
)
MAX_PAGES = 250


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.links: list[str] = []
        self.inline_handlers: list[str] = []
        self.style_attributes: list[str] = []
        self.style_elements = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            self.scripts.append(values)
        if tag == "style":
            self.style_elements += 1
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))
        for name, value in attrs:
            if name.startswith("on") or name.startswith("hx-on"):
                self.inline_handlers.append(f"<{tag} {name}>")
            if name == "style":
                self.style_attributes.append(f"<{tag} style={value!r}>")
            if name in ("href", "src", "action") and str(value).lower().startswith("javascript:"):
                self.inline_handlers.append(f"<{tag} {name}={value}>")


def csp_nonce(header: str) -> str:
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in header.split(";") if part.strip()
    )
    match = re.search(r"'nonce-([^']+)'", directives["script-src"])
    assert match, header
    return match.group(1)


def check_page(path: str, response: Response) -> str:
    """Assert the CSP rules on one HTML page; return its HTML."""
    header = response.get("Content-Security-Policy", "")
    assert header, f"{path}: no Content-Security-Policy header"
    assert "object-src 'none'" in header, path
    assert "script-src 'self' 'nonce-" in header, path
    assert "'unsafe-inline'" not in header and "'unsafe-eval'" not in header, path
    assert "style-src 'self'" in header, path
    assert "frame-ancestors 'none'" in header, path
    nonce = csp_nonce(header)
    html = response.content.decode()
    parser = PageParser()
    parser.feed(html)
    for script in parser.scripts:
        src = script.get("src")
        if src:
            parts = urlsplit(src)
            assert not parts.scheme and not parts.netloc, f"{path}: foreign script {src}"
            static = "/" + settings.STATIC_URL.lstrip("/")
            assert parts.path.startswith(static), f"{path}: script {src} is not a static file"
        else:
            assert script.get("nonce") == nonce, f"{path}: inline script without the nonce"
    assert not parser.inline_handlers, f"{path}: {parser.inline_handlers}"
    assert not parser.style_attributes, f"{path}: {parser.style_attributes}"
    assert not parser.style_elements, f"{path}: <style> element"
    return html


def crawl(client: Client, seeds: list[str]) -> dict[str, int]:
    """Visit every page reachable from ``seeds`` by GET; check each HTML page."""
    seen: dict[str, int] = {}
    queue = list(seeds)
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        path = urlsplit(url).path
        if path in seen or SKIPPED.search(path):
            continue
        response = client.get(url)
        seen[path] = response.status_code
        if response.status_code in (301, 302):
            queue.extend(local(client, url, [response["Location"]]))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = check_page(path, response)
        parser = PageParser()
        parser.feed(html)
        queue.extend(local(client, url, parser.links))
    return seen


def local(client: Client, base: str, links: list[str]) -> list[str]:
    """The links that stay on the client's own host, as paths with their query."""
    found = []
    for link in links:
        parts = urlsplit(urljoin(base, link))
        if parts.scheme in ("", "http") and parts.netloc in ("", client.defaults["HTTP_HOST"]):
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


class PageData(TypedDict):
    confirmed: Referral
    awaiting: Referral
    share: ShareLink


@pytest.fixture
def data(world: World) -> PageData:
    """A confirmed candidate with a CV, one awaiting confirmation, a share link."""
    confirmed = referral_submit(
        member=world.member,
        job=world.job,
        cv=pdf_upload(),
        data=ReferralData(
            first_name="Grace",
            last_name="Hopper",
            email="grace@example.org",
            phone="0612345678",
            relationship="Former colleague",
            motivation="Compilers",
            language="en",
        ),
    )
    from coopt.referrals.services import consent_confirm

    consent_confirm(referral=confirmed)
    awaiting = f.refer(referrer=world.member, job=world.job, email="ada@example.org")
    link = share_link_for(job=world.job, member=world.member)
    return {"confirmed": confirmed, "awaiting": awaiting, "share": link}


def test_every_member_page_is_under_the_policy(world, data):
    seen = crawl(world.client_for(world.member), ["/", "/jobs/", "/me/", "/preferences/"])
    assert seen["/jobs/"] == 200
    assert seen[f"/jobs/{world.job.pk}/"] == 200
    assert seen[f"/jobs/{world.job.pk}/recommend/"] == 200
    assert seen["/me/"] == 200
    assert len(seen) >= 8


def test_every_back_office_page_is_under_the_policy(world, data):
    seen = crawl(world.client_for(world.admin), ["/office/", "/office/jobs/", "/office/members/"])
    assert seen["/office/"] == 200
    assert seen[f"/office/jobs/{world.job.pk}/edit/"] == 200
    assert seen[f"/office/jobs/{world.job.pk}/pipeline/"] == 200
    assert seen[f"/office/candidates/{data['confirmed'].pk}/"] == 200
    assert seen["/office/members/"] == 200
    assert seen["/office/settings/"] == 200
    assert len(seen) >= 20


def test_every_public_page_is_under_the_policy(world, data, acme_client):
    awaiting = f.consent_path(data["awaiting"])
    seeds = [
        "/",
        "/accounts/login/",
        "/accounts/login/code/",
        "/accounts/password/reset/",
        f"/p/jobs/{world.job.pk}/",
        f"/s/{data['share'].token}/",
        f.consent_path(data["confirmed"]),
        awaiting,
        self_service_path(tenant=world.acme, email="grace@example.org"),
    ]
    seen = crawl(acme_client, seeds)
    for path in ("/accounts/login/", f"/p/jobs/{world.job.pk}/", awaiting):
        assert seen[path] == 200, path


def test_the_json_ld_block_of_the_public_job_page_carries_the_nonce(world, acme_client):
    response = acme_client.get(f"/p/jobs/{world.job.pk}/")
    nonce = csp_nonce(response["Content-Security-Policy"])
    assert f'<script type="application/ld+json" nonce="{nonce}">' in response.content.decode()
    # A fresh nonce on every response.
    again = acme_client.get(f"/p/jobs/{world.job.pk}/")
    assert csp_nonce(again["Content-Security-Policy"]) != nonce


def test_error_pages_are_under_the_policy_too(world, acme_client):
    response = acme_client.get("/no-such-page/")
    assert response.status_code == 404
    check_page("/no-such-page/", response)
    denied = world.client_for(world.member).get("/office/")
    assert denied.status_code == 403
    check_page("/office/", denied)


def test_the_checker_catches_an_inline_script_without_the_nonce(world, acme_client):
    """The crawl can fail: a page with an inline script and no nonce is refused."""
    response = acme_client.get("/accounts/login/")
    response.content = response.content.replace(b"</body>", b"<script>alert(1)</script></body>")
    with pytest.raises(AssertionError, match="inline script without the nonce"):
        check_page("/accounts/login/", response)


# --- Templates ------------------------------------------------------------------

STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\b(?:src|nonce)\s*=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"\son[a-z]+\s*=|\shx-on[:\-]", re.IGNORECASE)


def page_templates() -> list[Path]:
    """Every template a browser renders as a page. Exempt: e-mails, which need inline
    styles, and documents rendered to PDF (named ``*_pdf.html``), never served as pages."""
    return [
        path
        for path in sorted(TEMPLATES.rglob("*.html"))
        if path.relative_to(TEMPLATES).parts[0] != "emails" and not path.stem.endswith("_pdf")
    ]


def test_there_are_templates_to_check():
    assert len(page_templates()) > 30


@pytest.mark.parametrize("template", page_templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_has_inline_styles_or_scripts(template):
    text = template.read_text()
    assert not STYLE.search(text), "inline style (CSP style-src 'self')"
    assert not INLINE_SCRIPT.search(text), "a <script> without src or nonce"
    assert not HANDLER.search(text), "an inline event handler"
