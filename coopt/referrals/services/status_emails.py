"""Automatic e-mails on a status change: the tenant's own wording where it has
written one for that status and language, the default templates otherwise."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from coopt.notifications.models import EmailTemplate
from coopt.notifications.placeholders import fill
from coopt.notifications.rendering import RenderedEmail, render_email, wrap_text_as_html

from ..models import Referral, Status

PLACEHOLDERS = {
    "candidate_first_name",
    "candidate_name",
    "job_title",
    "referrer_name",
    "status",
    "company",
    "dashboard_url",
}


def dashboard_url(referral: Referral) -> str:
    """Where the referrer follows their referrals, on the tenant's current domain."""
    return referral.tenant.absolute_url(reverse("referrals:dashboard"))


def placeholder_values(referral: Referral, language: str) -> dict[str, str]:
    with translation.override(language):
        status = str(Status(referral.status).label)
    return {
        "candidate_first_name": referral.first_name,
        "candidate_name": referral.full_name,
        "job_title": referral.job.title,
        "referrer_name": referral.referrer.display_name if referral.referrer else "",
        "status": status,
        "company": referral.tenant.name,
        "dashboard_url": dashboard_url(referral),
    }


def privacy_footer_text(*, privacy_url: str, language: str) -> str:
    """The link to the person's data page, as a closing paragraph of a text e-mail (Y3)."""
    with translation.override(language):
        return render_to_string("emails/_privacy-link.txt", {"privacy_url": privacy_url}).strip()


def render_status_email(
    *, referral: Referral, key: str, language: str, privacy_url: str = ""
) -> RenderedEmail:
    """``privacy_url``: the person's data page, for e-mails to the candidate. After a
    tenant's own wording it is appended by the code, so no edit can remove it."""
    override = EmailTemplate.objects.filter(
        tenant_id=referral.tenant_id, key=key, status=referral.status, language=language
    ).first()
    if override is not None:
        values = placeholder_values(referral, language)
        subject = fill(override.subject, values)
        text = fill(override.body, values)
        if privacy_url:
            footer = privacy_footer_text(privacy_url=privacy_url, language=language)
            text = f"{text.rstrip()}\n\n{footer}"
        html = wrap_text_as_html(
            tenant=referral.tenant, subject=subject, text=text, language=language
        )
        return RenderedEmail(subject=subject, text=text, html=html)
    return render_email(
        tenant=referral.tenant,
        name=key,
        language=language,
        context={
            "referral": referral,
            "job": referral.job,
            "status": referral.status,
            "referrer": referral.referrer,
            "dashboard_url": dashboard_url(referral),
            "privacy_url": privacy_url,
        },
    )
