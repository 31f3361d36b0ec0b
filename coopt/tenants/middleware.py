from collections.abc import Callable
from typing import cast

from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .http import TenantRequest
from .selectors import tenant_for_host

# Paths that answer without a tenant (load balancer probes): their requests carry no
# ``tenant`` attribute, and their views take a plain HttpRequest.
TENANTLESS_PATHS = ("/health/",)


class TenantMiddleware:
    """Sets ``request.tenant`` from the host name; unknown hosts get a 404."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path in TENANTLESS_PATHS:
            return self.get_response(request)
        host, _port = split_domain_port(request.get_host())
        tenant = tenant_for_host(host)
        if tenant is None:
            # No tenant, so no tenant language: the visitor's browser decides.
            with translation.override(translation.get_language_from_request(request)):
                return render(request, "tenants/unknown.html", status=404)
        cast(TenantRequest, request).tenant = tenant
        response = self.get_response(request)
        patch_vary_headers(response, ("Host",))
        return response
