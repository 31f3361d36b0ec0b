"""allauth's adapters for a tenant with single sign-on (M2).

``SocialAccountAdapter`` serves the request's tenant's identity provider, built from its
``SsoSettings`` (never a ``SocialApp`` row, never another tenant's), and decides who signs
in: the verified e-mail address names the member, or makes one (just in time), or the person
is refused with a message on the sign-in page. No social account row is stored: the person is
matched by e-mail address on every sign-in, and nothing is "connected" to an account.

``AccountAdapter`` adds to the accounts app's adapter what single sign-on changes in every
sign-in: the product's TOTP skipped when the identity provider asserted a second factor the
tenant trusts, and password sign-in closed to members when the tenant says so.
"""

from typing import Any

from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from allauth.socialaccount.providers.base import AuthProcess
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from coopt.accounts.adapter import AccountAdapter as BaseAccountAdapter
from coopt.accounts.models import Membership
from coopt.tenants.models import Tenant

from .mfa import idp_asserted_mfa
from .providers import social_app_for
from .selectors import sso_enabled_for
from .services import SsoIdentity, SsoRefused, sso_member_for

# Set on the social login's state when the IdP's second factor counts (read by the TOTP
# stage below, and by the sign-in receiver that marks the session).
IDP_MFA_STATE = "coopt_idp_mfa"
MFA_STAGE = "allauth.mfa.stages.AuthenticateStage"


def _tenant_of(request: HttpRequest | None) -> Tenant | None:
    request = request if request is not None else context.request
    return getattr(request, "tenant", None) if request is not None else None


def _refuse(request: HttpRequest, message: str) -> ImmediateHttpResponse:
    messages.error(request, message)
    return ImmediateHttpResponse(redirect("account_login"))


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(
        self, request: HttpRequest | None, provider: str | None = None, client_id: str | None = None
    ) -> list[SocialApp]:
        """The request's tenant's identity provider, if it has one enabled; nothing else."""
        row = sso_enabled_for(_tenant_of(request))
        if row is None:
            return []
        app = social_app_for(row)
        if provider and provider not in (app.provider, app.provider_id):
            return []
        if client_id and client_id != app.client_id:
            return []
        return [app]

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False  # members join in pre_social_login, never through a sign-up form

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        tenant = _tenant_of(request)
        row = sso_enabled_for(tenant)
        if tenant is None or row is None:
            raise _refuse(request, _("Single sign-on is not available here."))
        if (sociallogin.state.get("process") or AuthProcess.LOGIN) != AuthProcess.LOGIN:
            # No connecting an identity to an account, no redirect-only flows.
            raise _refuse(request, _("Single sign-on is only for signing in."))
        try:
            membership = sso_member_for(tenant=tenant, row=row, identity=_identity(sociallogin))
        except SsoRefused as refused:
            raise _refuse(request, str(refused.message)) from None
        # Whoever the provider's own account row pointed to, the e-mail address decides.
        sociallogin.user = membership.user
        sociallogin.state[IDP_MFA_STATE] = idp_asserted_mfa(row, sociallogin.account.extra_data)

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: str | None = None,
        exception: Exception | None = None,
        extra_context: dict[str, Any] | None = None,
    ) -> None:
        """A failed or cancelled sign-in at the provider: back to the sign-in page."""
        raise _refuse(
            request,
            _(
                "Signing in with your company's account did not succeed. Try again, or ask your "
                "administrator."
            ),
        )


def _identity(sociallogin: SocialLogin) -> SsoIdentity:
    user = sociallogin.user
    addresses = sociallogin.email_addresses
    primary = next((a for a in addresses if a.primary), addresses[0] if addresses else None)
    email = primary.email if primary is not None else str(getattr(user, "email", "") or "")
    verified = bool(primary is not None and primary.verified)
    return SsoIdentity(
        email=email,
        email_verified=verified,
        first_name=str(getattr(user, "first_name", "") or ""),
        last_name=str(getattr(user, "last_name", "") or ""),
    )


def sociallogin_of(kwargs: dict[str, Any]) -> SocialLogin | None:
    """The social login behind a sign-in, from allauth's hook arguments, if any."""
    signal_kwargs = kwargs.get("signal_kwargs") or {}
    found = signal_kwargs.get("sociallogin")
    return found if isinstance(found, SocialLogin) else None


class AccountAdapter(BaseAccountAdapter):
    def get_login_stages(self) -> list[str]:
        stages = super().get_login_stages()
        return ["coopt.sso.stages.AuthenticateStage" if s == MFA_STAGE else s for s in stages]

    def pre_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse | None:
        """A tenant that closed password sign-in to members lets them in only through its
        identity provider; recruiters and admins keep their password and TOTP (so that an
        outage of the provider does not lock the company out of its own settings)."""
        row = sso_enabled_for(_tenant_of(request))
        if row is not None and not row.password_sign_in and sociallogin_of(kwargs) is None:
            membership = Membership.objects.filter(
                tenant=row.tenant_id, user=user, is_active=True
            ).first()
            if membership is not None and not membership.is_staff_role:
                from allauth.account.internal.stagekit import clear_login

                clear_login(request)
                messages.error(
                    request,
                    _(
                        "%(company)s signs you in with your company account: use the single "
                        "sign-on button."
                    )
                    % {"company": row.tenant.name},
                )
                return redirect("account_login")
        return super().pre_login(request, user, **kwargs)
