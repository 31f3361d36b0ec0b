import mimetypes

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .http import TenantRequest

# Only pixels: uploads are stored as PNG, JPEG or WebP (images.py); an SVG file, which a
# browser would run, is never served, whatever is on the disk.
IMAGE_TYPES = {"image/png", "image/jpeg", "image/webp"}


def serve_image(field_file: FieldFile) -> FileResponse:
    """An uploaded brand image, as pixels only, with headers that let it run nothing."""
    name = field_file.name  # empty when no file was uploaded
    if not name:
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if content_type not in IMAGE_TYPES:
        raise Http404
    response = FileResponse(field_file.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    # Opened on its own, the file may load and run nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_GET
@cache_control(max_age=3600)
def logo(request: TenantRequest) -> FileResponse:
    return serve_image(request.tenant.logo)


@require_GET
@cache_control(max_age=3600)
def favicon(request: TenantRequest) -> FileResponse:
    return serve_image(request.tenant.favicon)
