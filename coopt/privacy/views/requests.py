"""The admin's list of data subject requests, with their legal due date (Y3)."""

from datetime import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coopt.accounts.access import admin_required
from coopt.accounts.http import MemberRequest

from ..forms.requests import CloseRequestForm, RequestFilterForm
from ..models import SubjectRequest
from ..requests import NoteRequired, RequestAlreadyClosed, subject_request_close
from ..selectors import (
    access_subject_request,
    subject_requests_for_admin,
    subject_requests_open_counts,
)

PAGE_SIZE = 25


@admin_required
@require_GET
def requests_list(request: MemberRequest) -> HttpResponse:
    tenant = request.tenant
    form = RequestFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    requests = subject_requests_for_admin(
        tenant=tenant, state=filters.get("state", ""), kind=filters.get("kind", "")
    )
    page_obj = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [
        {"request": subject_request, **_deadline(subject_request, now)}
        for subject_request in page_obj.object_list
    ]
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "privacy/requests/list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "rows": rows,
            "querystring_base": urlencode(params) + "&" if params else "",
            "filtered": bool(params),
            "counts": subject_requests_open_counts(tenant=tenant),
        },
    )


def _deadline(subject_request: SubjectRequest, now: datetime) -> dict[str, object]:
    """Whole days left before the due date, for the requests still open."""
    if subject_request.state != SubjectRequest.State.RECEIVED:
        return {"days_left": None, "overdue": False, "days_overdue": 0}
    days_left = (timezone.localdate(subject_request.due_at) - timezone.localdate(now)).days
    overdue = subject_request.due_at < now
    return {"days_left": days_left, "overdue": overdue, "days_overdue": max(-days_left, 0)}


@admin_required
@require_POST
def request_close(request: MemberRequest, request_id: int) -> HttpResponse:
    """Mark a request done or refused, with a note; the admin is recorded as handling it."""
    subject_request = access_subject_request(request.membership, request_id)
    form = CloseRequestForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _back(request)
    try:
        subject_request_close(
            subject_request=subject_request,
            state=form.cleaned_data["state"],
            note=form.cleaned_data["note"],
            actor=request.user,
        )
    except RequestAlreadyClosed:
        messages.error(request, _("This request was already answered."))
    except NoteRequired:
        messages.error(request, _("Give the reasons for the refusal: the person must be told."))
    else:
        if form.cleaned_data["state"] == SubjectRequest.State.DONE:
            messages.success(request, _("The request is marked as done."))
        else:
            messages.success(request, _("The request is marked as refused."))
    return _back(request)


def _back(request: MemberRequest) -> HttpResponse:
    """Return to the list the action was taken from, with its filters and page."""
    target = request.POST.get("next", "")
    list_path = reverse("privacy:requests")
    if target.startswith(list_path) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("privacy:requests")
