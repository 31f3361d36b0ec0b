from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from coopt.accounts.access import member_required
from coopt.accounts.http import MemberRequest, VisitorRequest
from coopt.notifications.selectors import notifications_for
from coopt.notifications.services import notifications_mark_read
from coopt.tenants.colours import palette
from coopt.tenants.http import TenantRequest

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
def brand_css(request: TenantRequest) -> HttpResponse:
    """The tenant's colours as CSS variables (no inline style, so CSP stays strict), with
    the text colours that read on them whatever the tenant picked."""
    tenant = request.tenant
    colours = palette(primary=tenant.primary_colour, accent=tenant.accent_colour)
    return render(request, "core/brand.css", {"palette": colours}, content_type="text/css")


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


# Search engines may read the public job pages, and nothing else: the member space and the
# back office need a sign-in, and links with a token (consent, privacy, share, invitation,
# unsubscribe) must never be indexed.
ROBOTS_TXT = "User-agent: *\nAllow: /p/jobs/\nAllow: /jobs/feed.xml\nDisallow: /\n"


@require_GET
@cache_control(max_age=86400)
def robots_txt(request: HttpRequest) -> HttpResponse:
    return HttpResponse(ROBOTS_TXT, content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(max_age=86400)
def favicon_ico(request: TenantRequest) -> HttpResponse:
    """What browsers ask for on their own: the company's favicon, or the product's."""
    if request.tenant.favicon:
        return redirect("tenants:favicon")
    return redirect(static("coopt/favicon.svg"))
