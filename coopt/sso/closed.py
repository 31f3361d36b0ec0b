from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


def to_sign_in(request: HttpRequest) -> HttpResponse:
    """allauth's social sign-up, connections and error pages: the product has none of them
    (``urls/closed.py``); the sign-in page shows any message waiting."""
    if request.user.is_authenticated:
        return redirect("home")
    return redirect("account_login")
