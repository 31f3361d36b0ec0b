"""The API's audit events read as sentences on the audit log page."""

import pytest
from django.utils import translation

from coopt.audit.models import AuditEvent
from coopt.privacy.audit_details import actor_label, describe_details

Action = AuditEvent.Action


@pytest.mark.parametrize(
    ("action", "details", "lines"),
    [
        (
            Action.API_TOKEN_CREATED,
            {"scopes": ["jobs:read", "referrals:write"], "expires_at": "2027-03-01"},
            ["Scopes: jobs:read, referrals:write", "Expires on: 01/03/2027"],
        ),
        (
            Action.API_TOKEN_CREATED,
            {"scopes": ["jobs:read"], "expires_at": ""},
            ["Scopes: jobs:read"],
        ),
        (Action.JOB_CHANGED, {"fields": ["title", "salary_max"]}, ["Changed: title, salary to"]),
        (Action.JOB_CHANGED, {"fields": []}, ["Saved with no change"]),
        (
            Action.REFERRAL_MOVED,
            {"from": "recommended", "to": "contacted"},
            ["Status: Recommended → Contacted"],
        ),
        (Action.NOTE_ADDED, {}, []),
        (Action.JOB_PUBLISHED, {}, []),
    ],
)
def test_the_api_events_in_words(action: str, details: dict[str, object], lines: list[str]) -> None:
    event = AuditEvent(action=action, details={**details, "by": "api_token:7"})
    with translation.override("en-gb"):
        assert describe_details(event) == lines
        assert actor_label(event, {}) == "API token no. 7"
