"""E-mails write on the company's colours in the text colour that reads on them, as the pages
do (coopt/tenants/colours.py): a light brand gets dark text, not white."""

import pytest
from django.template.loader import render_to_string

from coopt.notifications.rendering import wrap_text_as_html
from coopt.tenants.colours import contrast_ratio

from ..conftest import World

pytestmark = pytest.mark.django_db


def test_the_header_of_a_light_brand_is_written_in_black(world: World):
    world.acme.primary_colour = "#f5d000"  # a yellow: white on it reads at 1.5:1
    world.acme.save()
    html = wrap_text_as_html(tenant=world.acme, subject="Hello", text="Hi", language="en")
    assert "background:#f5d000;color:#000000;" in html
    assert contrast_ratio("#f5d000", "#000000") >= 4.5


def test_a_featured_job_badge_on_the_default_orange_reads(world: World):
    html = render_to_string(
        "emails/job-digest-offer.html",
        {"tenant": world.acme, "offer": {"title": "Chef", "url": "/j/1/", "featured": True}},
    )
    accent = world.acme.palette
    assert f"background:{accent.accent};color:{accent.accent_text};" in html
    assert contrast_ratio(accent.accent, accent.accent_text) >= 4.5
    assert "color:#ffffff" not in html


def test_a_button_on_a_dark_brand_stays_white(world: World):
    world.acme.primary_colour = "#1f4e79"
    world.acme.save()
    context = {"tenant": world.acme, "href": "/", "label": "Go"}
    html = render_to_string("emails/_button.html", context)
    assert "background:#1f4e79;color:#ffffff;" in html
