from typing import Any

from django import template
from django.urls import reverse

from ..models import SsoSettings
from ..providers import OIDC_PROVIDER_ID, saml_slug
from ..selectors import sso_enabled_for

register = template.Library()


@register.simple_tag(takes_context=True)
def sso_sign_in(context: dict[str, Any]) -> dict[str, str] | None:
    """The sign-in page's single sign-on button: the company's name and where it posts, or
    None when the request's tenant has no single sign-on on."""
    request = context.get("request")
    row = sso_enabled_for(getattr(request, "tenant", None))
    if row is None:
        return None
    if row.protocol == SsoSettings.Protocol.OIDC:
        url = reverse("openid_connect_login", kwargs={"provider_id": OIDC_PROVIDER_ID})
    else:
        url = reverse("saml_login", kwargs={"organization_slug": saml_slug(row)})
    return {"company": str(row.tenant.name), "url": url}
