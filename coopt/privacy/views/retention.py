"""Retention in the back office (Y2): the periods, the purge reports, the hired export.

Admins only: /office/privacy/retention/…
"""

import csv
from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coopt.accounts.access import admin_required
from coopt.accounts.http import MemberRequest
from coopt.audit.actors import Actor
from coopt.referrals.models import Referral
from coopt.referrals.retention import POLICY_FIELDS, retention_policy_for, retention_policy_update

from ..forms.retention import RetentionPolicyForm
from ..retention import DATA_CLASSES, hired_candidates, hired_candidates_export
from ..selectors import access_purge_run, purge_runs_of

RUNS_PER_PAGE = 30
EXPORT_CHUNK = 500
# A cell a spreadsheet would run as a formula starts with one of these: quote it.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@admin_required
@require_http_methods(["GET", "POST"])
def retention_settings(request: MemberRequest) -> HttpResponse:
    tenant = request.tenant
    policy = retention_policy_for(tenant=tenant)
    if request.method == "POST":
        form = RetentionPolicyForm(request.POST)
        if form.is_valid():
            try:
                retention_policy_update(
                    tenant=tenant, **form.cleaned_data, actor=Actor.from_request(request)
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, _("The retention periods are saved."))
                return redirect("privacy:retention")
    else:
        form = RetentionPolicyForm(initial={name: getattr(policy, name) for name in POLICY_FIELDS})
    return render(
        request,
        "privacy/retention/settings.html",
        {
            "form": form,
            "latest_run": purge_runs_of(tenant=tenant).first(),
            "hired_count": hired_candidates(tenant=tenant).count(),
        },
    )


@admin_required
@require_GET
def purge_runs(request: MemberRequest) -> HttpResponse:
    runs = purge_runs_of(tenant=request.tenant)
    page = Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "privacy/retention/runs.html",
        {"page_obj": page, "runs": page.object_list, "querystring_base": ""},
    )


@admin_required
@require_GET
def purge_run(request: MemberRequest, run_id: int) -> HttpResponse:
    run = access_purge_run(request.membership, run_id)
    rows = [(label, int(run.counts.get(name, 0))) for name, label in DATA_CLASSES.items()]
    return render(request, "privacy/retention/run.html", {"run": run, "rows": rows})


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _day(moment: Any) -> str:
    return date_format(timezone.localtime(moment), "Y-m-d") if moment else ""


def _hired_rows(referrals: Iterator[Referral]) -> Iterator[list[str]]:
    yield [
        _("Job"),
        _("First name"),
        _("Last name"),
        _("E-mail"),
        _("Phone"),
        _("Source"),
        _("Referred by"),
        _("Received on"),
        _("Hired on"),
        _("Consent given on"),
        _("CVs"),
    ]
    for referral in referrals:
        yield [
            _cell(value)
            for value in (
                referral.job.title,
                referral.first_name,
                referral.last_name,
                referral.email,
                referral.phone,
                referral.get_source_display(),
                referral.referrer.display_name if referral.referrer else "",
                _day(referral.created_at),
                _day(referral.closed_at),
                _day(referral.consent_answered_at),
                " | ".join(document.original_name for document in referral.documents.all()),
            )
        ]


@admin_required
@require_GET
def hired_export(request: MemberRequest) -> HttpResponse:
    """Hired candidates' data as CSV, so the company takes it out before retention ends."""
    referrals = hired_candidates_export(tenant=request.tenant, actor=Actor.from_request(request))
    # The byte-order mark lets spreadsheet programs read the accents right.
    response = HttpResponse("\ufeff", content_type="text/csv; charset=utf-8")
    csv.writer(response).writerows(_hired_rows(referrals.iterator(chunk_size=EXPORT_CHUNK)))
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="hired-candidates-{stamp}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
