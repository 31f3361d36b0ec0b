from django.urls import include, path

from coopt.api.api import urlpatterns as api_urlpatterns
from coopt.core.views import set_language
from coopt.sso.urls import closed as sso_closed

urlpatterns = [
    path("", include("coopt.core.urls")),
    path("accounts/3rdparty/", include(sso_closed.third_party)),
    path("accounts/social/", include(sso_closed.legacy)),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("coopt.tenants.urls")),
    path("", include("coopt.clients.logo_urls")),
    path("", include("coopt.accounts.urls")),
    path("", include("coopt.jobpages.urls")),
    path("", include("coopt.referrals.urls")),
    path("", include("coopt.network.urls")),
    path("", include("coopt.gamification.urls")),
    path("", include("coopt.rewards.urls")),
    path("", include("coopt.integrations.urls.public")),
    path("office/api/", include("coopt.api.urls")),
    path("api/v1/", include((api_urlpatterns(), "api_v1"))),
    path("office/webhooks/", include("coopt.webhooks.urls")),
    path("office/", include("coopt.backoffice.urls")),
    path("office/clients/", include("coopt.clients.urls")),
    path("office/diffusion/", include("coopt.diffusion.urls.office")),
    path("office/integrations/feeds/", include("coopt.integrations.urls.office")),
    path("office/privacy/", include("coopt.privacy.urls")),
    path("office/sso/", include("coopt.sso.urls.office")),
    path("office/ats/", include("coopt.ats.urls")),
    path("privacy/", include("coopt.privacy.urls.public")),
    path("unsubscribe/", include("coopt.diffusion.urls.public")),
]
