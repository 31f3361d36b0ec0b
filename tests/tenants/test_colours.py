"""Text on a tenant's colours reads at 4.5:1 whatever colour the tenant picks (WCAG 1.4.3)."""

import pytest

from coopt.tenants.colours import (
    BLACK,
    LIGHT_BACKGROUND,
    MINIMUM_CONTRAST,
    WHITE,
    contrast_ratio,
    palette,
    readable_on,
    text_on,
)

# The defaults, the demo brands, and colours near the black/white crossover.
COLOURS = [
    "#e07a1f",  # the default accent: white on it reads at 3:1
    "#1f4e79",  # the default primary
    "#f2a33a",
    "#e4572e",
    "#0b3d5c",
    "#0f5257",
    "#ffff00",
    "#00ff00",
    "#777777",
    "#767676",
    "#808080",
    "#ff0000",
    "#0000ff",
    "#ffffff",
    "#000000",
    "#123456",
]


def test_the_contrast_ratio_follows_wcag() -> None:
    assert contrast_ratio(BLACK, WHITE) == pytest.approx(21)
    assert contrast_ratio(WHITE, BLACK) == pytest.approx(21)
    assert contrast_ratio("#777777", WHITE) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#e07a1f", WHITE) == pytest.approx(3.01, abs=0.01)


def test_white_on_the_default_orange_fails_and_black_is_chosen() -> None:
    assert contrast_ratio(WHITE, "#e07a1f") < MINIMUM_CONTRAST
    assert text_on("#e07a1f") == BLACK
    assert palette(primary="#1f4e79", accent="#e07a1f").accent_text == BLACK


def test_white_is_chosen_on_a_dark_colour() -> None:
    assert text_on("#1f4e79") == WHITE
    assert text_on("#000000") == WHITE


@pytest.mark.parametrize("colour", COLOURS)
def test_text_on_any_colour_reads_at_four_and_a_half(colour: str) -> None:
    assert contrast_ratio(text_on(colour), colour) >= MINIMUM_CONTRAST


@pytest.mark.parametrize("colour", COLOURS)
def test_the_brand_as_link_colour_reads_on_the_light_pages(colour: str) -> None:
    ink = readable_on(colour)
    assert contrast_ratio(ink, LIGHT_BACKGROUND) >= MINIMUM_CONTRAST
    assert contrast_ratio(ink, WHITE) >= MINIMUM_CONTRAST


def test_a_dark_enough_colour_is_kept_as_it_is() -> None:
    assert readable_on("#1f4e79") == "#1f4e79"
    assert readable_on("#ffff00") != "#ffff00"


def test_every_colour_of_the_cube_gets_readable_text() -> None:
    # Each channel in 17 steps: 4,913 colours, the whole gamut at a coarse grain.
    steps = range(0, 256, 15)
    for r in steps:
        for g in steps:
            for b in steps:
                colour = f"#{r:02x}{g:02x}{b:02x}"
                assert contrast_ratio(text_on(colour), colour) >= MINIMUM_CONTRAST, colour


def test_the_palette_is_lower_case_css() -> None:
    colours = palette(primary="#FFFF00", accent="#E07A1F")
    assert colours.brand == "#ffff00"
    assert colours.brand_text == BLACK
    assert colours.accent == "#e07a1f"
