"""Every member-facing page carries the tenant's brand, never the vendor's (T2)."""

import re

import pytest

from .. import factories as f
from ..conftest import World

pytestmark = pytest.mark.django_db


def member_pages(world: World) -> list[str]:
    job = world.job.pk
    return [
        "/jobs/",
        f"/jobs/{job}/",
        f"/jobs/{job}/recommend/",
        f"/jobs/{job}/apply/",
        "/me/",
        "/notifications/",
        "/preferences/",
        "/jobs/?q=nothing-matches-this",
    ]


def public_pages(world: World) -> list[str]:
    referral = f.refer(referrer=world.expert, job=world.job)
    return [
        "/",
        "/accounts/login/",
        f"/p/jobs/{world.job.pk}/",
        f.consent_path(referral),
    ]


def assert_branded(html: str, name: str, other: str) -> None:
    assert name in html
    assert other not in html
    assert 'href="/brand.css?v=' in html
    # The vendor's name appears nowhere a person can see it (asset paths aside).
    assert "Coopt" not in html
    assert not re.search(r"(?i)coopt(?!/app\.(css|js))", html.replace("/static/coopt/", "/"))


def test_member_pages_carry_the_tenant_brand(world):
    client = world.client_for(world.member)
    for url in member_pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_branded(response.content.decode(), "Acme", "Globex")


def test_public_pages_carry_the_tenant_brand(world, acme_client):
    for url in public_pages(world):
        response = acme_client.get(url)
        assert response.status_code == 200, url
        assert_branded(response.content.decode(), "Acme", "Globex")


def test_the_other_tenant_sees_its_own_brand(world):
    client = world.client_for(world.outsider_member)
    for url in ["/jobs/", f"/jobs/{world.globex_job.pk}/", "/me/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_branded(response.content.decode(), "Globex", "Acme")


def test_the_not_found_page_of_a_tenant_is_branded(world):
    response = world.client_for(world.member).get("/no-such-page/")
    assert response.status_code == 404
    assert_branded(response.content.decode(), "Acme", "Globex")


def test_brand_css_carries_the_tenant_colours(world):
    world.acme.accent_colour = "#abcdef"
    world.acme.save()
    response = world.client_for(None, host="acme.localhost").get("/brand.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    css = response.content.decode()
    assert "--brand: #123456;" in css
    assert "--accent: #abcdef;" in css
    other = world.client_for(None, host="globex.localhost").get("/brand.css").content.decode()
    assert "#123456" not in other
    assert "--brand: #1f4e79;" in other


def test_new_colours_give_the_brand_stylesheet_a_new_address(world):
    """Browsers keep /brand.css for minutes: a changed colour must not wait for that."""
    client = world.client_for(world.member)
    before = world.acme.brand_version
    assert f'href="/brand.css?v={before}"' in client.get("/jobs/").content.decode()
    world.acme.primary_colour = "#7a1f5c"
    world.acme.save()
    after = world.acme.brand_version
    assert after != before
    html = client.get("/jobs/").content.decode()
    assert f'href="/brand.css?v={after}"' in html
    assert "--brand: #7a1f5c;" in client.get(f"/brand.css?v={after}").content.decode()
    other = world.client_for(world.outsider_member).get("/jobs/").content.decode()
    assert f"?v={after}" not in other


def test_pages_use_no_inline_script_or_style(world):
    client = world.client_for(world.member)
    for url in member_pages(world):
        html = client.get(url).content.decode()
        assert 'style="' not in html, url
        for script in re.findall(r"<script[^>]*>", html):
            assert "src=" in script or 'type="application/ld+json"' in script, url


def test_brand_css_gives_text_colours_that_read_on_the_tenant_colours(world):
    world.acme.accent_colour = "#e07a1f"  # the default orange: white on it reads at 3:1
    world.acme.primary_colour = "#ffeb3b"  # a light yellow: white on it would not read
    world.acme.save()
    css = world.client_for(None, host="acme.localhost").get("/brand.css").content.decode()
    assert "--accent-text: #000000;" in css
    assert "--brand-text: #000000;" in css
    assert "--brand-ink: #ffeb3b;" not in css  # darkened for links on the light page
    other = world.client_for(None, host="globex.localhost").get("/brand.css").content.decode()
    assert "--brand-text: #ffffff;" in other  # on the default dark blue
    assert "--brand-ink: #1f4e79;" in other  # dark enough to stay as it is
