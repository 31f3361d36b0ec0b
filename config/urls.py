from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("coopt.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("coopt.tenants.urls")),
    path("", include("coopt.accounts.urls")),
    path("", include("coopt.jobs.urls")),
    path("", include("coopt.referrals.urls")),
    path("", include("coopt.notifications.urls")),
    path("office/", include("coopt.backoffice.urls")),
    path("operator/", admin.site.urls),
]
