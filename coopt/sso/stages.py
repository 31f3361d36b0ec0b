"""allauth's two-factor step, skipped when the company's identity provider asserted a
second factor the company trusts (``mfa.py``)."""

from allauth.mfa.stages import AuthenticateStage as BaseAuthenticateStage
from django.http import HttpRequest


class AuthenticateStage(BaseAuthenticateStage):
    def _should_handle(self, request: HttpRequest) -> bool:
        from .adapter import IDP_MFA_STATE

        sociallogin = (self.login.signal_kwargs or {}).get("sociallogin")
        if sociallogin is not None and sociallogin.state.get(IDP_MFA_STATE):
            return False
        return bool(super()._should_handle(request))
