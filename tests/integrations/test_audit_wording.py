"""The job feeds' events read as sentences in the audit log."""

import pytest

from coopt.audit.actors import Actor
from coopt.audit.models import AuditEvent
from coopt.audit.services import audit_record
from coopt.privacy.audit_details import describe_details

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action


@pytest.mark.parametrize(
    ("action", "details", "expected"),
    [
        (Action.FEED_RUN, {"run": 7, "trigger": "hand"}, ["Run no. 7"]),
        (
            Action.FEED_RUN,
            {"run": 8, "trigger": "upload"},
            ["Run no. 8", "From an uploaded file"],
        ),
        (
            Action.EXTERNAL_NAME_MAPPED,
            {"kind": "location", "tag": 3},
            ["Location", "Now stands for tag no. 3"],
        ),
        (
            Action.EXTERNAL_NAME_MAPPED,
            {"kind": "family", "tag": None},
            ["Job family", "Now stands for no tag"],
        ),
        (Action.FEED_SOURCE_DELETED, {"kind": "csv"}, ["Format: CSV"]),
        (Action.FEED_SOURCE_CHANGED, {"fields": []}, ["Saved with no change"]),
        (
            Action.JOB_CLOSED,
            {"reason": "missing_from_source"},
            ["Reason: its job feed or ATS no longer lists it"],
        ),
        (
            Action.IMPORT,
            {"what": "jobs", "created": 1, "updated": 0, "closed": 2, "rejected": 0},
            ["Imported: jobs", "created: 1, updated: 0, rejected: 0, closed: 2"],
        ),
    ],
)
def test_feed_events_read_as_sentences(world, action, details, expected):
    event = audit_record(actor=Actor.member(world.admin), action=action, details=details)
    assert describe_details(event) == expected
