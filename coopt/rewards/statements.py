"""The yearly statement of a member's rewards (W5), as a page and as a PDF.

The PDF carries the tenant's brand (name, colour, logo) and fetches nothing:
the logo is embedded as a data URI and the fetcher refuses every other URL.
"""

import base64
import mimetypes
from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from coopt.accounts.models import Membership
from coopt.tenants.models import Tenant

from .selectors import rewards_paid_in, sums_by_currency

EMBEDDABLE_IMAGES = {"image/png", "image/jpeg", "image/gif", "image/svg+xml", "image/webp"}
MAX_LOGO_BYTES = 2 * 1024 * 1024
FIRST_YEAR = 2000


def statement_context(*, member: Membership, year: int) -> dict[str, Any]:
    rewards = list(rewards_paid_in(member=member, year=year))
    return {
        "statement_member": member,
        "year": year,
        "rewards": rewards,
        "sums": sums_by_currency(rewards),
        "credits": sum(reward.credits for reward in rewards),
        "generated_on": timezone.localdate(),
        "tax_sheet_url": member.tenant.absolute_url(reverse("rewards:tax_sheet")),
    }


def year_is_valid(year: int) -> bool:
    return FIRST_YEAR <= year <= timezone.localdate().year


def logo_data_uri(tenant: Tenant) -> str:
    """The tenant's logo inline, or "" when there is none or it cannot be read."""
    if not tenant.logo:
        return ""
    content_type = mimetypes.guess_type(tenant.logo.name or "")[0] or ""
    if content_type not in EMBEDDABLE_IMAGES:
        return ""
    try:
        with tenant.logo.open("rb") as handle:
            data = handle.read(MAX_LOGO_BYTES + 1)
    except OSError:
        return ""
    if len(data) > MAX_LOGO_BYTES:
        return ""
    return f"data:{content_type};base64,{base64.b64encode(data).decode('ascii')}"


def statement_html(*, tenant: Tenant, context: dict[str, Any], language: str | None = None) -> str:
    """The HTML the PDF is made from, in ``language`` (the current one when None)."""
    with translation.override(language or translation.get_language()):
        return render_to_string(
            "rewards/statement_pdf.html",
            {**context, "tenant": tenant, "logo": logo_data_uri(tenant)},
        )


def statement_pdf(*, tenant: Tenant, context: dict[str, Any], language: str | None = None) -> bytes:
    """The statement as a PDF, in ``language``: an admin downloads a member's statement in
    the member's language, since it tells them what to declare to the tax authorities."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = statement_html(tenant=tenant, context=context, language=language)
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, base_url="data:,", url_fetcher=fetcher).write_pdf()
