from django.http import HttpRequest


def tenant(request: HttpRequest) -> dict[str, object]:
    return {"tenant": getattr(request, "tenant", None)}
