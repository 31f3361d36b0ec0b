"""E-mail delivery, for admins: the tenant's e-mails that failed for good or wait
for another attempt, with a "retry now" action (point 10 of the privacy and
reliability baseline). Bodies are never shown: they may hold a candidate's data."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from coopt.accounts.access import admin_required
from coopt.accounts.http import MemberRequest
from coopt.lib.http import querystring_without_page, safe_next
from coopt.notifications.delivery import retry_now, undelivered_for
from coopt.notifications.models import OutboundEmail
from coopt.notifications.selectors import access_outbound_email

PAGE_SIZE = 50


class DeliveryFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=gettext_lazy("Show"),
        required=False,
        choices=[
            ("", gettext_lazy("Failed and retrying")),
            (OutboundEmail.Status.FAILED, gettext_lazy("Failed")),
            (OutboundEmail.Status.PENDING, gettext_lazy("Retrying")),
        ],
    )


@admin_required
@require_GET
def outbox(request: MemberRequest) -> HttpResponse:
    undelivered = undelivered_for(tenant=request.tenant)
    counts = {
        row["status"]: row["n"]
        for row in undelivered.order_by().values("status").annotate(n=Count("pk"))
    }
    form = DeliveryFilterForm(request.GET or None)
    state = form.cleaned_data["state"] if form.is_valid() else ""
    if state:
        undelivered = undelivered.filter(status=state)
    page_obj = Paginator(undelivered, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/outbox/list.html",
        {
            "form": form,
            "filtered": bool(state),
            "page_obj": page_obj,
            "emails": page_obj.object_list,
            "failed_count": counts.get(OutboundEmail.Status.FAILED, 0),
            "retrying_count": counts.get(OutboundEmail.Status.PENDING, 0),
            "querystring_base": querystring_without_page(request),
        },
    )


@admin_required
@require_POST
def outbox_retry(request: MemberRequest, message_id: int) -> HttpResponse:
    message = access_outbound_email(request.membership, message_id)
    if retry_now(message=message):
        messages.success(request, _("The e-mail is being sent again."))
    else:
        messages.info(
            request, _("Nothing to retry: this e-mail was sent meanwhile or is being sent now.")
        )
    return redirect(safe_next(request) or "backoffice:outbox")
