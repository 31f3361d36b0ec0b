from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter


class MFAAdapter(DefaultMFAAdapter):
    """Authenticator apps show the company's name, never the vendor's (T2)."""

    def get_totp_issuer(self) -> str:
        tenant = getattr(context.request, "tenant", None)
        return tenant.name if tenant is not None else super().get_totp_issuer()
