"""Tenant-edited e-mail texts use ``{{ name }}`` placeholders, nothing else:
no tags, no filters, so an admin's text can never run code."""

import re

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


def fill(text: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)
