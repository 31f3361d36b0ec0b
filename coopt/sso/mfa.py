"""The "trust the identity provider's MFA" rule (M2).

Recruiters and admins sign in with the product's TOTP. When the tenant trusts its identity
provider's MFA and the provider says that this sign-in used a second factor, the product's
TOTP is skipped for the session:

* OpenID Connect: the ID token's ``amr`` holds "mfa", "otp" or "hwk", or its ``acr`` is one
  of the tenant's configured values;
* SAML: one of the assertion's AuthnContextClassRef values is one of the tenant's configured
  values.

Anything else (the rule off, no claim, a value not listed) goes through TOTP as before.
"""

from typing import Any

from .models import SsoSettings
from .providers import SAML_AUTHN_CONTEXTS

MFA_AMR_VALUES = frozenset({"mfa", "otp", "hwk"})


def idp_asserted_mfa(row: SsoSettings, extra_data: dict[str, Any]) -> bool:
    """Whether this sign-in's assertion, as allauth stored it, counts as two factors."""
    if not row.trust_idp_mfa:
        return False
    if row.protocol == SsoSettings.Protocol.OIDC:
        claims = extra_data.get("id_token") or {}
        amr = claims.get("amr") or []
        if isinstance(amr, str):
            amr = [amr]
        if MFA_AMR_VALUES & {str(value).lower() for value in amr}:
            return True
        acr = claims.get("acr")
        return bool(acr) and str(acr) in row.contexts
    contexts = extra_data.get(SAML_AUTHN_CONTEXTS) or []
    return any(str(value) in row.contexts for value in contexts)
