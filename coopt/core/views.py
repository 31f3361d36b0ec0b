from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from coopt.accounts.http import TenantRequest


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: the process answers and the database is reachable."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})


def home(request: TenantRequest) -> HttpResponse:
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
    """The tenant's colours as CSS variables (no inline style, so CSP stays strict)."""
    return render(request, "core/brand.css", content_type="text/css")


@require_POST
def set_language(request: TenantRequest) -> HttpResponse:
    """Django's language switch, which also becomes the signed-in user's language (L1)."""
    from django.views.i18n import set_language as django_set_language

    language = request.POST.get("language", "")
    user = request.user
    if user.is_authenticated and language in dict(settings.LANGUAGES):
        user.language = language
        user.save(update_fields=["language"])
    return django_set_language(request)
