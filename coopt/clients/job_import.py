"""Jobs arriving for a client company (N2): the operator's CSV import.

Like the members' import (``coopt.accounts.importing``), the whole file is read first. A bad
file (not UTF-8, not CSV, no title column, empty, too large, too long) raises
``ImportFileError`` and changes nothing. Otherwise each line is created as a draft job for the
client or rejected with its reasons, and every accepted line is written in one transaction.
"""

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coopt.accounts.importing import (
    CREATED,
    REJECTED,
    ImportFileError,
    RowResult,
    read_csv_records,
)
from coopt.accounts.models import User
from coopt.audit.actors import Actor
from coopt.audit.services import Action, audit_record, audit_target
from coopt.jobs.models import ContractType, Job
from coopt.jobs.services import job_create
from coopt.taxonomy.models import Tag

from .models import ClientCompany

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2_000
COLUMNS = ("title", "description", "location", "job_family", "sector", "contract_type", "closes_on")
# Several locations in one cell are separated by a vertical bar: "Paris | Lyon".
LOCATION_SEPARATOR = "|"
TITLE_MAX_LENGTH = Job._meta.get_field("title").max_length or 200
TAG_COLUMNS = {
    "location": Tag.Kind.LOCATION,
    "job_family": Tag.Kind.FAMILY,
    "sector": Tag.Kind.SECTOR,
}
COLUMN_LABELS = {
    "location": gettext_lazy("location"),
    "job_family": gettext_lazy("job family"),
    "sector": gettext_lazy("sector"),
}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

EXAMPLE_CSV = (
    "title;description;location;job_family;sector;contract_type;closes_on\n"
    "Baker;Early mornings, a team of six.;Lyon;Production;Retail;permanent;\n"
    "Store manager;<p>Runs the shop and its <strong>team</strong>.</p>;Paris | Lyon;"
    "Sales;Retail;fixed_term;2030-06-30\n"
)


@dataclass
class JobRow(RowResult):
    @property
    def title(self) -> str:
        return self.values.get("title", "")


@dataclass
class JobImportReport:
    rows: list[JobRow]

    @property
    def created(self) -> int:
        return sum(1 for row in self.rows if row.outcome == CREATED)

    @property
    def rejected(self) -> int:
        return sum(1 for row in self.rows if row.outcome == REJECTED)


# Reading ------------------------------------------------------------------------------------


def _normalise_column(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def _check_job_header(header: list[str]) -> None:
    if "title" not in header:
        raise ImportFileError(
            _(
                "The title column is missing. The first line must name the columns: title "
                "(required), description, location, job_family, sector, contract_type, "
                "closes_on."
            )
        )


def read_job_rows(data: bytes) -> list[JobRow]:
    """Decode and parse the file; raise ``ImportFileError`` if it cannot be read at all."""
    header, records = read_csv_records(
        data,
        too_large=_("The file is too large (2 MB at most)."),
        max_bytes=MAX_FILE_BYTES,
        max_rows=MAX_ROWS,
        normalise=_normalise_column,
        check_header=_check_job_header,
    )
    rows = [_row_from_record(line, header, record) for line, record in records]
    if not rows:
        raise ImportFileError(_("The file has a header but no job lines."))
    return rows


def _row_from_record(line: int, header: list[str], record: list[str]) -> JobRow:
    values = dict.fromkeys(COLUMNS, "")
    for column, cell in zip(header, record, strict=False):
        if column in values and not values[column]:
            values[column] = cell.strip()
    row = JobRow(line=line, values=values)
    if len(record) > len(header) and any(cell.strip() for cell in record[len(header) :]):
        row.reject(_("This line has more values than the header has columns."))
    return row


# Checking -----------------------------------------------------------------------------------


def _contract_types() -> dict[str, str]:
    """Each contract type by its value and its label, in the active language and in English."""
    names: dict[str, str] = {}
    for value, label in ContractType.choices:
        names[value.lower()] = value
        names[str(label).lower()] = value
        with translation.override("en"):
            names[str(label).lower()] = value
    return names


class _Tags:
    """The tenant's non-archived tags of each kind, by lower-case name."""

    def __init__(self, client: ClientCompany) -> None:
        self.by_kind: dict[str, dict[str, Tag]] = {kind: {} for kind in Tag.Kind.values}
        for tag in Tag.objects.active().filter(tenant_id=client.tenant_id):
            self.by_kind[tag.kind][tag.name.lower()] = tag

    def find(self, kind: str, name: str) -> Tag | None:
        return self.by_kind[kind].get(name.lower())


def _check_row(
    row: JobRow, tags: _Tags, contracts: dict[str, str], today: datetime.date
) -> dict[str, Any]:
    """Reject the row with its reasons, or return the fields of its job."""
    values = row.values
    fields: dict[str, Any] = {"locations": []}
    if not values["title"]:
        row.reject(_("Missing value: title."))
    elif len(values["title"]) > TITLE_MAX_LENGTH:
        row.reject(
            _("The title is too long (%(max)s characters at most).") % {"max": TITLE_MAX_LENGTH}
        )
    location_names = [
        name.strip() for name in values["location"].split(LOCATION_SEPARATOR) if name.strip()
    ]
    for name in location_names:
        tag = tags.find(Tag.Kind.LOCATION, name)
        if tag is None:
            row.reject(_unknown_tag("location", name))
        elif tag not in fields["locations"]:
            fields["locations"].append(tag)
    for column in ("job_family", "sector"):
        name = values[column]
        fields[column] = tags.find(TAG_COLUMNS[column], name) if name else None
        if name and fields[column] is None:
            row.reject(_unknown_tag(column, name))
    contract = values["contract_type"]
    fields["contract_type"] = (
        contracts.get(contract.lower()) if contract else ContractType.PERMANENT
    )
    if fields["contract_type"] is None:
        row.reject(
            _("Unknown contract type: %(value)s. Use one of: %(choices)s.")
            % {"value": contract, "choices": ", ".join(ContractType.values)}
        )
    fields["closes_on"] = _closing_date(row, values["closes_on"], today)
    return fields


def _unknown_tag(column: str, name: str) -> str:
    return _(
        "Unknown %(column)s: %(name)s. Use the name of one of your taxonomy's tags "
        "(archived ones excluded)."
    ) % {"column": COLUMN_LABELS[column], "name": name}


def _closing_date(row: JobRow, value: str, today: datetime.date) -> datetime.date | None:
    if not value:
        return None
    try:
        if not ISO_DATE.match(value):
            raise ValueError(value)
        closes_on = datetime.date.fromisoformat(value)
    except ValueError:
        row.reject(_("Invalid closing date: %(value)s (use YYYY-MM-DD).") % {"value": value})
        return None
    if closes_on < today:
        row.reject(_("The closing date %(value)s is in the past.") % {"value": value})
        return None
    return closes_on


# Writing ------------------------------------------------------------------------------------


@transaction.atomic
def jobs_import(
    *, client: ClientCompany, data: bytes, author: User, actor: Actor
) -> JobImportReport:
    """Create a draft job for ``client`` from each valid line of a CSV file; see the module
    docstring. An import that went through is recorded in the audit log, with counts only."""
    rows = read_job_rows(data)
    tags = _Tags(client)
    contracts = _contract_types()
    today = timezone.localdate()
    for row in rows:
        fields = _check_row(row, tags, contracts, today)
        if row.outcome == REJECTED:
            continue
        job_create(
            tenant=client.tenant,
            author=author,
            client=client,
            title=row.values["title"],
            description=row.values["description"],
            **fields,
        )
        row.outcome = CREATED
    report = JobImportReport(rows=rows)
    audit_record(
        actor=actor,
        tenant_id=client.tenant_id,
        action=Action.IMPORT,
        target=audit_target(client),
        details={"what": "jobs", "created": report.created, "rejected": report.rejected},
    )
    return report
