"""Branded e-mails in the recipient's language: ``<name>-subject.txt``,
``<name>-body-text.txt`` and ``<name>-body-html.html`` under templates/emails/."""

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape, linebreaks, urlize

from coopt.tenants.models import Tenant


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def render_email(
    *, tenant: Tenant, name: str, context: dict[str, Any], language: str
) -> RenderedEmail:
    ctx = {"tenant": tenant, "tenant_url": tenant.base_url(), "LANGUAGE_CODE": language, **context}
    with translation.override(language):
        subject = render_to_string(f"emails/{name}-subject.txt", ctx)
        text = render_to_string(f"emails/{name}-body-text.txt", ctx)
        html = render_to_string(f"emails/{name}-body-html.html", ctx)
    return RenderedEmail(subject=" ".join(subject.split()), text=text.strip(), html=html)


def wrap_text_as_html(*, tenant: Tenant, subject: str, text: str, language: str) -> str:
    """The branded HTML part for a message that only has a text body."""
    body = urlize(linebreaks(escape(text)))
    with translation.override(language):
        return render_to_string(
            "emails/base.html",
            {"tenant": tenant, "tenant_url": tenant.base_url(), "subject": subject, "body": body},
        )
