"""Branding and languages (T1, T2): validation, uploads checked by content, mass assignment."""

import base64
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from coopt.tenants.models import Tenant

from ..conftest import World
from ..responses import Response

URL = reverse("backoffice:settings")

# A real 1×1 transparent PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


def encoded(image_format: str, **options: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), "#123456").save(out, image_format, **options)
    return out.getvalue()


JPEG = encoded("JPEG")
WEBP = encoded("WEBP")
ICO = encoded("ICO")
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    b'<rect width="10" height="10" fill="#123456"/></svg>'
)


def form_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Acme Corp",
        "primary_colour": "#112233",
        "accent_colour": "#AABBCC",
        "email_sender_name": "Acme talent",
        "email_sender_address": "talent@acme.test",
        "default_language": "fr",
        "enabled_languages": ["fr", "en"],
    }
    data.update(overrides)
    return data


def post(world: World, **overrides: object) -> Response:
    return world.client_for(world.admin).post(URL, form_data(**overrides))


def fresh(world: World) -> Tenant:
    return Tenant.objects.get(pk=world.acme.pk)


def test_an_admin_saves_the_brand_and_languages(world):
    response = post(world)
    assert response.status_code == 302
    assert response["Location"] == URL
    tenant = fresh(world)
    assert tenant.name == "Acme Corp"
    assert (tenant.primary_colour, tenant.accent_colour) == ("#112233", "#aabbcc")
    assert tenant.from_email == '"Acme talent" <talent@acme.test>'
    assert tenant.default_language == "fr"
    assert tenant.enabled_languages == ["fr", "en"]


def test_the_new_colours_reach_the_brand_stylesheet(world):
    post(world)
    css = world.client_for(world.member).get(reverse("brand_css")).content.decode()
    assert "#112233" in css


@pytest.mark.parametrize("colour", ["red", "#12345", "#1234567", "#GGGGGG", "112233", ""])
def test_a_bad_colour_is_refused(world, colour):
    response = post(world, primary_colour=colour)
    assert response.status_code == 200
    assert response.context["form"].errors["primary_colour"]
    assert fresh(world).primary_colour == "#123456"
    assert fresh(world).name == "Acme"


def test_an_invalid_form_does_not_change_the_page_it_is_drawn_with(world):
    response = post(world, name="Hacked name", primary_colour="bad")
    assert b"Hacked name" not in response.content.split(b"<main")[0]


def test_at_least_one_language_must_be_enabled(world):
    response = post(world, enabled_languages=[])
    assert "Enable at least one language." in str(response.context["form"].errors)
    assert fresh(world).enabled_languages == Tenant().enabled_languages


def test_the_default_language_must_be_enabled(world):
    response = post(world, default_language="de", enabled_languages=["fr", "en"])
    assert "The default language must be one of the enabled languages." in str(
        response.context["form"].errors["default_language"]
    )
    assert fresh(world).default_language == "en"


def test_an_unknown_language_is_refused(world):
    response = post(world, enabled_languages=["fr", "xx"])
    assert response.context["form"].errors["enabled_languages"]


def test_only_branding_fields_can_be_changed(world):
    post(
        world,
        slug="evil",
        mode="network",
        is_active="",
        enabled_languages=["en"],
        default_language="en",
    )
    tenant = fresh(world)
    assert tenant.name == "Acme Corp"
    assert (tenant.slug, tenant.mode, tenant.is_active) == ("acme", "internal", True)


@pytest.mark.parametrize(
    ("content", "extension", "pillow_format"),
    [
        (PNG, "png", "PNG"),
        (JPEG, "jpg", "JPEG"),
        (WEBP, "webp", "WEBP"),
        (ICO, "png", "PNG"),
        (SVG, "png", "PNG"),
    ],
)
def test_images_are_accepted_by_content_and_stored_as_pixels(
    world, content, extension, pillow_format
):
    # The browser's file name and type are ignored: only the bytes count.
    logo = SimpleUploadedFile("whatever.txt", content, "application/octet-stream")
    favicon = SimpleUploadedFile("icon.bin", content, "text/plain")
    response = post(world, logo=logo, favicon=favicon)
    assert response.status_code == 302, response.context["form"].errors
    tenant = fresh(world)
    assert tenant.logo.name is not None and tenant.favicon.name is not None
    assert tenant.logo.name.endswith(f".{extension}")
    assert tenant.favicon.name.endswith(f".{extension}")
    served = world.client_for(world.member).get(reverse("tenants:logo"))
    assert served.status_code == 200
    assert served["Content-Type"] == f"image/{ {'jpg': 'jpeg'}.get(extension, extension) }"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Security-Policy"] == "default-src 'none'; sandbox"
    with Image.open(io.BytesIO(b"".join(served.streaming_content))) as image:
        assert image.format == pillow_format


@pytest.mark.parametrize("language", ["fr", "en", "de", "it", "pl", "nl", "es"])
def test_the_settings_page_shows_the_current_logo_through_the_brand_view(world, language):
    post(world, logo=SimpleUploadedFile("logo.png", PNG, "image/png"))
    world.admin.user.language = language
    world.admin.user.save(update_fields=["language"])
    response = world.client_for(world.admin).get(URL)
    assert response.status_code == 200
    assert f'href="{reverse("tenants:logo")}"' in response.content.decode()


def test_a_refused_logo_with_one_already_set_answers_with_the_form_error(world):
    post(world, logo=SimpleUploadedFile("logo.png", PNG, "image/png"))
    response = post(world, logo=SimpleUploadedFile("logo.svg", FAKE_IMAGES["broken svg"][0]))
    assert response.status_code == 200
    assert "not valid XML" in str(response.context["form"].errors["logo"])
    logo = fresh(world).logo.name
    assert logo is not None
    assert logo.endswith(".png")


def test_the_uploaded_logo_appears_in_the_page_header(world):
    post(world, logo=SimpleUploadedFile("logo.png", PNG, "image/png"))
    html = world.client_for(world.member).get(reverse("jobs:board")).content.decode()
    assert reverse("tenants:logo") in html


FAKE_IMAGES = {
    "text named png": (b"just some text, not a picture", "logo.png"),
    "html named svg": (b"<html><body>hi</body></html>", "logo.svg"),
    "javascript link in svg": (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
        b'<a x:href="javascript:alert(1)"><rect/></a></svg>',
        "logo.svg",
    ),
    "entities in svg": (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
        "logo.svg",
    ),
    "broken svg": (b'<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>', "logo.svg"),
    "gif": (b"GIF89a\x01\x00\x01\x00", "logo.gif"),
    "pdf": (b"%PDF-1.7\n", "logo.png"),
}


@pytest.mark.parametrize(("content", "name"), FAKE_IMAGES.values(), ids=FAKE_IMAGES.keys())
def test_fake_or_dangerous_images_are_refused(world, content, name):
    response = post(world, logo=SimpleUploadedFile(name, content, "image/png"))
    assert response.status_code == 200
    assert response.context["form"].errors["logo"]
    assert not fresh(world).logo
    assert fresh(world).name == "Acme"


def test_an_svg_that_links_outside_itself_says_so(world):
    content = FAKE_IMAGES["javascript link in svg"][0]
    response = post(world, favicon=SimpleUploadedFile("f.svg", content))
    assert "links to something outside itself" in str(response.context["form"].errors["favicon"])


def test_a_fake_png_says_which_formats_are_accepted(world):
    response = post(world, logo=SimpleUploadedFile("logo.png", b"not a png"))
    message = "Upload a PNG, JPEG, WebP, ICO or SVG image."
    assert message in str(response.context["form"].errors["logo"])


def test_images_over_1_mb_are_refused(world):
    big = PNG + b"\x00" * (1024 * 1024)
    response = post(world, logo=SimpleUploadedFile("logo.png", big, "image/png"))
    assert "1 MB" in str(response.context["form"].errors["logo"])
    assert not fresh(world).logo


def test_a_logo_can_be_removed(world):
    post(world, logo=SimpleUploadedFile("logo.png", PNG, "image/png"))
    assert fresh(world).logo
    post(world, **{"logo-clear": "on"})
    assert not fresh(world).logo


def test_saving_without_a_new_file_keeps_the_logo(world):
    post(world, logo=SimpleUploadedFile("logo.png", PNG, "image/png"))
    name = fresh(world).logo.name
    post(world, name="Renamed")
    assert fresh(world).logo.name == name
    assert fresh(world).name == "Renamed"


def test_a_globex_admin_edits_globex_only(world):
    world.client_for(world.outsider).post(URL, form_data(name="Globex renamed"))
    assert Tenant.objects.get(pk=world.globex.pk).name == "Globex renamed"
    assert fresh(world).name == "Acme"
