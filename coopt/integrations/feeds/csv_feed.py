"""Jobs as CSV, read by the members' import reader (UTF-8, comma or semicolon):

    id;title;description;locations;job_family;contract_type;salary_min;salary_max;closes_on
    B-12;Baker;<p>Early mornings.</p>;Lyon | Villeurbanne;Production;permanent;30000;36000;

``id`` and ``title`` are required columns, the others optional; several locations in one
cell are separated by a vertical bar. ``reference``, ``location``, ``category``, ``jobtype``
and ``currency`` are read as ``id``, ``locations``, ``job_family``, ``contract_type`` and
``salary_currency``.
"""

from django.utils.translation import gettext as _

from coopt.accounts.importing import ImportFileError, read_csv_records
from coopt.jobs.external import JobRecord

from .common import (
    MAX_RECORDS,
    BadValue,
    FeedError,
    ParsedFeed,
    closing_date,
    contract_type,
    text,
    whole_number,
)

LOCATION_SEPARATOR = "|"
REQUIRED_COLUMNS = ("id", "title")
COLUMN_ALIASES = {
    "reference": "id",
    "referencenumber": "id",
    "external_id": "id",
    "location": "locations",
    "city": "locations",
    "category": "job_family",
    "jobtype": "contract_type",
    "currency": "salary_currency",
}


def _normalise(name: str) -> str:
    key = name.strip().lower().replace(" ", "_").replace("-", "_")
    return COLUMN_ALIASES.get(key, key)


def _check_header(header: list[str]) -> None:
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise ImportFileError(
            _("The first line must name the columns; missing: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )


def _record(values: dict[str, str]) -> JobRecord:
    locations = values.get("locations", "").split(LOCATION_SEPARATOR)
    return JobRecord(
        external_id=values.get("id", ""),
        title=values.get("title", ""),
        description=values.get("description", ""),
        locations=tuple(name.strip() for name in locations if name.strip()),
        job_family=values.get("job_family", ""),
        contract_type=contract_type(values.get("contract_type", "")),
        salary_min=whole_number(values.get("salary_min")),
        salary_max=whole_number(values.get("salary_max")),
        salary_currency=values.get("salary_currency", ""),
        closes_on=closing_date(values.get("closes_on")),
        url=values.get("url", ""),
    )


def parse_csv(data: bytes, *, max_bytes: int) -> ParsedFeed:
    try:
        header, rows = read_csv_records(
            data,
            too_large=_("The file is larger than the limit."),
            max_bytes=max_bytes,
            max_rows=MAX_RECORDS,
            normalise=_normalise,
            check_header=_check_header,
        )
    except ImportFileError as error:
        raise FeedError(error.message) from None
    parsed = ParsedFeed()
    for _line, row in rows:
        values = {name: text(value) for name, value in zip(header, row, strict=False) if name}
        try:
            parsed.records.append(_record(values))
        except BadValue as bad:
            parsed.rejected.append((values.get("id", ""), bad.code))
    return parsed
