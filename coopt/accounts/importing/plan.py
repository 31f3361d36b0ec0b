"""What an import would do, with nothing changed: each line checked and matched to its
member, and the members absent from the file."""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from coopt.tenants.models import Tenant

from ..models import Membership, User
from .reading import (
    COLUMN_LABELS,
    CREATED,
    LOOKUP_BATCH,
    MAX_LENGTHS,
    REJECTED,
    REQUIRED_VALUES,
    UPDATED,
    RowResult,
    read_member_rows,
)


class ImportPlanChanged(Exception):
    """The members changed since the plan was made: applying the file now would not do
    what was previewed."""


@dataclass
class ImportReport:
    """What an import does, or would do (a plan): each line's outcome, and the members
    deactivated for being absent from the file."""

    rows: list[RowResult]
    invited: int = 0
    deactivations: list[Membership] = field(default_factory=list)
    deactivate_absent: bool = False

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

    @property
    def deactivated(self) -> int:
        return len(self.deactivations)

    def rows_with(self, outcome: str) -> list[RowResult]:
        return [row for row in self.rows if row.outcome == outcome]

    @property
    def digest(self) -> str:
        """A fingerprint of the plan: the same file against the same members gives the
        same digest; any difference in what would be done gives another."""
        plan = {
            "rows": [
                [
                    row.line,
                    row.outcome,
                    row.values,
                    row.membership.pk if row.membership else None,
                    row.membership.is_active if row.membership else None,
                ]
                for row in self.rows
            ],
            "deactivated": sorted(m.pk for m in self.deactivations),
            "deactivate_absent": self.deactivate_absent,
        }
        encoded = json.dumps(plan, sort_keys=True, separators=(",", ":")).encode()
        return hashlib.sha256(encoded).hexdigest()


# Checking -----------------------------------------------------------------------------------


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _check_row(
    row: RowResult, first_line_of: dict[str, int], first_line_of_id: dict[str, int]
) -> None:
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
    external_id = values["external_id"]
    if external_id in first_line_of_id:
        row.reject(
            _("Duplicate external id: %(external_id)s is already on line %(line)s.")
            % {"external_id": external_id, "line": first_line_of_id[external_id]}
        )
    elif external_id:
        first_line_of_id[external_id] = row.line
    manager = values["manager"]
    if manager and not _is_email(manager):
        row.reject(_("Invalid manager e-mail address: %(email)s.") % {"email": manager})
    elif manager and manager == email:
        row.reject(_("A member cannot be their own manager."))


def _batched(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), LOOKUP_BATCH):
        yield items[start : start + LOOKUP_BATCH]


def memberships_by_email(tenant: Tenant, emails: Iterable[str]) -> dict[str, Membership]:
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
    existing = set(memberships_by_email(tenant, wanted))
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


def shared_user_ids(tenant: Tenant, memberships: Iterable[Membership]) -> set[int]:
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


def users_by_email(emails: list[str]) -> dict[str, User]:
    found: dict[str, User] = {}
    for batch in _batched(sorted(set(emails))):
        for user in User.objects.filter(email__in=batch):
            found[user.email.lower()] = user
    return found


# Matching -----------------------------------------------------------------------------------


def _memberships_by_external_id(tenant: Tenant, ids: Iterable[str]) -> dict[str, Membership]:
    found: dict[str, Membership] = {}
    for batch in _batched(sorted(set(ids))):
        for membership in Membership.objects.select_related("user").filter(
            tenant=tenant, external_id__in=batch
        ):
            found[membership.external_id] = membership
    return found


def _match_rows(tenant: Tenant, rows: list[RowResult]) -> set[int]:
    """Find the member each line names, by external id first, then by e-mail; reject the
    lines whose keys disagree. Return the ids of every member some line names, accepted or
    not: they are in the file, so never deactivated for being absent."""
    by_id = _memberships_by_external_id(
        tenant, (row.values["external_id"] for row in rows if row.values["external_id"])
    )
    by_email = memberships_by_email(tenant, (row.email for row in rows if row.email))
    present: set[int] = set()
    line_of: dict[int, int] = {}
    for row in rows:
        external_id = row.values["external_id"]
        found_by_id = by_id.get(external_id) if external_id else None
        found_by_email = by_email.get(row.email)
        present.update(m.pk for m in (found_by_id, found_by_email) if m is not None)
        if row.outcome == REJECTED:
            continue
        if found_by_id and found_by_email and found_by_id.pk != found_by_email.pk:
            row.reject(
                _(
                    "The external id %(external_id)s belongs to one member and the e-mail "
                    "address %(email)s to another."
                )
                % {"external_id": external_id, "email": row.email}
            )
            continue
        if (
            found_by_id is None
            and found_by_email is not None
            and external_id
            and found_by_email.external_id
        ):
            row.reject(
                _(
                    "The member with the e-mail address %(email)s already has another "
                    "external id (%(current)s)."
                )
                % {"email": row.email, "current": found_by_email.external_id}
            )
            continue
        membership = found_by_id or found_by_email
        if membership is not None:
            if membership.pk in line_of:
                row.reject(
                    _("This member is already on line %(line)s.") % {"line": line_of[membership.pk]}
                )
                continue
            line_of[membership.pk] = row.line
        row.membership = membership
    _check_new_emails(tenant, [row for row in rows if row.outcome != REJECTED])
    return present


def _check_new_emails(tenant: Tenant, rows: list[RowResult]) -> None:
    """A member found by external id whose e-mail address changed takes the new one, unless
    their account also belongs to another company or the address is someone else's."""
    moving = [
        row
        for row in rows
        if row.membership is not None and row.membership.user.email.lower() != row.email
    ]
    if not moving:
        return
    shared = shared_user_ids(tenant, (row.membership for row in moving if row.membership))
    taken = users_by_email([row.email for row in moving])
    for row in moving:
        assert row.membership is not None
        if row.membership.user_id in shared:
            row.reject(
                _(
                    "The e-mail address of %(email)s cannot change here: this person also "
                    "belongs to another company."
                )
                % {"email": row.membership.user.email}
            )
        elif row.email in taken:
            row.reject(
                _("The e-mail address %(email)s is already another person's.")
                % {"email": row.email}
            )


def _absent(tenant: Tenant, present: set[int], keep_user_id: int | None) -> list[Membership]:
    """The active members no line names, but recruiters, admins and the person importing."""
    candidates = (
        Membership.objects.select_related("user")
        .filter(tenant=tenant, is_active=True, is_recruiter=False, is_admin=False)
        .order_by("user__last_name", "user__first_name", "user__email")
    )
    return [
        m
        for m in candidates
        if m.pk not in present and (keep_user_id is None or m.user_id != keep_user_id)
    ]


def members_import_plan(
    *, tenant: Tenant, data: bytes, deactivate_absent: bool = False, keep_user_id: int | None = None
) -> ImportReport:
    """What importing this file would do, with nothing changed: each line's outcome and,
    with ``deactivate_absent``, the members who would be deactivated (never the account
    ``keep_user_id``: the person importing). Raise ``ImportFileError`` for a bad file."""
    rows = read_member_rows(data)
    first_line_of: dict[str, int] = {}
    first_line_of_id: dict[str, int] = {}
    for row in rows:
        _check_row(row, first_line_of, first_line_of_id)
    present = _match_rows(tenant, rows)
    _check_managers(tenant, rows)
    for row in rows:
        if row.outcome == REJECTED:
            row.membership = None
            continue
        row.outcome = CREATED if row.membership is None else UPDATED
        if row.membership is not None and not row.membership.is_active:
            row.note = _("Inactive member: details updated, access not restored.")
    report = ImportReport(rows=rows, deactivate_absent=deactivate_absent)
    if deactivate_absent:
        report.deactivations = _absent(tenant, present, keep_user_id)
    return report
