"""The operator's host (``COOPT_OPERATOR_HOST``): the console and its staff's sign-in, nothing
of a tenant. ``TenantMiddleware`` serves this URLconf there and only there.

No Django admin: the console does what the operator did in it, behind the same two-factor
sign-in as the rest of the product (the admin had a sign-in of its own, with a password only).
"""

from django.urls import include, path

from coopt.console import views
from coopt.sso.urls import closed as sso_closed

urlpatterns = [
    # "home" as on a tenant's host: where allauth sends a staff member once signed in.
    path("", views.home, name="home"),
    path("", include("coopt.console.urls")),
    path("accounts/3rdparty/", include(sso_closed.third_party)),
    path("accounts/social/", include(sso_closed.legacy)),
    path("accounts/", include("allauth.urls")),
]
