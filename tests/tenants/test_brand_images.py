"""Logos and favicons are kept as pixels only (defect 16): an SVG file is drawn to a PNG by
resvg, or refused; a raster file is encoded again without its metadata."""

import io
import time

import pytest
from django.core.files.base import ContentFile
from django.utils import translation
from PIL import Image

from coopt.tenants.images import (
    LOGO_SIDE,
    MAX_SOURCE_PIXELS,
    BrandImage,
    BrandImageError,
    brand_image,
)

NS = 'xmlns="http://www.w3.org/2000/svg"'


def svg(body: str, attributes: str = 'width="40" height="20"') -> bytes:
    return f"<svg {NS} {attributes}>{body}</svg>".encode()


def opened(image: BrandImage) -> Image.Image:
    return Image.open(io.BytesIO(image.content))


def assert_pixels_only(image: BrandImage) -> None:
    """A PNG of the drawing and nothing else: no text chunk, no trace of the source."""
    assert image.extension == "png" and image.content_type == "image/png"
    with opened(image) as png:
        assert png.format == "PNG"
        assert max(png.size) <= LOGO_SIDE
        assert not set(png.info) - {"dpi", "gamma"}
    for word in (b"script", b"alert", b"onload", b"animate", b"<svg", b"href"):
        assert word not in image.content


# What browsers would run in an SVG file, and resvg draws as still pixels.
NEUTRALISED = {
    # The defect's sample: SMIL animation setting a link to a script once loaded.
    "smil": svg(
        '<a><set attributeName="href" to="javascript:alert(1)"/>'
        '<animate attributeName="href" values="javascript:alert(1)"/>'
        '<rect width="40" height="20" fill="#0b3d5c"/></a>'
    ),
    "script": svg('<script>alert(document.cookie)</script><rect width="40" height="20"/>'),
    "onload": b"<svg " + NS.encode() + b' width="40" height="20" onload="alert(1)"><rect '
    b'width="40" height="20" onclick="alert(2)"/></svg>',
    "foreign object": svg(
        '<foreignObject width="40" height="20"><div xmlns="http://www.w3.org/1999/xhtml">'
        '<iframe src="javascript:alert(1)"></iframe></div></foreignObject>'
    ),
}


@pytest.mark.parametrize("data", NEUTRALISED.values(), ids=NEUTRALISED.keys())
def test_what_a_browser_would_run_is_drawn_as_still_pixels(data: bytes) -> None:
    assert_pixels_only(brand_image(data, max_side=LOGO_SIDE))


def test_a_plain_svg_logo_is_drawn_to_fit_the_largest_side() -> None:
    image = brand_image(svg('<rect width="40" height="20" fill="#ff0000"/>'), max_side=512)
    with opened(image) as png:
        assert png.size == (512, 256)
        assert png.convert("RGBA").getpixel((256, 128)) == (255, 0, 0, 255)


def test_an_svg_of_huge_declared_size_is_drawn_small_and_fast() -> None:
    data = svg('<rect width="100%" height="100%"/>', 'width="10000000" height="5000000"')
    started = time.monotonic()
    image = brand_image(data, max_side=LOGO_SIDE)
    assert time.monotonic() - started < 5
    with opened(image) as png:
        assert png.size == (LOGO_SIDE, LOGO_SIDE // 2)


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]><svg "
    + NS.encode()
    + b' width="10" height="10"><text>&lol9;</text></svg>'
)

REFUSED = {
    "billion laughs": (BILLION_LAUGHS, "declares entities"),
    "external image": (
        svg('<image href="http://attacker.test/pixel.png" width="40" height="20"/>'),
        "links to something outside itself",
    ),
    "a file of the server": (
        svg('<image href="/etc/hostname" width="40" height="20"/>'),
        "links to something outside itself",
    ),
    "xlink to a file of the server": (
        b"<svg " + NS.encode() + b' xmlns:xlink="http://www.w3.org/1999/xlink" width="4" '
        b'height="4"><image xlink:href="../../media/tenants/logos/other.png"/></svg>',
        "links to something outside itself",
    ),
    "javascript link": (svg('<a href="javascript:alert(1)"><rect/></a>'), "outside itself"),
    "not xml": (b"<svg><rect></svg>", "not valid XML"),
    "html": (b"<html><body>hi</body></html>", "Upload a PNG, JPEG, WebP, ICO or SVG image."),
    "no size at all": (svg("", 'width="0" height="0"'), "could not be drawn"),
}


@pytest.mark.parametrize(("data", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_an_svg_that_reaches_outside_or_cannot_be_drawn_is_refused(
    data: bytes, message: str
) -> None:
    with pytest.raises(BrandImageError) as refused:
        brand_image(data, max_side=LOGO_SIDE)
    with translation.override("en"):
        assert message in str(refused.value.message)


def test_an_image_embedded_in_the_svg_is_drawn() -> None:
    inner = io.BytesIO()
    Image.new("RGB", (2, 2), "#00ff00").save(inner, "PNG")
    import base64

    href = "data:image/png;base64," + base64.b64encode(inner.getvalue()).decode()
    image = brand_image(svg(f'<image href="{href}" width="40" height="20"/>'), max_side=40)
    with opened(image) as png:
        assert png.convert("RGB").getpixel((20, 10)) == (0, 255, 0)


def test_a_jpeg_loses_its_exif_and_keeps_its_pixels() -> None:
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x8825] = {2: (48.0, 51.0, 24.0)}  # GPS latitude
    source = io.BytesIO()
    Image.new("RGB", (30, 20), "#336699").save(source, "JPEG", exif=exif, comment=b"secret")
    assert b"Camera maker" in source.getvalue()
    image = brand_image(source.getvalue(), max_side=LOGO_SIDE)
    assert image.extension == "jpg"
    assert b"Camera maker" not in image.content and b"secret" not in image.content
    with opened(image) as jpeg:
        assert jpeg.format == "JPEG" and jpeg.size == (30, 20)
        assert not jpeg.getexif()


def test_a_png_loses_its_text_chunks() -> None:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    source = io.BytesIO()
    Image.new("RGBA", (8, 8), (1, 2, 3, 128)).save(source, "PNG", pnginfo=info)
    image = brand_image(source.getvalue(), max_side=LOGO_SIDE)
    assert b"script" not in image.content
    with opened(image) as png:
        assert png.mode == "RGBA" and png.getpixel((4, 4)) == (1, 2, 3, 128)


def test_a_large_raster_is_scaled_down_to_the_side() -> None:
    source = io.BytesIO()
    Image.new("RGB", (3000, 1500), "white").save(source, "PNG")
    with opened(brand_image(source.getvalue(), max_side=512)) as png:
        assert png.size == (512, 256)


def test_a_raster_declaring_too_many_pixels_is_refused_before_it_is_decoded() -> None:
    # A PNG header claiming 20,000 × 20,000 pixels (a decompression bomb) over a tiny file.
    source = io.BytesIO()
    Image.new("1", (20000, 20000)).save(source, "PNG")
    assert 20000 * 20000 > MAX_SOURCE_PIXELS
    with pytest.raises(BrandImageError) as refused, translation.override("de"):
        brand_image(source.getvalue(), max_side=LOGO_SIDE)
    assert refused.value.code == "dimensions"
    assert "36.000.000" in str(refused.value.message)  # the number in the reader's format


def test_the_migration_draws_stored_svg_logos_and_clears_the_broken_ones(world) -> None:
    from importlib import import_module

    from django.apps import apps

    from coopt.tenants.models import Tenant

    migration = import_module("coopt.tenants.migrations.0002_brand_images_to_pixels")
    world.acme.logo.save("acme-logo.svg", ContentFile(NEUTRALISED["script"]))
    world.acme.favicon.save("acme-favicon.svg", ContentFile(b"<svg><broken"))
    world.globex.logo.save("globex-logo.png", ContentFile(b"kept as it is"))
    migration.brand_images_to_pixels(apps, None)
    acme = Tenant.objects.get(pk=world.acme.pk)
    assert str(acme.logo.name).endswith(".png") and not acme.favicon
    with acme.logo.open("rb") as handle:
        assert_pixels_only(BrandImage(content=handle.read(), extension="png"))
    assert Tenant.objects.get(pk=world.globex.pk).logo.name == world.globex.logo.name
