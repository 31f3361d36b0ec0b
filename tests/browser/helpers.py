"""What the browser tests share: signing in, phones, a CV, the language under test."""

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core import mail
from django.utils import translation
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Dialog,
    FilePayload,
    Locator,
    Page,
    ViewportSize,
    expect,
)
from pytest_django.live_server_helper import LiveServer

from tests import factories as f

PHONE: ViewportSize = {"width": 360, "height": 740}
FRENCH_CATALOGUE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.mo"


def tenant_url(live_server: LiveServer, slug: str = "acme") -> str:
    """``http://<slug>.localhost:<port>``: the live server, reached by the tenant's host."""
    port = live_server.url.rsplit(":", 1)[1]
    return f"http://{slug}.localhost:{port}"


def phone_context(browser: Browser, *, locale: str = "en-GB") -> BrowserContext:
    return browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2, locale=locale
    )


def desktop_context(browser: Browser, *, locale: str = "en-GB") -> BrowserContext:
    return browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)


def shot(page: Page, folder: Path, name: str) -> Path:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def small_pdf() -> bytes:
    """A tiny but well-formed one-page PDF (the upload check reads the magic bytes)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def pdf_upload(name: str = "cv.pdf") -> FilePayload:
    return {"name": name, "mimeType": "application/pdf", "buffer": small_pdf()}


def assert_fits_width(page: Page, width: int = PHONE["width"]) -> None:
    """No horizontal scroll: nothing on the page is wider than the phone."""
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} scrolls sideways: {scroll_width}px > {width}px"


def _fresh_totp_code() -> str:
    """A code that will still be valid when the server checks it (not in the last
    seconds of its 30-second window)."""
    if time.time() % 30 > 26:
        time.sleep(30 - time.time() % 30 + 0.5)
    return f.totp_code()


def sign_in(
    page: Page, base: str, email: str, *, totp: bool = False, password: str = f.PASSWORD
) -> None:
    """Through the real sign-in page: e-mail and password, then the TOTP step."""
    page.goto(base + "/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    if totp:
        page.wait_for_url("**/accounts/2fa/authenticate/**")
        page.locator("input[name=code]").fill(_fresh_totp_code())
        page.locator("form:has(input[name=code]) button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"sign-in failed for {email}: {page.url}"
    assert "/accounts/2fa/" not in page.url, f"TOTP step failed for {email}: {page.url}"


def mail_to(address: str) -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if address in message.to]


def link_in(message: mail.EmailMessage, pattern: str) -> str:
    found = re.search(r"https?://\S+?" + pattern, str(message.body))
    assert found, f"no link matching {pattern!r} in e-mail {message.subject!r}"
    return found.group(0)


@dataclass
class Lang:
    """The language a journey runs in.

    ``t(msgid)`` is what the server shows for an English source string: the test
    and the live server share the same catalogues, so without a French catalogue
    it is the English text (or Django's / allauth's own translation).
    ``french(locator, msgid)`` asserts a *French word* on the page; without the
    compiled Coopt catalogue those checks are recorded and skipped at the end.
    """

    code: str
    skipped_words: list[str] = field(default_factory=list)

    @property
    def is_french(self) -> bool:
        return self.code == "fr"

    @property
    def locale(self) -> str:
        return {"fr": "fr-FR", "en": "en-GB"}[self.code]

    def t(self, msgid: str) -> str:
        with translation.override(self.code):
            return translation.gettext(msgid)

    def assert_lang(self, page: Page) -> None:
        expect(page.locator("html")).to_have_attribute("lang", self.code)

    def see(self, locator: Locator, msgid: str) -> None:
        """The element shows ``msgid`` in this language; in French, with the Coopt
        catalogue compiled, it must really be French."""
        expect(locator).to_contain_text(self.t(msgid))
        if self.is_french:
            self.french(locator, msgid)

    def french(self, locator: Locator, msgid: str) -> None:
        if not FRENCH_CATALOGUE.exists():
            self.skipped_words.append(msgid)
            return
        translated = self.t(msgid)
        assert translated != msgid, f"the French catalogue has no translation for {msgid!r}"
        expect(locator).to_contain_text(translated)

    def skip_message(self) -> str:
        return (
            f'flow and <html lang="fr"> asserted; {len(self.skipped_words)} French word '
            f"checks skipped because {FRENCH_CATALOGUE} "
            f"is not compiled yet: {', '.join(sorted(set(self.skipped_words)))}"
        )


def tick(page: Page, text: str) -> None:
    """Tick the checkbox of a ``.checkbox-list`` choice shown as ``text``.

    The lists render ``{{ choice.tag }} {{ choice.choice_label }}`` with no
    <label> around the text (reported), so the box is found through its <li>.
    """
    page.locator(".checkbox-list li").filter(has_text=text).locator("input").check()


def ticked(page: Page, text: str) -> Locator:
    return page.locator(".checkbox-list li").filter(has_text=text).locator("input")


def label(text: str) -> re.Pattern[str]:
    """A field's whole label, with or without the required-field star: "Nom" must not
    find "Prénom"."""
    return re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$")


def accept_dialogs(page: Page) -> list[str]:
    """Accept the next confirm() dialogs (data-confirm), keeping their messages."""
    seen: list[str] = []

    def accept(dialog: Dialog) -> None:
        seen.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    return seen
