"""Rendering a batch's digests (D3): each language's frame once, each offer once.

The digests of a batch differ by the member's first name, their unsubscribe link and
their offers; the rest (the tenant's brand, the texts in the member's language) is the
same for every member of a language. So the templates are rendered once per language
with a marker where each of those goes (the frame), each offer (a job with the member's
reasons for it) once per language and reasons, and the subject once per language and
number of offers. A member's digest is the frame with its markers replaced in one pass,
the values escaped in the HTML part as the template escapes them.

tests/diffusion/test_digest_render.py holds the result equal to the templates rendered
for each member. The markers are characters of Unicode's private use area, which no
template filter, translation or escaping changes.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext, pgettext

from coopt.notifications.rendering import RenderedEmail
from coopt.tenants.models import Tenant

from ..explain import explanation
from .content import Offer

TEMPLATE = "job-digest"
MARKERS = re.compile("\ue000([a-z_]+)\ue001")
# The rendered offers kept at most (a few tens of MB): a week's jobs in seven languages
# with their members' different reasons stay well below it.
MAX_RENDERED_OFFERS = 20_000


def marker(name: str) -> str:
    return f"\ue000{name}\ue001"


@dataclass(frozen=True)
class Parts:
    """A text part and its HTML twin: a language's frame, or one offer."""

    text: str
    html: str


class DigestRenderer:
    """Renders the digests of one batch (one tenant, its links read once)."""

    def __init__(
        self,
        *,
        tenant: Tenant,
        links: dict[str, str],
        rendered: dict[Any, Any] | None = None,
    ) -> None:
        self.tenant = tenant
        self.links = links  # tenant_url, board_url, preferences_url
        self._frames: dict[str, Parts] = {}
        # The rendered offers may outlive the batch (``Catalogue.rendered``): their key
        # holds everything they show but the tenant's brand and address.
        self._offers: dict[Any, Any] = {} if rendered is None else rendered
        self._counted: dict[tuple[str, int], tuple[str, str]] = {}

    def render(
        self, *, first_name: str, unsubscribe_url: str, offers: list[Offer], language: str
    ) -> tuple[RenderedEmail, str]:
        """The member's e-mail and in-app notice, in ``language``."""
        frame = self._frame(language)
        rendered = [self._offer(offer, language) for offer in offers]
        subject, notice = self._counted_texts(language, len(offers))
        text = fill(
            frame.text,
            first_name=first_name,
            unsubscribe_url=unsubscribe_url,
            offers="\n\n".join(offer.text for offer in rendered),
        )
        html = fill(
            frame.html,
            first_name=escape(first_name),
            unsubscribe_url=escape(unsubscribe_url),
            offers="".join(offer.html for offer in rendered),
        )
        return RenderedEmail(subject=subject, text=text.strip(), html=html), notice

    def context(self, *, language: str) -> dict[str, Any]:
        return {**self.links, "tenant": self.tenant, "LANGUAGE_CODE": language}

    def _frame(self, language: str) -> Parts:
        if language not in self._frames:
            ctx = self.context(language=language)
            ctx |= {name: marker(name) for name in ("first_name", "unsubscribe_url")}
            ctx |= {"offers_text": marker("offers"), "offers_html": mark_safe(marker("offers"))}  # noqa: S308 - a marker
            with translation.override(language):
                self._frames[language] = Parts(
                    text=render_to_string(f"emails/{TEMPLATE}-body-text.txt", ctx),
                    html=render_to_string(f"emails/{TEMPLATE}-body-html.html", ctx),
                )
        return self._frames[language]

    def _offer(self, offer: Offer, language: str) -> Parts:
        with translation.override(language):
            why = explanation(offer.reasons)
            key = (self.tenant.pk, self.links["tenant_url"], language, offer.job.pk, why)
            if key not in self._offers:
                if len(self._offers) >= MAX_RENDERED_OFFERS:
                    self._offers.clear()
                separator = pgettext("list separator", ", ")
                item = {
                    "title": offer.job.title,
                    "url": self.links["tenant_url"] + offer.job.path,
                    "locations": separator.join(name for _pk, name in offer.job.locations),
                    "featured": offer.job.featured,
                    "why": why,
                }
                ctx = {**self.context(language=language), "offer": item}
                self._offers[key] = Parts(
                    text=render_to_string(f"emails/{TEMPLATE}-offer.txt", ctx).strip(),
                    html=render_to_string(f"emails/{TEMPLATE}-offer.html", ctx),
                )
        return self._offers[key]

    def _counted_texts(self, language: str, count: int) -> tuple[str, str]:
        """The subject and the in-app notice, which only depend on the number of offers."""
        key = (language, count)
        if key not in self._counted:
            ctx = {**self.context(language=language), "count": count}
            with translation.override(language):
                subject = render_to_string(f"emails/{TEMPLATE}-subject.txt", ctx)
                notice = ngettext(
                    "%(count)s new job for you in your digest",
                    "%(count)s new jobs for you in your digest",
                    count,
                ) % {"count": count}
            self._counted[key] = (" ".join(subject.split()), notice)
        return self._counted[key]


def fill(frame: str, **values: str) -> str:
    """The frame with each marker replaced by its value, in one pass (a value that holds
    a marker's characters is not read again)."""
    return MARKERS.sub(lambda match: values[match.group(1)], frame)
