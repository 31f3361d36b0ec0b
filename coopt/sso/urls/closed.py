"""allauth's social-account pages the product does not offer, answered before allauth's own
(config/urls.py): no sign-up through a provider (members join on first sign-in), no
"connected accounts" page (nothing is connected), and a failed or cancelled sign-in goes back
to the sign-in page with its message (``adapter.on_authentication_error``). Each sends the
visitor to the sign-in page, or home once signed in."""

from django.urls import path

from ..closed import to_sign_in

# Under accounts/3rdparty/ (allauth's current paths) and accounts/social/ (its old ones).
third_party = [
    path("", to_sign_in),
    path("signup/", to_sign_in),
    path("login/cancelled/", to_sign_in),
    path("login/error/", to_sign_in),
]
legacy = [
    path("connections/", to_sign_in),
    path("signup/", to_sign_in),
    path("login/cancelled/", to_sign_in),
    path("login/error/", to_sign_in),
]
