"""A company's logo and favicon, kept as pixels only (T1, defect 16).

Browsers run what an SVG file holds (scripts, SMIL animation, external loads), and a raster
file can carry metadata (EXIF, GPS, comments). So no upload is stored as it came:

- an SVG file is drawn to a PNG by resvg (``resvg-py``, MIT, no system library), which runs
  no script and plays no animation; a file that points outside itself (``href`` to a path
  or a URL: resvg would read a file of the server) is refused, and so is one that declares
  entities (defusedxml: billion laughs);
- a PNG, JPEG, WebP or ICO file is opened by Pillow, its size checked before its pixels are
  decoded, and encoded again: nothing but the pixels is kept.

Either way the stored file fits in a square of ``max_side`` pixels, and the brand views
serve only raster types.
"""

import io
import warnings
from dataclasses import dataclass

import defusedxml.ElementTree as SafeET
import resvg_py
from defusedxml import DefusedXmlException
from django import forms
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 1024 * 1024
# A logo large enough for any screen; a favicon for any home screen icon.
LOGO_SIDE = 1024
FAVICON_SIDE = 512
# The largest raster accepted, checked from its header before its pixels are decoded.
MAX_SOURCE_PIXELS = 6000 * 6000

# Pillow's format → the format stored, and its file extension.
STORED_FORMATS = {"PNG": "PNG", "ICO": "PNG", "JPEG": "JPEG", "WEBP": "WEBP"}
EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"

WRONG_TYPE = _("Upload a PNG, JPEG, WebP, ICO or SVG image.")


class BrandImageError(ValueError):
    """Why an uploaded image is refused: a translated message for the form."""

    def __init__(self, message: str | Promise, code: str) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code


@dataclass(frozen=True)
class BrandImage:
    content: bytes
    extension: str  # png, jpg or webp

    @property
    def content_type(self) -> str:
        return {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}[self.extension]


def brand_image(data: bytes, *, max_side: int) -> BrandImage:
    """The uploaded image as clean pixels, or ``BrandImageError``."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise BrandImageError(_("The image is too large (1 MB at most)."), "size")
    if looks_like_svg(data):
        data = svg_to_png(data, max_side=max_side)
    return reencode(data, max_side=max_side)


def looks_like_svg(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def svg_to_png(data: bytes, *, max_side: int) -> bytes:
    """Draw an SVG file into a PNG that fits in a ``max_side`` square, whatever size it
    declares (a huge width and height cost nothing: the drawing is scaled down)."""
    try:
        text = data.decode("utf-8-sig")
        root = SafeET.fromstring(text)
    except DefusedXmlException as error:
        raise BrandImageError(
            _("This SVG file declares entities, which are not allowed."), "svg"
        ) from error
    except (UnicodeDecodeError, SafeET.ParseError) as error:
        raise BrandImageError(_("This SVG file is not valid XML."), "svg") from error
    if root.tag != f"{SVG_NAMESPACE}svg":
        raise BrandImageError(WRONG_TYPE, "type")
    for element in root.iter():
        for name, value in element.attrib.items():
            # resvg reads the files an <image> names from the server's disk: a logo must
            # carry its pictures in itself (data: URLs) and link only to its own parts.
            if name.rsplit("}", 1)[-1] == "href" and not value.strip().startswith(("#", "data:")):
                raise BrandImageError(
                    _(
                        "This SVG file links to something outside itself, which is not "
                        "allowed: embed its images in it."
                    ),
                    "svg",
                )
    try:
        return bytes(resvg_py.svg_to_bytes(svg_string=text, width=max_side, height=max_side))
    except BaseException as error:  # resvg raises ValueError, or a Rust panic
        if isinstance(error, KeyboardInterrupt | SystemExit):
            raise
        raise BrandImageError(_("This SVG file could not be drawn."), "svg") from error


def reencode(data: bytes, *, max_side: int) -> BrandImage:
    """Open a raster image by its content and encode its pixels again, nothing else: no
    EXIF, no colour profile, no comment, no second frame."""
    too_large = BrandImageError(
        _("The image is too large (%(pixels)s pixels at most).")
        % {"pixels": formats.number_format(MAX_SOURCE_PIXELS, force_grouping=True)},
        "dimensions",
    )
    try:
        with warnings.catch_warnings():
            # Pillow's own guard against decompression bombs, as an error.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as source:
                stored = STORED_FORMATS.get(source.format or "")
                if stored is None:
                    raise BrandImageError(WRONG_TYPE, "type")
                width, height = source.size
                if width * height > MAX_SOURCE_PIXELS:
                    raise too_large
                source.load()
                image = pixels_only(source, stored)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise too_large from error
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise BrandImageError(WRONG_TYPE, "type") from error
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if stored == "JPEG":
        image.save(out, "JPEG", quality=90, optimize=True)
    elif stored == "WEBP":
        image.save(out, "WEBP", quality=90)
    else:
        image.save(out, "PNG", optimize=True)
    return BrandImage(content=out.getvalue(), extension=EXTENSIONS[stored])


def pixels_only(source: Image.Image, stored: str) -> Image.Image:
    """A new image holding the source's pixels and nothing of its metadata."""
    has_alpha = source.mode in ("RGBA", "LA", "PA") or "transparency" in source.info
    mode = "RGBA" if has_alpha and stored != "JPEG" else "RGB"
    if source.mode in ("L", "1") and not has_alpha:
        mode = "L"
    # A photo taken sideways says so in its EXIF, which goes: turn its pixels first.
    converted = (ImageOps.exif_transpose(source) or source).convert(mode)
    image = Image.new(mode, converted.size)
    image.paste(converted)
    return image


def clean_image(upload: UploadedFile, base_name: str, *, max_side: int) -> "ContentFile[bytes]":
    """An uploaded logo or favicon as clean pixels (coopt/tenants/images.py), named after
    the format it is stored in."""
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(_("The image is too large (1 MB at most)."), code="size")
    upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    try:
        image = brand_image(data, max_side=max_side)
    except BrandImageError as error:
        raise forms.ValidationError(str(error.message), code=error.code) from error
    return ContentFile(image.content, name=f"{base_name}.{image.extension}")
