"""What every feed format shares: the error that fails a whole file, the records read with
those rejected on the way, and the readers of contract types, salaries and dates."""

import datetime
import email.utils
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

from coopt.jobs.external import JobRecord, rejection_label
from coopt.jobs.models import ContractType

# Past this many jobs a file is refused as a whole: split it.
MAX_RECORDS = 20_000

# Why a feed's entry is rejected before the upsert sees it (``JobFeedRun.rejected``).
BAD_DATE = "bad_date"
BAD_SALARY = "bad_salary"
NOT_AN_OBJECT = "not_an_object"
READ_REJECTION_LABELS = {
    BAD_DATE: gettext_lazy("the closing date is not a date (write it as 2030-06-30)"),
    BAD_SALARY: gettext_lazy("the salary is not a whole number"),
    NOT_AN_OBJECT: gettext_lazy("the entry is not an object with keys"),
}

# Job boards' words for a contract, read as Coopt's contract types; any other is unknown
# (the job keeps its contract type, a new one is permanent).
CONTRACT_TYPES = {
    "fulltime": ContractType.PERMANENT,
    "permanent": ContractType.PERMANENT,
    "cdi": ContractType.PERMANENT,
    "temporary": ContractType.FIXED_TERM,
    "fixedterm": ContractType.FIXED_TERM,
    "cdd": ContractType.FIXED_TERM,
    "internship": ContractType.INTERNSHIP,
    "intern": ContractType.INTERNSHIP,
    "stage": ContractType.INTERNSHIP,
    "apprenticeship": ContractType.APPRENTICESHIP,
    "apprentice": ContractType.APPRENTICESHIP,
    "alternance": ContractType.APPRENTICESHIP,
    "contract": ContractType.FREELANCE,
    "contractor": ContractType.FREELANCE,
    "freelance": ContractType.FREELANCE,
}
CURRENCY_SIGNS = {"€": "EUR", "$": "USD", "£": "GBP", "CHF": "CHF"}
AMOUNT = re.compile(r"(\d[\d\s.,']*)(k?)", re.IGNORECASE)
CURRENCY_CODE = re.compile(r"\b([A-Z]{3})\b")


class FeedError(Exception):
    """The file as a whole cannot be read; ``message`` says why, translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadValue(ValueError):
    """A value of one entry cannot be read; ``code`` is the rejection's reason."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class ParsedFeed:
    records: list[JobRecord] = field(default_factory=list)
    # (the entry's reference, reason code): entries the reader could not turn into a record.
    rejected: list[tuple[str, str]] = field(default_factory=list)


def reason_label(code: str) -> str:
    """A rejection's reason, from the reader or from the upsert, in the active language."""
    if code in READ_REJECTION_LABELS:
        return str(READ_REJECTION_LABELS[code])
    return rejection_label(code)


def text(value: object) -> str:
    """A value as one line of text: None is empty, spaces trimmed."""
    return "" if value is None else str(value).strip()


def contract_type(value: str) -> str:
    """A job board's word for a contract as a ``ContractType`` value, "" when unknown."""
    key = re.sub(r"[\s_\-]", "", value).casefold()
    if not key:
        return ""
    if value.strip() in ContractType.values:
        return value.strip()
    return str(CONTRACT_TYPES.get(key, ""))


def whole_number(value: object) -> int | None:
    """A salary bound: empty is None; "45 000", "45,000", 45000.0 and "45k" are 45000."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise BadValue(BAD_SALARY)
    if isinstance(value, int | float):
        if value < 0 or value != int(value):
            raise BadValue(BAD_SALARY)
        return int(value)
    cleaned = re.sub(r"[\s,'\u00a0\u202f]", "", str(value))
    thousands = cleaned.lower().endswith("k")
    cleaned = cleaned.rstrip("kK")
    if cleaned.endswith((".00", ".0")):
        cleaned = cleaned.rsplit(".", 1)[0]
    if not cleaned.isdigit():
        raise BadValue(BAD_SALARY)
    return int(cleaned) * (1000 if thousands else 1)


def salary_text(value: str) -> tuple[int | None, int | None, str]:
    """A job board's free salary text ("30000-36000 EUR", "€45k", "$50,000 per year") as
    its bounds and currency, as far as it can be read; what cannot is left out."""
    amounts: list[int] = []
    for digits, thousands in AMOUNT.findall(value):
        digits = re.sub(r"[\s,.']", "", digits)
        if digits.isdigit():
            amounts.append(int(digits) * (1000 if thousands else 1))
    currency = ""
    if match := CURRENCY_CODE.search(value):
        currency = match.group(1)
    else:
        currency = next((code for sign, code in CURRENCY_SIGNS.items() if sign in value), "")
    if not amounts:
        return None, None, currency
    return min(amounts[:2]), max(amounts[:2]), currency


def closing_date(value: object) -> datetime.date | None:
    """A closing date: ISO (2030-06-30, or a date and time) or RFC 2822 as RSS writes it."""
    raw = text(value)
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw[:10])
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(raw).date()
    except (TypeError, ValueError, IndexError):
        raise BadValue(BAD_DATE) from None
