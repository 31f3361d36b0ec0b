"""The currencies an amount may be in, on job offers (salary) and rewards alike."""

CURRENCIES = ("EUR", "CHF", "GBP", "PLN", "USD", "CAD", "SEK", "DKK", "NOK", "CZK", "HUF", "RON")
DEFAULT_CURRENCY = "EUR"
CURRENCY_CHOICES = [(code, code) for code in CURRENCIES]
