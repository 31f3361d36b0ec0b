from django.http import HttpRequest


def tenant(request: HttpRequest) -> dict[str, object]:
    # A plain HttpRequest: the unknown-host page and error pages are drawn without a tenant.
    return {"tenant": getattr(request, "tenant", None)}
