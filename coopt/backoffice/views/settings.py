"""Admin settings: branding (T1, T2) and the tenant's own automatic e-mails (R5)."""

from types import SimpleNamespace

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from coopt.accounts.access import admin_required
from coopt.accounts.http import MemberRequest
from coopt.audit.actors import Actor
from coopt.lib.http import posted
from coopt.notifications.models import EmailTemplate
from coopt.notifications.selectors import customised_email_templates, email_template_override
from coopt.notifications.services import email_template_reset, email_template_save
from coopt.referrals.models import Status
from coopt.referrals.services.status_emails import PLACEHOLDERS
from coopt.tenants.models import Tenant
from coopt.tenants.selectors import tenant_fresh_copy

from ..forms.settings import BrandingForm, EmailTemplateForm
from ..services import tenant_branding_update

# The statuses on which each automatic e-mail goes out.
EMAIL_STATUSES: dict[str, list[str]] = {
    EmailTemplate.Key.CANDIDATE_STATUS: [
        Status.CONTACTED,
        Status.MET,
        Status.HIRED,
        Status.NOT_RETAINED,
    ],
    EmailTemplate.Key.REFERRER_STATUS: [
        Status.RECOMMENDED,
        Status.CONTACTED,
        Status.MET,
        Status.HIRED,
        Status.NOT_RETAINED,
        Status.TRANSFERRED,
    ],
}
PLACEHOLDER_HELP = {
    "candidate_first_name": gettext_lazy("the candidate's first name"),
    "candidate_name": gettext_lazy("the candidate's full name"),
    "job_title": gettext_lazy("the job title"),
    "referrer_name": gettext_lazy("the name of the member who made the referral"),
    "status": gettext_lazy("the new status"),
    "company": gettext_lazy("your company's name"),
    "dashboard_url": gettext_lazy("the link to the member's referrals dashboard"),
}


@admin_required
@require_http_methods(["GET", "POST"])
def branding(request: MemberRequest) -> HttpResponse:
    # A fresh copy: an invalid form must not change the tenant this page is drawn with.
    tenant = tenant_fresh_copy(request.tenant)
    form = BrandingForm(posted(request), request.FILES or None, instance=tenant)
    if request.method == "POST" and form.is_valid():
        tenant_branding_update(
            tenant=tenant,
            changes={name: form.cleaned_data[name] for name in form.changed_data},
            actor=Actor.from_request(request),
        )
        messages.success(request, _("The settings are saved."))
        return redirect("backoffice:settings")
    return render(request, "backoffice/settings/branding.html", {"form": form})


def _languages(tenant: Tenant) -> list[tuple[str, str]]:
    return tenant.language_choices()


@admin_required
def email_templates(request: MemberRequest) -> HttpResponse:
    tenant = request.tenant
    languages = _languages(tenant)
    customised = customised_email_templates(tenant)
    rows = [
        {
            "key": key,
            "key_label": EmailTemplate.Key(key).label,
            "status": status,
            "status_label": Status(status).label,
            "cells": [
                {"language": code, "name": name, "custom": (key, status, code) in customised}
                for code, name in languages
            ],
        }
        for key, statuses in EMAIL_STATUSES.items()
        for status in statuses
    ]
    return render(
        request,
        "backoffice/settings/email_templates.html",
        {"rows": rows, "languages": languages},
    )


def _token(name: str) -> str:
    return "{{ " + name + " }}"


def default_wording(*, tenant: Tenant, key: str, status: str, language: str) -> tuple[str, str]:
    """The built-in subject and text in ``language``, written with placeholders,
    as the starting point of the tenant's own version."""
    referral = SimpleNamespace(
        first_name=_token("candidate_first_name"),
        full_name=_token("candidate_name"),
        get_status_display=_token("status"),
        status=status,
    )
    context = {
        "tenant": SimpleNamespace(name=_token("company")),
        "tenant_url": tenant.base_url(),
        "referral": referral,
        "job": SimpleNamespace(title=_token("job_title")),
        "status": status,
        "referrer": SimpleNamespace(display_name=_token("referrer_name")),
        "dashboard_url": _token("dashboard_url"),
    }
    try:
        with translation.override(language):
            subject = render_to_string(f"emails/{key}-subject.txt", context)
            body = render_to_string(f"emails/{key}-body-text.txt", context)
    except TemplateDoesNotExist:
        return "", ""
    return " ".join(subject.split()), body.strip()


@admin_required
@require_http_methods(["GET", "POST"])
def email_template_edit(
    request: MemberRequest, key: str, status: str, language: str
) -> HttpResponse:
    tenant = request.tenant
    languages = dict(_languages(tenant))
    if key not in EMAIL_STATUSES or status not in EMAIL_STATUSES[key] or language not in languages:
        raise Http404
    override = email_template_override(tenant, key=key, status=status, language=language)
    if request.method == "POST" and "reset" in request.POST:
        if override is not None:
            email_template_reset(template=override, actor=Actor.from_request(request))
        messages.success(request, _("This e-mail is back to the default wording."))
        return redirect("backoffice:email_template_edit", key=key, status=status, language=language)
    if override is not None:
        initial = {"subject": override.subject, "body": override.body}
    else:
        subject, body = default_wording(tenant=tenant, key=key, status=status, language=language)
        initial = {"subject": subject, "body": body}
    form = EmailTemplateForm(posted(request), initial=initial, allowed=set(PLACEHOLDERS))
    if request.method == "POST" and form.is_valid():
        email_template_save(
            tenant=tenant,
            key=key,
            status=status,
            language=language,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            actor=Actor.from_request(request),
        )
        messages.success(request, _("Your wording of this e-mail is saved."))
        return redirect("backoffice:email_templates")
    return render(
        request,
        "backoffice/settings/email_template_edit.html",
        {
            "form": form,
            "override": override,
            "key_label": EmailTemplate.Key(key).label,
            "status_label": Status(status).label,
            "language_name": languages[language],
            "placeholders": [
                {"token": _token(name), "help": PLACEHOLDER_HELP.get(name, "")}
                for name in sorted(PLACEHOLDERS)
            ],
            "key": key,
            "status": status,
            "language": language,
        },
    )
