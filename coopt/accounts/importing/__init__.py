"""Members arriving (M1): the HR team's CSV import, and one person invited by hand.

An import reads the whole file first. A bad file (not UTF-8, not CSV, a required
column missing, empty, too large) raises ``ImportFileError`` and changes nothing.
Otherwise each line is accepted (created or updated) or rejected with its reasons,
and every accepted line is written in one transaction.

A line names its member by ``external_id`` (their key in the HR system, optional) first,
then by e-mail address, as the API's sync does (``sync.py``). With ``deactivate_absent``,
the import also deactivates the active members no line names: never a recruiter or an admin,
never the person importing, never a member whose line is rejected (they are in the file).
``members_import_plan`` says what an import would do without doing it (the back office's
preview, the command's dry run); ``members_import`` with the plan's ``digest`` applies that
plan or, if the members changed since, raises ``ImportPlanChanged`` and changes nothing.

``reading``: the file's columns and lines; ``plan``: checking and matching each line, the
absent members; ``writing``: applying a plan; ``one_person``: one person invited by hand.
"""

from .one_person import MemberExists, member_add_and_invite
from .plan import ImportPlanChanged, ImportReport, members_import_plan
from .reading import (
    COLUMN_LABELS,
    CREATED,
    MAX_FILE_BYTES,
    MAX_LENGTHS,
    MAX_ROWS,
    REJECTED,
    UPDATED,
    ImportFileError,
    RowResult,
    read_csv_records,
    read_member_rows,
)
from .writing import Names, members_import

__all__ = [
    "COLUMN_LABELS",
    "CREATED",
    "MAX_FILE_BYTES",
    "MAX_LENGTHS",
    "MAX_ROWS",
    "REJECTED",
    "UPDATED",
    "ImportFileError",
    "ImportPlanChanged",
    "ImportReport",
    "MemberExists",
    "Names",
    "RowResult",
    "member_add_and_invite",
    "members_import",
    "members_import_plan",
    "read_csv_records",
    "read_member_rows",
]
