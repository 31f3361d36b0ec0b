"""Amounts as people read them: localised digits and the currency code."""

from decimal import Decimal

from django.utils.formats import number_format

CENT = Decimal("0.01")


def format_money(amount: Decimal | int | None, currency: str) -> str:
    """``1,000.00 EUR`` in English, ``1 000,00 EUR`` in French: the active language's way."""
    if amount is None:
        return ""
    value = Decimal(amount).quantize(CENT)
    return f"{number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)} {currency}"
