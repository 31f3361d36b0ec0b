import mimetypes

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

IMAGE_TYPES = {
    "image/png",
    "image/jpeg",
    "image/svg+xml",
    "image/x-icon",
    "image/vnd.microsoft.icon",
    "image/gif",
    "image/webp",
}


def _serve(field_file) -> FileResponse:  # type: ignore[no-untyped-def]
    if not field_file:
        raise Http404
    content_type = mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    if content_type not in IMAGE_TYPES:
        raise Http404
    response = FileResponse(field_file.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    if content_type == "image/svg+xml":
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@require_GET
@cache_control(max_age=3600)
def logo(request: HttpRequest) -> FileResponse:
    return _serve(request.tenant.logo)  # type: ignore[attr-defined]


@require_GET
@cache_control(max_age=3600)
def favicon(request: HttpRequest) -> FileResponse:
    return _serve(request.tenant.favicon)  # type: ignore[attr-defined]
