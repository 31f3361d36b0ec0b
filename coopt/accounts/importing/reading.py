"""Reading a members' CSV file: its columns, its lines, and a file that cannot be read."""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..models import Membership

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
REQUIRED_COLUMNS = ("first_name", "last_name", "email", "department", "location")
OPTIONAL_COLUMNS = ("manager", "employee_id", "external_id")
REQUIRED_VALUES = ("first_name", "last_name", "email")
COLUMN_ALIASES = {"e_mail": "email", "mail": "email", "manager_email": "manager"}
MAX_LENGTHS = {
    "first_name": 150,
    "last_name": 150,
    "email": 254,
    "department": 120,
    "location": 80,
    "manager": 254,
    "employee_id": 64,
    "external_id": 128,
}
COLUMN_LABELS = {
    "first_name": gettext_lazy("first name"),
    "last_name": gettext_lazy("last name"),
    "email": gettext_lazy("e-mail"),
    "department": gettext_lazy("department"),
    "location": gettext_lazy("location"),
    "manager": gettext_lazy("manager"),
    "employee_id": gettext_lazy("employee id"),
    "external_id": gettext_lazy("external id"),
}
# SQLite allows a limited number of variables in one query.
LOOKUP_BATCH = 500

CREATED = "created"
UPDATED = "updated"
REJECTED = "rejected"


class ImportFileError(Exception):
    """The file as a whole cannot be imported; ``message`` says why, translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class RowResult:
    line: int
    values: dict[str, str]
    outcome: str = ""
    reasons: list[str] = field(default_factory=list)
    note: str = ""
    # The member this line names (by external id, then e-mail), None for a new one.
    membership: Membership | None = None

    @property
    def email(self) -> str:
        return self.values.get("email", "")

    @property
    def name(self) -> str:
        return " ".join(
            v for v in (self.values.get("first_name"), self.values.get("last_name")) if v
        )

    def reject(self, reason: str) -> None:
        self.outcome = REJECTED
        self.reasons.append(reason)


# Reading ------------------------------------------------------------------------------------


def _normalise_column(name: str) -> str:
    key = name.strip().lower().replace(" ", "_").replace("-", "_")
    return COLUMN_ALIASES.get(key, key)


def _delimiter(header_line: str) -> str:
    """Comma or semicolon: whichever separates the header's column names."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def read_csv_records(
    data: bytes,
    *,
    too_large: str,
    max_bytes: int,
    max_rows: int,
    normalise: Callable[[str], str],
    check_header: Callable[[list[str]], None],
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Decode a CSV file (UTF-8, with or without BOM; comma or semicolon) into its header,
    through ``normalise``, and its non-blank records with their line numbers. Raise
    ``ImportFileError`` when the file cannot be read at all: ``too_large`` past
    ``max_bytes``, empty, not UTF-8, not CSV, more than ``max_rows`` records, or a header
    ``check_header`` refuses (it raises ``ImportFileError`` itself)."""
    if len(data) > max_bytes:
        raise ImportFileError(too_large)
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
        ) from None
    if "\x00" in text:
        raise ImportFileError(_("This is not a CSV file."))
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=_delimiter(first_line), strict=True
    )
    records: list[tuple[int, list[str]]] = []
    try:
        header: list[str] = []
        for record in reader:
            if any(cell.strip() for cell in record):
                header = [normalise(cell) for cell in record]
                break
        check_header(header)
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            if len(records) >= max_rows:
                raise ImportFileError(
                    _("The file has more than %(max)s lines: split it and import each part.")
                    % {"max": number_format(max_rows, force_grouping=True)}
                )
            records.append((reader.line_num, record))
    except csv.Error as error:
        raise ImportFileError(
            _("This is not a valid CSV file (line %(line)s: %(error)s).")
            % {"line": reader.line_num, "error": error}
        ) from None
    return header, records


def _check_member_header(header: list[str]) -> None:
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ImportFileError(
            ngettext(
                "A required column is missing: %(columns)s. The first line must name the "
                "columns first_name, last_name, email, department, location (and optionally "
                "manager, employee_id).",
                "Required columns are missing: %(columns)s. The first line must name the "
                "columns first_name, last_name, email, department, location (and optionally "
                "manager, employee_id).",
                len(missing),
            )
            % {"columns": ", ".join(missing)}
        )


def read_member_rows(data: bytes) -> list[RowResult]:
    """Decode and parse the file; raise ``ImportFileError`` if it cannot be read at all."""
    header, records = read_csv_records(
        data,
        too_large=_("The file is too large (5 MB at most)."),
        max_bytes=MAX_FILE_BYTES,
        max_rows=MAX_ROWS,
        normalise=_normalise_column,
        check_header=_check_member_header,
    )
    rows = [_row_from_record(line, header, record) for line, record in records]
    if not rows:
        raise ImportFileError(_("The file has a header but no member lines."))
    return rows


def _row_from_record(line: int, header: list[str], record: list[str]) -> RowResult:
    values = {column: "" for column in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)}
    for column, cell in zip(header, record, strict=False):
        if column in values and not values[column]:
            values[column] = cell.strip()
    values["email"] = values["email"].lower()
    values["manager"] = values["manager"].lower()
    row = RowResult(line=line, values=values)
    if len(record) > len(header) and any(cell.strip() for cell in record[len(header) :]):
        row.reject(_("This line has more values than the header has columns."))
    return row
