"""The back office overview and the pipeline of a job: board and list (R4, R5)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coopt.accounts.access import admin_required, recruiter_required
from coopt.accounts.http import MemberRequest
from coopt.jobs.selectors import access_job
from coopt.lib.http import querystring_without_page, safe_next
from coopt.referrals.models import BOARD_STATUSES, Status
from coopt.referrals.services import referrals_bulk_set_status

from ..forms.pipeline import PIPELINE_CHOICES, BulkStatusForm
from ..selectors import (
    AWAITING_FILTER,
    first_run_checklist,
    gone_counts,
    latest_referrals,
    movable_referrals,
    office_kpis,
    pipeline_board,
    pipeline_list,
    reminders_due_today,
    row_for,
)
from ..services import checklist_dismiss

PIPELINE_PER_PAGE = 50
HOME_REMINDERS = 20


@recruiter_required
@require_GET
def home(request: MemberRequest) -> HttpResponse:
    membership = request.membership
    reminders = list(reminders_due_today(owner=membership)[: HOME_REMINDERS + 1])
    # Only admins set the company up; the list goes once every step is done, or once the
    # admin hid it.
    checklist = None
    if membership.is_admin and membership.checklist_dismissed_at is None:
        checklist = first_run_checklist(tenant=membership.tenant)
    return render(
        request,
        "backoffice/home.html",
        {
            "kpis": office_kpis(member=membership),
            "reminders": reminders[:HOME_REMINDERS],
            "more_reminders": len(reminders) > HOME_REMINDERS,
            "today": timezone.localdate(),
            "latest": latest_referrals(member=membership),
            "checklist": checklist if checklist and not checklist.complete else None,
        },
    )


@admin_required
@require_POST
def checklist_dismiss_view(request: MemberRequest) -> HttpResponse:
    checklist_dismiss(membership=request.membership)
    return redirect("backoffice:home")


@recruiter_required
@require_GET
def job_pipeline(request: MemberRequest, job_id: int) -> HttpResponse:
    """The board: one column per status, unconfirmed people anonymous."""
    job = access_job(request.membership, job_id)
    return render(
        request,
        "backoffice/pipeline/board.html",
        {
            "job": job,
            "board": pipeline_board(job=job, member=request.membership),
            "status_choices": PIPELINE_CHOICES,
            "view": "board",
        },
    )


@recruiter_required
@require_http_methods(["GET", "POST"])
def job_pipeline_list(request: MemberRequest, job_id: int) -> HttpResponse:
    """The table, with a status filter and a bulk status change."""
    job = access_job(request.membership, job_id)
    form = BulkStatusForm(
        request.POST or None, movable=movable_referrals(job=job, member=request.membership)
    )
    if request.method == "POST":
        if form.is_valid():
            changed, skipped = referrals_bulk_set_status(
                referrals=list(form.cleaned_data["referrals"]),
                status=form.cleaned_data["status"],
                author=request.user,
            )
            messages.success(
                request,
                _("%(changed)d changed, %(skipped)d skipped.")
                % {"changed": changed, "skipped": skipped},
            )
            return redirect(safe_next(request) or request.path)
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    status = request.GET.get("status", "")
    if status != AWAITING_FILTER and status not in Status.values:
        status = ""
    page_obj = Paginator(
        pipeline_list(job=job, member=request.membership, status=status), PIPELINE_PER_PAGE
    ).get_page(request.GET.get("page"))
    selected = {str(pk) for pk in request.POST.getlist("referrals")}
    return render(
        request,
        "backoffice/pipeline/list.html",
        {
            "job": job,
            "form": form,
            "page_obj": page_obj,
            "rows": [row_for(referral, request.membership) for referral in page_obj.object_list],
            "selected": selected,
            "status": status,
            "awaiting_filter": AWAITING_FILTER,
            "filter_choices": [(s.value, s.label) for s in (*BOARD_STATUSES, Status.TRANSFERRED)],
            "status_choices": PIPELINE_CHOICES,
            "gone": gone_counts(job=job, member=request.membership),
            "querystring_base": querystring_without_page(request),
            "view": "list",
        },
        status=400 if request.method == "POST" else 200,
    )
