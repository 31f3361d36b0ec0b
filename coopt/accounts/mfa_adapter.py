from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings


class MFAAdapter(DefaultMFAAdapter):
    """Authenticator apps show the company's name, never the vendor's (T2); on the
    operator's host, which has no company, the operator's own brand."""

    def get_totp_issuer(self) -> str:
        tenant = getattr(context.request, "tenant", None)
        return tenant.name if tenant is not None else settings.COOPT_OPERATOR_BRAND
