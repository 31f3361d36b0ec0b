"""The operator console: the tenants and their usage, opening, suspending, reactivating."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coopt.audit.actors import Actor

from .access import OperatorRequest, operator_required
from .forms import TenantForm
from .selectors import TENANTS_PER_PAGE, access_tenant, tenants_with_usage
from .services import TenantOpenRefused, tenant_open, tenant_reactivate, tenant_suspend


@operator_required
@require_http_methods(["GET"])
def home(request: OperatorRequest) -> HttpResponse:
    page = Paginator(tenants_with_usage(), TENANTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "console/tenants.html", {"page": page})


@operator_required
@require_http_methods(["GET", "POST"])
def tenant_new(request: OperatorRequest) -> HttpResponse:
    form = TenantForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            tenant, admin = tenant_open(
                actor=Actor.from_request(request),
                spec=form.spec(),
                admin_email=form.cleaned_data["admin_email"],
            )
        except TenantOpenRefused as refused:
            if refused.slug:
                form.add_error("slug", _("Another company already has this subdomain."))
            for domain in refused.domains:
                form.add_error(
                    "domains", _("%(domain)s already serves another company.") % {"domain": domain}
                )
        else:
            if admin is not None:
                messages.success(
                    request,
                    _("%(company)s is open; its admin has been sent an invitation.")
                    % {"company": tenant.name},
                )
            else:
                messages.success(request, _("%(company)s is open.") % {"company": tenant.name})
            return redirect("home")
    return render(request, "console/tenant_new.html", {"form": form})


@operator_required
@require_http_methods(["GET", "POST"])
def suspend(request: OperatorRequest, tenant_id: int) -> HttpResponse:
    tenant = access_tenant(request.user, tenant_id)
    if request.method == "POST":
        tenant_suspend(tenant=tenant, actor=Actor.from_request(request))
        messages.success(request, _("%(company)s is suspended.") % {"company": tenant.name})
        return redirect("home")
    return render(request, "console/confirm.html", {"tenant": tenant, "suspending": True})


@operator_required
@require_http_methods(["GET", "POST"])
def reactivate(request: OperatorRequest, tenant_id: int) -> HttpResponse:
    tenant = access_tenant(request.user, tenant_id)
    if request.method == "POST":
        tenant_reactivate(tenant=tenant, actor=Actor.from_request(request))
        messages.success(request, _("%(company)s is active again.") % {"company": tenant.name})
        return redirect("home")
    return render(request, "console/confirm.html", {"tenant": tenant, "suspending": False})
