"""A recruiter's reminders about candidates: add, list what is due, mark done (R5)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coopt.accounts.access import recruiter_required
from coopt.accounts.http import MemberRequest
from coopt.lib.http import safe_next
from coopt.referrals.selectors import access_reminder, access_visible_referral, reminders_due_for
from coopt.referrals.services import reminder_add, reminder_complete
from coopt.referrals.services.pipeline import PipelineError

from ..forms.pipeline import ReminderForm
from .candidates import render_candidate

REMINDERS_PER_PAGE = 50


@recruiter_required
@require_GET
def reminders(request: MemberRequest) -> HttpResponse:
    """My open reminders, soonest first; overdue ones stand out."""
    membership = request.membership
    items = reminders_due_for(owner=membership)
    page_obj = Paginator(items, REMINDERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/pipeline/reminders.html",
        {
            "page_obj": page_obj,
            "reminders": page_obj.object_list,
            "today": timezone.localdate(),
            "querystring_base": "",
        },
    )


@recruiter_required
@require_POST
def reminder_create(request: MemberRequest, referral_id: int) -> HttpResponse:
    membership = request.membership
    referral = access_visible_referral(membership, referral_id)
    form = ReminderForm(request.POST)
    if not form.is_valid():
        return render_candidate(request, referral, status=400, reminder_form=form)
    try:
        reminder_add(
            referral=referral,
            owner=membership,
            due_on=form.cleaned_data["due_on"],
            text=form.cleaned_data["text"],
        )
    except PipelineError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Reminder added. It will be e-mailed to you on the day."))
    return redirect(referral.get_absolute_url() + "#reminders")


@recruiter_required
@require_POST
def reminder_done(request: MemberRequest, reminder_id: int) -> HttpResponse:
    reminder = access_reminder(request.membership, reminder_id)
    reminder_complete(reminder=reminder)
    messages.success(request, _("Reminder marked as done."))
    return redirect(safe_next(request) or "backoffice:reminders")
