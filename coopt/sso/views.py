"""The admin's single sign-on page (M2): the settings, and what to give the identity
provider."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coopt.accounts.access import admin_required
from coopt.accounts.http import MemberRequest
from coopt.audit.actors import Actor
from coopt.lib.http import posted

from .forms import SsoSettingsForm
from .models import SsoSettings
from .providers import OIDC_PROVIDER_ID, saml_slug
from .selectors import sso_settings_of
from .services import sso_settings_save


@admin_required
@require_http_methods(["GET", "POST"])
def settings_page(request: MemberRequest) -> HttpResponse:
    row = sso_settings_of(request.tenant) or SsoSettings(tenant=request.tenant)
    form = SsoSettingsForm(posted(request), instance=row)
    if request.method == "POST" and form.is_valid():
        sso_settings_save(
            tenant=request.tenant, actor=Actor.from_request(request), values=form.values()
        )
        messages.success(request, _("The single sign-on settings are saved."))
        return redirect("sso:settings")
    slug = saml_slug(row)
    return render(
        request,
        "sso/settings.html",
        {
            "form": form,
            "row": row,
            "oidc_callback_url": request.build_absolute_uri(
                reverse("openid_connect_callback", kwargs={"provider_id": OIDC_PROVIDER_ID})
            ),
            "saml_acs_url": request.build_absolute_uri(reverse("saml_acs", args=[slug])),
            "saml_metadata_url": request.build_absolute_uri(reverse("saml_metadata", args=[slug])),
            "login_url": request.build_absolute_uri(reverse("account_login")),
        },
    )
