from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from coopt.accounts.access import member_required
from coopt.accounts.http import MemberRequest, VisitorRequest
from coopt.notifications.selectors import notifications_for
from coopt.notifications.services import notifications_mark_read

NOTIFICATIONS_PER_PAGE = 30


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: the process answers and the database is reachable."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})


def home(request: VisitorRequest) -> HttpResponse:
    membership = request.membership
    if membership is None:
        return render(request, "core/welcome.html")
    if membership.onboarded_at is None and membership.is_member:
        return redirect("accounts:onboarding")
    if membership.is_staff_role:
        return redirect("backoffice:home")
    return redirect("jobs:board")


@require_GET
@cache_control(max_age=300)
def brand_css(request: VisitorRequest) -> HttpResponse:
    """The tenant's colours as CSS variables (no inline style, so CSP stays strict)."""
    return render(request, "core/brand.css", content_type="text/css")


@require_POST
def set_language(request: VisitorRequest) -> HttpResponse:
    """Django's language switch, which also becomes the signed-in user's language (L1)."""
    from django.views.i18n import set_language as django_set_language

    language = request.POST.get("language", "")
    user = request.user
    if user.is_authenticated and language in dict(settings.LANGUAGES):
        user.language = language
        user.save(update_fields=["language"])
    return django_set_language(request)


@member_required
@require_GET
def notification_list(request: MemberRequest) -> HttpResponse:
    """The member's in-app notifications, newest first (the bell in the header)."""
    page = Paginator(
        notifications_for(membership=request.membership), NOTIFICATIONS_PER_PAGE
    ).get_page(request.GET.get("page"))
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
