from django.conf import settings
from django.http import HttpRequest

from coopt.tenants.middleware import OPERATOR_URLCONF


def operator(request: HttpRequest) -> dict[str, object]:
    """The operator's brand, and whether this is the operator's host: its pages (the console,
    its sign-in, its error pages) extend the console's layout, not a tenant's."""
    return {
        "operator_brand": settings.COOPT_OPERATOR_BRAND,
        "operator_host": getattr(request, "urlconf", None) == OPERATOR_URLCONF,
    }
