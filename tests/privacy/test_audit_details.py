"""The audit log says what happened in words, in the reader's language: every action and every
code the services record has a rendering, and no event shows Python data."""

import ast
import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from coopt.audit.actors import Actor
from coopt.audit.models import AuditEvent
from coopt.audit.services import REFUSED_NO_MEMBERSHIP, REFUSED_ROLE, audit_record
from coopt.gamification.models import Action as PointAction
from coopt.privacy.audit_details import (
    DESCRIBERS,
    DETAIL_LABELS,
    KEYS_READ,
    REASON_LABELS,
    SECTION_LABELS,
    WHAT_LABELS,
    describe_details,
)
from coopt.referrals.retention import POLICY_FIELDS

from ..responses import streamed
from .requests_helpers import JANE, anonymous, page_path, refer_jane

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action
SOURCES = Path(settings.BASE_DIR) / "coopt"
RECORDING_CALLS = {"audit_record", "record_access_refused"}
REPR_MARKS = ("{", "}", "[", "]", "'", "True", "False", "None")


def _recorded_calls() -> list[tuple[str, ast.Call]]:
    """Every call that writes an audit event in the product's code, with its file."""
    calls = []
    for path in sorted(SOURCES.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in RECORDING_CALLS:
                calls.append((str(path.relative_to(SOURCES.parent)), node))
    return calls


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _action_of(where: str, call: ast.Call) -> str:
    name = getattr(call.func, "id", getattr(call.func, "attr", ""))
    if name == "record_access_refused":
        return Action.ACCESS_REFUSED
    action = _keyword(call, "action")
    assert isinstance(action, ast.Attribute), f"{where}: name the action as Action.<NAME>"
    assert action.attr in Action.__members__, f"{where}: {action.attr} is not an audit action"
    return str(Action.__members__[action.attr].value)


def test_the_scan_finds_the_services_that_record():
    found = {where for where, _call in _recorded_calls()}
    assert "coopt/privacy/requests.py" in found
    assert "coopt/accounts/services.py" in found
    assert len(_recorded_calls()) >= 20


def test_every_action_has_a_describer():
    assert set(DESCRIBERS) == set(Action.values)


def test_every_action_recorded_in_the_code_has_a_describer():
    for where, call in _recorded_calls():
        if where == "coopt/audit/services.py" and isinstance(_keyword(call, "action"), ast.Name):
            continue  # audit_record's own definition passes the action through
        assert _action_of(where, call) in DESCRIBERS, where


def test_every_detail_and_code_recorded_in_the_code_has_a_rendering():
    for where, call in _recorded_calls():
        details = _keyword(call, "details")
        if details is None or isinstance(details, ast.Name):
            continue
        action = _action_of(where, call)
        if isinstance(details, ast.DictComp):  # the retention policy: its periods
            assert set(POLICY_FIELDS) <= KEYS_READ[action], where
            continue
        assert isinstance(details, ast.Dict), f"{where}: write details as a dict literal"
        for key, value in zip(details.keys, details.values, strict=True):
            assert isinstance(key, ast.Constant), f"{where}: a detail's key must be a string"
            known = KEYS_READ.get(action, set()) | set(DETAIL_LABELS)
            assert key.value in known, f"{where}: no rendering for {key.value!r} of {action}"
            if key.value in ("what", "section") and isinstance(value, ast.Constant):
                labels = WHAT_LABELS if key.value == "what" else SECTION_LABELS
                assert value.value in labels, f"{where}: no label for {value.value!r}"


def test_every_refusal_reason_has_a_label():
    assert set(REASON_LABELS) == {REFUSED_ROLE, REFUSED_NO_MEMBERSHIP}


SAMPLES: list[tuple[str, dict[str, Any], list[str]]] = [
    (
        Action.EXPORT,
        {
            "what": "audit_log",
            "rows": 2,
            "filters": {"action": "", "actor_search": False, "from": "", "to": ""},
        },
        ["Exported: the audit log", "2 rows", "No filter"],
    ),
    (
        Action.EXPORT,
        {
            "what": "audit_log",
            "rows": 1,
            "filters": {
                "action": "signed_in",
                "actor_search": True,
                "from": "2026-12-01",
                "to": "",
            },
        },
        [
            "Exported: the audit log",
            "1 row",
            "Filtered on: action “Signed in”, a member's e-mail address, from 01/12/2026",
        ],
    ),
    (
        Action.EXPORT,
        {"what": "hired_candidates", "rows": 0},
        ["Exported: the hired candidates", "0 rows"],
    ),
    (
        Action.IMPORT,
        {"what": "members", "created": 3, "updated": 1, "rejected": 0, "invited": 2},
        ["Imported: members", "created: 3, updated: 1, rejected: 0, invited: 2"],
    ),
    (
        Action.ROLE_CHANGED,
        {"from": [], "to": ["recruiter", "admin"]},
        ["Roles: member only → recruiter, admin"],
    ),
    (
        Action.SETTINGS_CHANGED,
        {"section": "branding", "fields": ["logo", "primary_colour"]},
        ["Branding", "Changed: logo, primary colour"],
    ),
    (
        Action.SETTINGS_CHANGED,
        {"section": "diffusion", "fields": []},
        ["Solicitation cap", "Saved with no change"],
    ),
    (
        Action.SETTINGS_CHANGED,
        {"section": "email_template", "reset": True},
        ["Automatic e-mail wording", "Back to the built-in wording"],
    ),
    (
        Action.SETTINGS_CHANGED,
        {"unconfirmed_days": 30, "not_retained_months": 3, "talent_pool_months": 24},
        [
            "Retention periods",
            "referral not confirmed by the person (days): 30",
            "candidate not retained (months): 3",
            "candidate who agreed to stay in the talent pool (months): 24",
        ],
    ),
    (
        Action.ACCESS_REFUSED,
        {"reason": REFUSED_ROLE, "by": "visitor"},
        ["Reason: the member's role does not give access to this page"],
    ),
    (
        Action.DATA_ERASED,
        {"referrals": [4, 7], "consents": 2, "by": "candidate"},
        ["Referrals and applications erased: no. 4, no. 7", "Consent records unlinked: 2"],
    ),
    (Action.CV_DOWNLOADED, {"referral": 12}, ["CV of referral no. 12"]),
    (Action.DATA_EXPORTED, {"by": "candidate"}, []),
    (
        Action.JOB_CLOSED,
        {"reason": "closing_date", "closes_on": "2026-12-06"},
        ["Reason: its closing date has passed", "Closing date: 06/12/2026"],
    ),
    (
        Action.TAG_MERGED,
        {
            "merged": 7,
            "kind": "location",
            "moved": {"jobs.Job.locations": 2, "accounts.Membership.interests": 0},
            "duplicates": 1,
        },
        [
            "Location",
            "Merged tag no. 7 into this one",
            "memberships: interests: 0",
            "jobs: locations: 2",
            "Links already there, kept once: 1",
        ],
    ),
    (Action.TAG_ARCHIVED, {"kind": "family"}, ["Job family"]),
    (Action.WEBHOOK_CHANGED, {"fields": ["url", "events"]}, ["Changed: URL, events"]),
    (Action.WEBHOOK_CHANGED, {"fields": []}, ["Saved with no change"]),
    (
        Action.WEBHOOK_DISABLED,
        {"reason": "failing", "by": "system:webhooks"},
        ["Disabled automatically: it kept failing"],
    ),
    (Action.WEBHOOK_DISABLED, {"reason": "admin"}, ["Disabled by an admin"]),
    (Action.WEBHOOK_REDELIVERED, {"delivery": 12}, ["Delivery no. 12"]),
]


@pytest.mark.parametrize(("action", "details", "expected"), SAMPLES)
def test_details_read_as_sentences(action, details, expected):
    event = AuditEvent(action=action, details=details)
    with translation.override("en"):
        lines = describe_details(event)
    assert lines == expected
    for line in lines:
        for mark in REPR_MARKS:
            assert mark not in line.replace("member's", ""), line


def test_the_settings_fields_of_the_levels_and_points_read_as_their_labels():
    levels = AuditEvent(
        action=Action.SETTINGS_CHANGED,
        details={"section": "levels", "fields": ["expert_threshold"]},
    )
    points = AuditEvent(
        action=Action.SETTINGS_CHANGED, details={"section": "points", "fields": ["hire"]}
    )
    with translation.override("en"):
        assert describe_details(levels) == ["Levels", "Changed: points for the third level"]
        assert describe_details(points)[0] == "Points per action"
        assert describe_details(points)[1] == f"Changed: {PointAction.HIRE.label}"


def test_dates_and_labels_follow_the_readers_language():
    event = AuditEvent(
        action=Action.EXPORT,
        details={"what": "audit_log", "filters": {"action": "signed_in", "from": "2026-12-01"}},
    )
    with translation.override("de"):
        german = " ".join(describe_details(event))
    with translation.override("fr"):
        french = " ".join(describe_details(event))
    assert "01.12.2026" in german
    assert "Connexion réussie" in french and "01/12/2026" in french


def test_an_unknown_key_is_labelled_and_flags_and_empty_values_are_left_out():
    event = AuditEvent(
        action=Action.SIGNED_IN,
        details={"method": ["totp", "webauthn"], "remember": True, "note": "", "by": "visitor"},
    )
    assert describe_details(event) == ["Method: totp, webauthn"]


# The page and the export ---------------------------------------------------------------------


def _audit_html(world) -> str:
    return world.client_for(world.admin).get(reverse("privacy:audit")).content.decode()


def test_the_page_shows_an_exports_details_in_words(world):
    client = world.client_for(world.admin)
    client.get(reverse("privacy:audit_export"), {"actor": "someone"})
    html = _audit_html(world)
    assert "Exported: the audit log" in html
    assert "Filtered on: a member&#x27;s e-mail address" in html
    assert (
        "actor_search" not in html
        and "audit_log" not in html
        and "{" not in html.split('data-testid="audit-row"')[1].split("</tr>")[0]
    )


def test_a_candidates_own_download_is_credited_to_the_candidate(world):
    refer_jane(world)
    response = anonymous(world.acme).post(page_path(world.acme) + "download/")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=Action.DATA_EXPORTED)
    assert event.details == {"by": "candidate"}
    html = _audit_html(world)
    row = html.split(f'data-event="{event.pk}"')[1].split("</tr>")[0]
    assert "Candidate (j•••@example.org), on their own data page" in row
    assert "Unknown" not in row
    assert JANE not in html  # the address is masked


def test_after_the_erasure_the_candidate_is_still_named_as_such(world):
    refer_jane(world)
    client = anonymous(world.acme)
    path = page_path(world.acme)
    client.post(path + "download/")
    client.post(path + "erase/")
    html = _audit_html(world)
    assert html.count("Candidate, on their own data page (since erased)") == 2
    assert "Unknown" not in html


def test_events_the_page_recorded_as_a_visitor_before_are_the_candidates(world):
    refer_jane(world)
    client = anonymous(world.acme)
    client.post(page_path(world.acme) + "download/")
    AuditEvent.objects.filter(action=Action.DATA_EXPORTED).update(details={"by": "visitor"})
    assert "Candidate (j•••@example.org), on their own data page" in _audit_html(world)


def test_the_system_and_api_tokens_are_named(world):
    audit_record(actor=Actor.system("purge"), tenant_id=world.acme.pk, action=Action.EXPORT)
    audit_record(actor=Actor.api_token(token_id=7, tenant_id=world.acme.pk), action=Action.IMPORT)
    html = _audit_html(world)
    assert "System (purge)" in html and "API token no. 7" in html


def test_the_export_shows_details_and_actors_in_words(world):
    refer_jane(world)
    anonymous(world.acme).post(page_path(world.acme) + "download/")
    response = world.client_for(world.admin).get(reverse("privacy:audit_export"))
    rows = list(csv.DictReader(io.StringIO(streamed(response).decode())))
    [download] = [row for row in rows if row["action"] == Action.DATA_EXPORTED]
    assert download["actor"] == "Candidate (j•••@example.org), on their own data page"
    assert download["details"] == ""
    for row in rows:
        for mark in ("{", "}", "[", "]"):
            assert mark not in row["details"]
