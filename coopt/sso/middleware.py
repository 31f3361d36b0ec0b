from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .selectors import sso_enabled_for

View = Callable[[HttpRequest], HttpResponse]


class SsoFormActionMiddleware:
    """The sign-in pages may send their form to the company's identity provider.

    The single sign-on button posts to allauth, which redirects the browser to the provider;
    the Content-Security-Policy's ``form-action`` also governs where a form's redirect may
    go, so on the sign-in pages (under ``/accounts/``) the provider's origin is added.
    Below the CSP middleware in ``MIDDLEWARE``, so that it sees the policy set here.
    """

    def __init__(self, get_response: View) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/accounts/"):
            return response
        row = sso_enabled_for(getattr(request, "tenant", None))
        if row is None or not row.idp_origin:
            return response
        policy = dict(getattr(response, "_csp_config", None) or settings.SECURE_CSP)
        policy["form-action"] = [*policy.get("form-action", ["'self'"]), row.idp_origin]
        response._csp_config = policy  # type: ignore[attr-defined]
        return response
