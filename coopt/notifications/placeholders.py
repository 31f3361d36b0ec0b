"""Tenant-edited e-mail texts use ``{{ name }}`` placeholders, nothing else:
no tags, no filters, so an admin's text can never run code."""

import re

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


def fill(text: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def unknown_placeholders(text: str, allowed: set[str]) -> list[str]:
    return sorted({name for name in PLACEHOLDER.findall(text) if name not in allowed})
