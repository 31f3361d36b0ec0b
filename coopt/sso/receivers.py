"""At sign-in through the identity provider, the session remembers that the provider's
second factor counts (``StaffTwoFactorMiddleware`` then asks no TOTP set-up); any other
sign-in clears it."""

from typing import Any

from allauth.account.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from coopt.accounts.middleware import MFA_BY_IDP_SESSION_KEY

from .adapter import IDP_MFA_STATE


@receiver(user_logged_in, dispatch_uid="coopt.sso.mark_idp_mfa")
def mark_idp_mfa(sender: object, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is None:
        return
    sociallogin = kwargs.get("sociallogin")
    if sociallogin is not None and sociallogin.state.get(IDP_MFA_STATE):
        session[MFA_BY_IDP_SESSION_KEY] = str(user.pk)
    else:
        session.pop(MFA_BY_IDP_SESSION_KEY, None)
