"""Members arriving (M1): the HR team's CSV import, and one person invited by hand.

An import reads the whole file first. A bad file (not UTF-8, not CSV, a required
column missing, empty, too large) raises ``ImportFileError`` and changes nothing.
Otherwise each line is accepted (created or updated) or rejected with its reasons,
and every accepted line is written in one transaction.
"""

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from coopt.audit.actors import Actor
from coopt.audit.services import Action, audit_record, audit_target
from coopt.taxonomy.models import Tag
from coopt.tenants.models import Tenant

from .models import Department, Membership, User
from .services import member_create, member_invite

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
REQUIRED_COLUMNS = ("first_name", "last_name", "email", "department", "location")
OPTIONAL_COLUMNS = ("manager", "employee_id")
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


@dataclass
class ImportReport:
    rows: list[RowResult]
    invited: int = 0

    def _count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def created(self) -> int:
        return self._count(CREATED)

    @property
    def updated(self) -> int:
        return self._count(UPDATED)

    @property
    def rejected(self) -> int:
        return self._count(REJECTED)


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


# Checking -----------------------------------------------------------------------------------


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _check_row(row: RowResult, first_line_of: dict[str, int]) -> None:
    values = row.values
    for column in REQUIRED_VALUES:
        if not values[column]:
            row.reject(_("Missing value: %(column)s.") % {"column": COLUMN_LABELS[column]})
    for column, limit in MAX_LENGTHS.items():
        if len(values[column]) > limit:
            row.reject(
                _("The %(column)s is too long (%(max)s characters at most).")
                % {"column": COLUMN_LABELS[column], "max": limit}
            )
    email = values["email"]
    if email and not _is_email(email):
        row.reject(_("Invalid e-mail address: %(email)s.") % {"email": email})
    elif email:
        if email in first_line_of:
            row.reject(
                _("Duplicate e-mail: %(email)s is already on line %(line)s.")
                % {"email": email, "line": first_line_of[email]}
            )
        else:
            first_line_of[email] = row.line
    manager = values["manager"]
    if manager and not _is_email(manager):
        row.reject(_("Invalid manager e-mail address: %(email)s.") % {"email": manager})
    elif manager and manager == email:
        row.reject(_("A member cannot be their own manager."))


def _batched(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), LOOKUP_BATCH):
        yield items[start : start + LOOKUP_BATCH]


def _memberships_by_email(tenant: Tenant, emails: Iterable[str]) -> dict[str, Membership]:
    found: dict[str, Membership] = {}
    for batch in _batched(sorted(set(emails))):
        for membership in Membership.objects.select_related("user").filter(
            tenant=tenant, user__email__in=batch
        ):
            found[membership.user.email.lower()] = membership
    return found


def _check_managers(tenant: Tenant, rows: list[RowResult]) -> None:
    """A manager is a member already here or an accepted line of the file.

    Rejecting a line can orphan the lines it manages, so repeat until stable.
    """
    wanted = {row.values["manager"] for row in rows if row.values["manager"]}
    existing = set(_memberships_by_email(tenant, wanted))
    changed = True
    while changed:
        changed = False
        known = existing | {row.email for row in rows if row.outcome != REJECTED}
        for row in rows:
            manager = row.values["manager"]
            if row.outcome != REJECTED and manager and manager not in known:
                row.reject(
                    _(
                        "Unknown manager: %(email)s is neither a member nor an accepted line of "
                        "this file."
                    )
                    % {"email": manager}
                )
                changed = True


# Writing ------------------------------------------------------------------------------------


class _Names:
    """Departments and location tags by name, created on first use (case-insensitive)."""

    def __init__(self, tenant: Tenant) -> None:
        self.tenant = tenant
        self.departments = {d.name.lower(): d for d in Department.objects.filter(tenant=tenant)}
        self.locations = {
            t.name.lower(): t for t in Tag.objects.filter(tenant=tenant, kind=Tag.Kind.LOCATION)
        }

    def department(self, name: str) -> Department | None:
        if not name:
            return None
        if name.lower() not in self.departments:
            self.departments[name.lower()] = Department.objects.create(
                tenant=self.tenant, name=name
            )
        return self.departments[name.lower()]

    def location(self, name: str) -> Tag | None:
        if not name:
            return None
        if name.lower() not in self.locations:
            self.locations[name.lower()] = Tag.objects.create(
                tenant=self.tenant, kind=Tag.Kind.LOCATION, name=name
            )
        return self.locations[name.lower()]


def _shared_user_ids(tenant: Tenant, memberships: Iterable[Membership]) -> set[int]:
    """Users who also belong to another tenant: their names are not this tenant's to change."""
    ids = [m.user_id for m in memberships]
    shared: set[int] = set()
    for start in range(0, len(ids), LOOKUP_BATCH):
        shared.update(
            Membership.objects.filter(user_id__in=ids[start : start + LOOKUP_BATCH])
            .exclude(tenant=tenant)
            .values_list("user_id", flat=True)
        )
    return shared


def _update_members(
    tenant: Tenant, pairs: list[tuple[RowResult, Membership]], names: _Names
) -> None:
    """Fill in what the file says; a blank cell never erases what is known."""
    shared = _shared_user_ids(tenant, (membership for _row, membership in pairs))
    renamed = []
    for row, membership in pairs:
        values = row.values
        if values["department"]:
            membership.department = names.department(values["department"])
        if values["location"]:
            membership.location = names.location(values["location"])
        if values["employee_id"]:
            membership.employee_id = values["employee_id"]
        user: User = membership.user
        if membership.user_id not in shared and (user.first_name, user.last_name) != (
            values["first_name"],
            values["last_name"],
        ):
            user.first_name, user.last_name = values["first_name"], values["last_name"]
            renamed.append(user)
        if not membership.is_active:
            row.note = _("Inactive member: details updated, access not restored.")
        row.outcome = UPDATED
    Membership.objects.bulk_update(
        [membership for _row, membership in pairs],
        ["department", "location", "employee_id"],
        batch_size=LOOKUP_BATCH,
    )
    User.objects.bulk_update(renamed, ["first_name", "last_name"], batch_size=LOOKUP_BATCH)


def _users_by_email(emails: list[str]) -> dict[str, User]:
    found: dict[str, User] = {}
    for batch in _batched(sorted(set(emails))):
        for user in User.objects.filter(email__in=batch):
            found[user.email.lower()] = user
    return found


def _create_members(tenant: Tenant, rows: list[RowResult], names: _Names) -> list[Membership]:
    """What ``member_create`` does for one person, in bulk: a 20,000-line file must
    fit in a web request. People known in another tenant keep their account."""
    users = _users_by_email([row.email for row in rows])
    new_users = []
    for row in rows:
        if row.email not in users:
            user = User(
                email=row.email,
                first_name=row.values["first_name"],
                last_name=row.values["last_name"],
            )
            user.set_unusable_password()
            users[row.email] = user
            new_users.append(user)
    User.objects.bulk_create(new_users, batch_size=LOOKUP_BATCH)
    memberships = [
        Membership(
            tenant=tenant,
            user=users[row.email],
            employee_id=row.values["employee_id"],
            department=names.department(row.values["department"]),
            location=names.location(row.values["location"]),
        )
        for row in rows
    ]
    for row in rows:
        row.outcome = CREATED
    return Membership.objects.bulk_create(memberships, batch_size=LOOKUP_BATCH)


@transaction.atomic
def members_import(
    *, tenant: Tenant, data: bytes, send_invitations: bool = False, actor: Actor
) -> ImportReport:
    """Create or update the members listed in a CSV file (M1); see the module docstring.

    An import that went through is recorded in the audit log, with counts only.
    """
    rows = read_member_rows(data)
    first_line_of: dict[str, int] = {}
    for row in rows:
        _check_row(row, first_line_of)
    _check_managers(tenant, rows)
    accepted = [row for row in rows if row.outcome != REJECTED]
    existing = _memberships_by_email(tenant, (row.email for row in accepted))
    names = _Names(tenant)
    updates = [(row, existing[row.email]) for row in accepted if row.email in existing]
    _update_members(tenant, updates, names)
    created = _create_members(tenant, [row for row in accepted if row.email not in existing], names)
    by_email = {**existing, **{m.user.email: m for m in created}}
    _assign_managers(tenant, accepted, by_email)
    report = ImportReport(rows=rows)
    if send_invitations:
        for membership in created:
            member_invite(membership=membership)
        report.invited = len(created)
    audit_record(
        actor=actor,
        tenant_id=tenant.pk,
        action=Action.IMPORT,
        target=audit_target(tenant),
        details={
            "what": "members",
            "created": report.created,
            "updated": report.updated,
            "rejected": report.rejected,
            "invited": report.invited,
        },
    )
    return report


def _assign_managers(
    tenant: Tenant, rows: list[RowResult], by_email: dict[str, Membership]
) -> None:
    wanted = {row.values["manager"] for row in rows if row.values["manager"]}
    managers = {**_memberships_by_email(tenant, wanted - set(by_email)), **by_email}
    changed = []
    for row in rows:
        manager_email = row.values["manager"]
        if manager_email:
            membership = by_email[row.email]
            membership.manager = managers[manager_email]
            changed.append(membership)
    Membership.objects.bulk_update(changed, ["manager"], batch_size=LOOKUP_BATCH)


# One person ----------------------------------------------------------------------------------


class MemberExists(Exception):
    def __init__(self, membership: Membership) -> None:
        super().__init__(membership.user.email)
        self.membership = membership


@transaction.atomic
def member_add_and_invite(
    *,
    tenant: Tenant,
    email: str,
    first_name: str,
    last_name: str,
    department_name: str = "",
    location_name: str = "",
    is_expert: bool = False,
    is_recruiter: bool = False,
    is_admin: bool = False,
) -> Membership:
    """Add one person to the tenant and e-mail them an invitation (M1, M5).

    Someone who is already a member (active or not) raises ``MemberExists``: an
    invitation never silently changes an existing member's roles.
    """
    email = email.strip().lower()
    existing = (
        Membership.objects.select_related("user")
        .filter(tenant=tenant, user__email__iexact=email)
        .first()
    )
    if existing is not None:
        raise MemberExists(existing)
    names = _Names(tenant)
    membership = member_create(
        tenant=tenant,
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        department=names.department(department_name.strip()),
        location=names.location(location_name.strip()),
        is_expert=is_expert,
        is_recruiter=is_recruiter,
        is_admin=is_admin,
    )
    member_invite(membership=membership)
    return membership
