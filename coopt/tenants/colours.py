"""Readable text on whatever colours a tenant picks (WCAG 2.2, success criterion 1.4.3).

A tenant chooses its primary and accent colours freely. Text drawn on them is black or
white, whichever contrasts more: one of the two always reaches 4.58:1 (the worst case is
a colour of luminance 0.18, equally far from both). Where the tenant's colour is itself
the text (links on the light page), it is darkened until it reads at 4.5:1.
"""

from dataclasses import dataclass

BLACK = "#000000"
WHITE = "#ffffff"
# Normal-size text (1.4.3, level AA).
MINIMUM_CONTRAST = 4.5
# The darkest light background that links sit on (the board's columns, app.css).
LIGHT_BACKGROUND = "#eef1f6"


def _channels(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def relative_luminance(colour: str) -> float:
    """The luminance of an sRGB ``#rrggbb`` colour, as WCAG defines it (0 black, 1 white)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """From 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)))[::-1]
    return (lighter + 0.05) / (darker + 0.05)


def text_on(background: str) -> str:
    """Black or white, whichever reads better on ``background``."""
    if contrast_ratio(BLACK, background) >= contrast_ratio(WHITE, background):
        return BLACK
    return WHITE


def readable_on(colour: str, background: str = LIGHT_BACKGROUND) -> str:
    """``colour`` itself when it reads on ``background``, else its darkest-needed shade."""
    r, g, b = _channels(colour)
    for step in range(101):
        factor = 1 - step / 100
        shade = f"#{round(r * factor):02x}{round(g * factor):02x}{round(b * factor):02x}"
        if contrast_ratio(shade, background) >= MINIMUM_CONTRAST:
            return shade
    return BLACK  # not reached: black is 18:1 on LIGHT_BACKGROUND


@dataclass(frozen=True)
class Palette:
    """The CSS variables of a tenant's brand (templates/core/brand.css)."""

    brand: str
    brand_text: str  # text on the brand colour: the header, primary buttons
    brand_ink: str  # the brand colour as text: links
    accent: str
    accent_text: str  # text on the accent colour: the unread badge, matching tags


def palette(*, primary: str, accent: str) -> Palette:
    primary, accent = primary.lower(), accent.lower()
    return Palette(
        brand=primary,
        brand_text=text_on(primary),
        brand_ink=readable_on(primary),
        accent=accent,
        accent_text=text_on(accent),
    )
