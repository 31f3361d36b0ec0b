"""The tenant's logo and favicon, served from its own host only (T1, T2)."""

import pytest
from django.core.files.base import ContentFile

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)


def test_without_a_logo_the_name_is_shown_and_the_logo_url_is_404(world, acme_client):
    html = acme_client.get("/").content.decode()
    assert '<span class="brand-name">Acme</span>' in html
    assert "/brand/logo" not in html
    assert acme_client.get("/brand/logo").status_code == 404
    assert acme_client.get("/brand/favicon").status_code == 404


def test_the_logo_and_favicon_are_served_to_their_tenant(world, acme_client):
    world.acme.logo.save("logo.png", ContentFile(PNG))
    world.acme.favicon.save("favicon.png", ContentFile(PNG))
    html = acme_client.get("/").content.decode()
    version = world.acme.brand_version
    assert f'<img src="/brand/logo?v={version}" alt="Acme"' in html
    assert f'<link rel="icon" href="/brand/favicon?v={version}">' in html
    response = acme_client.get("/brand/logo")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PNG
    assert acme_client.get("/brand/favicon").status_code == 200
    # globex has none: acme's files never leak to another host
    globex = world.client_for(None, host="globex.localhost")
    assert globex.get("/brand/logo").status_code == 404


def test_an_svg_file_left_on_the_disk_is_never_served(world, acme_client):
    # Uploads are stored as pixels; an SVG file stored before is not served all the same.
    world.acme.logo.save("logo.svg", ContentFile(b"<svg xmlns='http://www.w3.org/2000/svg'/>"))
    assert acme_client.get("/brand/logo").status_code == 404


def test_every_brand_file_is_served_with_a_policy_that_runs_nothing(world, acme_client):
    world.acme.favicon.save("favicon.png", ContentFile(PNG))
    response = acme_client.get("/brand/favicon")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_logo_that_is_not_an_image_is_not_served(world, acme_client):
    world.acme.logo.save("logo.html", ContentFile(b"<script>alert(1)</script>"))
    assert acme_client.get("/brand/logo").status_code == 404


def test_a_new_logo_gets_a_new_address_so_browsers_fetch_it_at_once(world, acme_client):
    world.acme.logo.save("logo.png", ContentFile(PNG))
    before = world.acme.brand_version
    world.acme.logo.save("logo.png", ContentFile(PNG + b"new"))
    assert world.acme.brand_version != before
    html = acme_client.get("/").content.decode()
    assert f'<img src="/brand/logo?v={world.acme.brand_version}"' in html
    assert acme_client.get(f"/brand/logo?v={world.acme.brand_version}").status_code == 200
