from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from .http import TenantRequest
from .selectors import tenant_for_host

# Paths that answer without a tenant (load balancer probes): their requests carry no
# ``tenant`` attribute, and their views take a plain HttpRequest.
TENANTLESS_PATHS = ("/health/",)
# The operator console's URLconf, served on ``COOPT_OPERATOR_HOST`` only.
OPERATOR_URLCONF = "config.urls_operator"
# A suspended tenant's hosts answer every path with this status: the company is
# unavailable for now, nothing is gone (503: caches and crawlers keep what they had).
SUSPENDED_STATUS = 503


class TenantMiddleware:
    """Sets ``request.tenant`` from the host name; unknown hosts get a 404.

    The operator's host gets the operator console's URLconf and no tenant; a suspended
    tenant's hosts get the suspension page on every path.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path in TENANTLESS_PATHS:
            return self.get_response(request)
        host, _port = split_domain_port(request.get_host())
        if host == settings.COOPT_OPERATOR_HOST:
            request.urlconf = OPERATOR_URLCONF
            response = self.get_response(request)
            patch_vary_headers(response, ("Host",))
            return response
        tenant = tenant_for_host(host)
        if tenant is None:
            # No tenant, so no tenant language: the visitor's browser decides.
            with translation.override(translation.get_language_from_request(request)):
                return render(request, "tenants/unknown.html", status=404)
        if not tenant.is_active:
            return suspended(request, tenant)
        cast(TenantRequest, request).tenant = tenant
        response = self.get_response(request)
        patch_vary_headers(response, ("Host",))
        return response


def suspended(request: HttpRequest, tenant: object) -> HttpResponse:
    """The page every path of a suspended tenant answers, in the tenant's language."""
    language = getattr(tenant, "default_language", settings.LANGUAGE_CODE)
    with translation.override(language):
        response = render(
            request,
            "tenants/suspended.html",
            {"suspended_tenant": tenant, "LANGUAGE_CODE": language},
            status=SUSPENDED_STATUS,
        )
    add_never_cache_headers(response)
    patch_vary_headers(response, ("Host",))
    return response
