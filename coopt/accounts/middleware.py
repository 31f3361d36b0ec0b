from collections.abc import Callable
from typing import cast

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation

from coopt.audit.actors import Actor
from coopt.audit.services import REFUSED_NO_MEMBERSHIP, audit_target, record_access_refused
from coopt.tenants.models import Tenant

from .http import VisitorRequest
from .selectors import active_membership

View = Callable[[HttpRequest], HttpResponse]


class MembershipMiddleware:
    """Sets ``request.membership`` for the signed-in user in this tenant.

    A user without an active membership here is signed out: a leaver's session
    ends as soon as they are deactivated, and an account of another tenant
    never works on this one. The user's language is activated.
    """

    def __init__(self, get_response: View) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        typed = cast(VisitorRequest, request)
        typed.membership = None
        # None on the paths served without a tenant (TENANTLESS_PATHS).
        tenant: Tenant | None = getattr(request, "tenant", None)
        user = typed.user
        if tenant is not None and user.is_authenticated:
            membership = active_membership(tenant, user)
            if membership is None:
                record_access_refused(
                    actor=Actor.from_request(request),
                    reason=REFUSED_NO_MEMBERSHIP,
                    target=audit_target(tenant),
                )
                logout(request)
                return redirect("account_login")
            membership.tenant = tenant  # the same object: membership.tenant costs no query
            typed.membership = membership
            if user.language:
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
        elif tenant is not None and not user.is_authenticated:
            if not request.COOKIES.get("django_language") and not request.META.get(
                "HTTP_ACCEPT_LANGUAGE"
            ):
                translation.activate(tenant.default_language)
                request.LANGUAGE_CODE = tenant.default_language
        return self.get_response(request)


# Pages a recruiter or admin may reach before setting up two-factor sign-in. The brand's
# stylesheet, logo and favicon are among them: the set-up page loads them, and redirecting
# them to that page would draw it again with a new secret behind the one on screen.
TWO_FACTOR_EXEMPT_PREFIXES = (
    "/accounts/",
    "/i18n/",
    "/static/",
    "/brand.css",
    "/brand/",
    "/health/",
    "/robots.txt",
    "/favicon.ico",
)


class StaffTwoFactorMiddleware:
    """Recruiters and admins must activate TOTP before using the product (M2)."""

    def __init__(self, get_response: View) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        membership = cast(VisitorRequest, request).membership  # set by MembershipMiddleware
        if (
            membership is not None
            and membership.is_staff_role
            and not request.path.startswith(TWO_FACTOR_EXEMPT_PREFIXES)
            and not _has_totp(request)
            and not mfa_by_identity_provider(request)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)


# Set at sign-in to the user's id when the company's identity provider asserted a second
# factor and the company trusts it (coopt/sso/mfa.py): TOTP is not asked in that session.
MFA_BY_IDP_SESSION_KEY = "coopt_mfa_by_idp"


def mfa_by_identity_provider(request: HttpRequest) -> bool:
    session = getattr(request, "session", None)
    user_id = getattr(request.user, "pk", None)
    return (
        session is not None
        and user_id is not None
        and session.get(MFA_BY_IDP_SESSION_KEY) == str(user_id)
    )


def _has_totp(request: HttpRequest) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists()
