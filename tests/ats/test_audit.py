"""The ATS's audit events read as sentences on the audit log's page."""

from django.utils import translation

from coopt.audit.models import AuditEvent
from coopt.privacy.audit_details import describe_details

Action = AuditEvent.Action


def test_a_saved_connection_names_the_ats_and_the_changed_settings():
    event = AuditEvent(
        action=Action.ATS_CONNECTION_SAVED,
        details={"connector": "greenhouse", "fields": ["enabled", "api_key"]},
    )
    with translation.override("en"):
        assert describe_details(event) == [
            "ATS: Greenhouse",
            "Changed: enabled, Harvest API key",
        ]


def test_a_sync_by_hand_names_the_ats():
    event = AuditEvent(action=Action.ATS_SYNC_RUN, details={"connector": "greenhouse"})
    with translation.override("en"):
        assert describe_details(event) == ["ATS: Greenhouse"]


def test_a_job_link_names_the_job():
    event = AuditEvent(
        action=Action.ATS_CONNECTION_SAVED, details={"connector": "greenhouse", "job": 7}
    )
    with translation.override("en"):
        assert describe_details(event) == [
            "ATS: Greenhouse",
            "Job linked to the ATS or unlinked: #7",
        ]
