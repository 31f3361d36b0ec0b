from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from coopt.accounts.access import member_required
from coopt.accounts.http import MemberRequest

from .selectors import notifications_for
from .services import notifications_mark_read

PER_PAGE = 30


@member_required
@require_GET
def notification_list(request: MemberRequest) -> HttpResponse:
    membership = request.membership
    page = Paginator(notifications_for(membership=membership), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/list.html",
        {"page_obj": page, "notifications": page.object_list, "querystring_base": ""},
    )


@member_required
@require_POST
def mark_all_read(request: MemberRequest) -> HttpResponse:
    notifications_mark_read(recipient=request.membership)
    return redirect("notifications:list")
