"""An audit event in words (Y4): what its details say and who acted, for the log's page and
its CSV export, in the reader's language.

Services keep ids, counts and codes in ``AuditEvent.details`` (``coopt.audit.services``);
each action has a describer here that turns them into sentences: lists joined, empty values
and flags left out, dates in the reader's format, codes (``what``, ``section``, a field's
name, a reason) as their labels. ``tests/privacy/test_audit_details.py`` holds every action
and every code the services record to a rendering, so a new one cannot be forgotten.
"""

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from coopt.audit.actors import ActorKind
from coopt.audit.models import AuditEvent
from coopt.audit.services import REFUSED_NO_MEMBERSHIP, REFUSED_ROLE
from coopt.clients.models import ClientCompany
from coopt.gamification.models import Action as PointAction
from coopt.gamification.models import LevelSettings
from coopt.jobs.models import Job
from coopt.referrals.models import Qualification, RetentionPolicy
from coopt.referrals.models import Status as ReferralStatus
from coopt.referrals.retention import POLICY_FIELDS
from coopt.sso.models import SsoSettings
from coopt.taxonomy.models import Tag
from coopt.tenants.models import Tenant

from .models import SubjectRequest

Action = AuditEvent.Action
Details = dict[str, Any]
Describer = Callable[[Details], list[str]]

# What was exported or imported (``details["what"]``).
WHAT_LABELS = {
    "audit_log": gettext_lazy("the audit log"),
    "hired_candidates": gettext_lazy("the hired candidates"),
    "jobs": gettext_lazy("jobs"),
    "members": gettext_lazy("members"),
}
# Which settings changed (``details["section"]``); the retention policy records its periods
# themselves, with no section.
SECTION_LABELS = {
    "branding": gettext_lazy("Branding"),
    "charter": gettext_lazy("Ethics charter: a new version published"),
    "client_company": gettext_lazy("Client company"),
    "diffusion": gettext_lazy("Solicitation cap"),
    "email_template": gettext_lazy("Automatic e-mail wording"),
    "levels": gettext_lazy("Levels"),
    "network": gettext_lazy("Network rules"),
    "points": gettext_lazy("Points per action"),
    "taxonomy": gettext_lazy("Locations, job families and sectors"),
    "terms": gettext_lazy("Terms and points rules: a new version published"),
    "job_feed": gettext_lazy("Public job feed"),
}
# Why the system closed a job (``details["reason"]`` of ``job_closed``).
JOB_CLOSED_REASONS = {
    "closing_date": gettext_lazy("its closing date has passed"),
    "missing_from_source": gettext_lazy("its job feed or ATS no longer lists it"),
}
REASON_LABELS = {
    REFUSED_ROLE: gettext_lazy("the member's role does not give access to this page"),
    REFUSED_NO_MEMBERSHIP: gettext_lazy("an account with no active membership in this company"),
}
ROLE_LABELS = {
    "expert": pgettext_lazy("role", "expert"),
    "recruiter": pgettext_lazy("role", "recruiter"),
    "admin": pgettext_lazy("role", "admin"),
}
# Why a webhook endpoint was disabled, and the names of its fields (``webhook_*`` actions;
# privacy does not import the webhooks app: the two are independent).
WEBHOOK_DISABLED_REASONS = {
    "admin": gettext_lazy("by an admin"),
    "failing": gettext_lazy("automatically: it kept failing"),
}
WEBHOOK_FIELD_LABELS = {
    "url": gettext_lazy("URL"),
    "description": gettext_lazy("description"),
    "events": gettext_lazy("events"),
}
# The diffusion app's own field (privacy does not import diffusion: the two are independent).
DIFFUSION_FIELD_LABELS = {"weekly_cap": gettext_lazy("solicitations per member and week")}
IMPORT_COUNTS = {
    "created": gettext_lazy("created: %(count)s"),
    "updated": gettext_lazy("updated: %(count)s"),
    "rejected": gettext_lazy("rejected: %(count)s"),
    "closed": gettext_lazy("closed: %(count)s"),
    "invited": gettext_lazy("invited: %(count)s"),
    "deactivated": gettext_lazy("deactivated: %(count)s"),
}
# The integrations app's job feeds (privacy does not import integrations: both are features).
FEED_KIND_LABELS = {"xml": "XML", "json": "JSON", "csv": "CSV"}
FEED_FIELD_LABELS = {
    "name": gettext_lazy("name"),
    "kind": gettext_lazy("format"),
    "url": gettext_lazy("feed address"),
    "schedule": gettext_lazy("schedule"),
    "is_enabled": gettext_lazy("enabled"),
    "close_missing": gettext_lazy("close the jobs the feed no longer lists"),
    "publish_new": gettext_lazy("publish new jobs at once"),
    "publish_feed": gettext_lazy("publish the public job feed"),
}
# The ATS connection's settings (privacy does not import the ats app: the two are independent).
ATS_FIELD_LABELS = {
    "connector": gettext_lazy("ATS"),
    "enabled": gettext_lazy("enabled"),
    "board_token": gettext_lazy("job board token"),
    "api_key": gettext_lazy("Harvest API key"),
    "on_behalf_of": gettext_lazy("acting user id"),
    "credit_referrer_as": gettext_lazy("credit the referrer by"),
    "pull_jobs": gettext_lazy("bring the ATS's jobs in"),
    "push_candidates": gettext_lazy("send confirmed candidates to the ATS"),
}
# Keys an event's describer reads, by action: any other key is shown by the generic rendering.
# ``by`` is the actor, shown in its own column.
KEYS_READ: dict[str, set[str]] = {
    Action.CV_DOWNLOADED: {"referral"},
    Action.EXPORT: {"what", "rows", "filters"},
    Action.IMPORT: {"what", *IMPORT_COUNTS},
    Action.WEBHOOK_CHANGED: {"fields"},
    Action.WEBHOOK_DISABLED: {"reason"},
    Action.WEBHOOK_REDELIVERED: {"delivery"},
    Action.API_TOKEN_CREATED: {"scopes", "expires_at"},
    Action.JOB_CHANGED: {"fields"},
    Action.REFERRAL_MOVED: {"from", "to"},
    Action.ROLE_CHANGED: {"from", "to"},
    Action.SETTINGS_CHANGED: {"section", "fields", "reset", *POLICY_FIELDS},
    Action.ACCESS_REFUSED: {"reason"},
    Action.DATA_ERASED: {"referrals", "consents"},
    Action.JOB_CLOSED: {"reason", "closes_on"},
    Action.TAG_CREATED: {"kind"},
    Action.SSO_SETTINGS_SAVED: {"protocol", "enabled", "fields"},
    Action.MEMBER_JOINED_BY_SSO: {"protocol"},
    Action.TAG_CHANGED: {"fields"},
    Action.TAG_MERGED: {"merged", "kind", "moved", "duplicates"},
    Action.TAG_ARCHIVED: {"kind"},
    Action.TAG_UNARCHIVED: {"kind"},
    Action.TENANT_CREATED: {"admin_invited"},
    Action.CANDIDATE_DECLINED: {"reason"},
    Action.JOB_POST_APPROVED: {"client", "job"},
    Action.FEED_SOURCE_CREATED: {"kind"},
    Action.FEED_SOURCE_CHANGED: {"fields"},
    Action.FEED_SOURCE_DELETED: {"kind"},
    Action.FEED_RUN: {"run", "trigger"},
    Action.EXTERNAL_NAME_MAPPED: {"kind", "tag"},
    Action.ATS_CONNECTION_SAVED: {"connector", "fields", "job"},
    Action.ATS_SYNC_RUN: {"connector"},
}
# Labels of keys no describer reads, if one ever appears in an event.
DETAIL_LABELS = {
    "referral": gettext_lazy("Referral"),
    "rows": gettext_lazy("Rows"),
    "consents": gettext_lazy("Consent records"),
}


def _joined(values: Iterable[object]) -> str:
    return ", ".join(str(value) for value in values)


def _number(referral_id: object) -> str:
    return _("no. %(number)s") % {"number": referral_id}


def _field_label(model: type[models.Model], name: str) -> str:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name.replace("_", " ")
    return str(getattr(field, "verbose_name", name))


def _setting_label(section: str, name: str) -> str:
    if section in ("branding", "taxonomy"):
        return _field_label(Tenant, name)
    if section == "levels":
        return _field_label(LevelSettings, name)
    if section == "client_company":
        return _field_label(ClientCompany, name)
    if section == "points":
        return str(PointAction(name).label) if name in PointAction.values else name
    if section == "diffusion":
        return str(DIFFUSION_FIELD_LABELS.get(name, name.replace("_", " ")))
    if section == "job_feed":
        return str(FEED_FIELD_LABELS.get(name, name.replace("_", " ")))
    return name.replace("_", " ")


def _day(value: object) -> str:
    """An ISO date as the reader writes dates; anything else as it is."""
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _plain(value: object) -> str:
    """A value with no describer: lists joined, mappings as ``key: value``."""
    if isinstance(value, dict):
        return _joined(f"{key}: {_plain(item)}" for key, item in sorted(value.items()) if item)
    if isinstance(value, list | tuple):
        return _joined(_plain(item) for item in value)
    return str(value)


def _generic(details: Details, read: set[str]) -> list[str]:
    """The keys no describer reads: a label and the value; flags and empty values skipped."""
    lines = []
    for key, value in sorted(details.items()):
        if key in read or key == "by" or isinstance(value, bool) or value in ("", None, [], {}):
            continue
        label = DETAIL_LABELS.get(key) or key.replace("_", " ").capitalize()
        shown = _number(value) if key == "referral" else _plain(value)
        lines.append(_("%(label)s: %(value)s") % {"label": label, "value": shown})
    return lines


def _nothing(details: Details) -> list[str]:
    return []


def _cv_downloaded(details: Details) -> list[str]:
    if not details.get("referral"):
        return []
    return [_("CV of referral %(number)s") % {"number": _number(details["referral"])}]


def _export(details: Details) -> list[str]:
    lines = []
    what = details.get("what")
    rows = details.get("rows")
    if what:
        label = WHAT_LABELS.get(what, what)
        lines.append(_("Exported: %(what)s") % {"what": label})
    if isinstance(rows, int):
        lines.append(ngettext("%(count)s row", "%(count)s rows", rows) % {"count": rows})
    filters = details.get("filters")
    if isinstance(filters, dict):
        lines.extend(_export_filters(filters))
    return lines


def _export_filters(filters: Details) -> list[str]:
    parts = []
    if filters.get("action"):
        action = filters["action"]
        label = Action(action).label if action in Action.values else action
        parts.append(_("action “%(action)s”") % {"action": label})
    if filters.get("actor_search"):
        parts.append(_("a member's e-mail address"))
    if filters.get("from"):
        parts.append(_("from %(date)s") % {"date": _day(filters["from"])})
    if filters.get("to"):
        parts.append(_("to %(date)s") % {"date": _day(filters["to"])})
    if not parts:
        return [_("No filter")]
    return [_("Filtered on: %(filters)s") % {"filters": _joined(parts)}]


def _import(details: Details) -> list[str]:
    lines = []
    what = details.get("what")
    if what:
        lines.append(_("Imported: %(what)s") % {"what": WHAT_LABELS.get(what, what)})
    counts = [
        label % {"count": details[key]}
        for key, label in IMPORT_COUNTS.items()
        if isinstance(details.get(key), int)
    ]
    if counts:
        lines.append(_joined(counts))
    return lines


def _roles(names: object) -> str:
    if not isinstance(names, list) or not names:
        return _("member only")
    return _joined(ROLE_LABELS.get(name, name) for name in names)


def _role_changed(details: Details) -> list[str]:
    return [
        _("Roles: %(before)s → %(after)s")
        % {"before": _roles(details.get("from")), "after": _roles(details.get("to"))}
    ]


def _settings_changed(details: Details) -> list[str]:
    section = details.get("section", "")
    if not section and any(name in details for name in POLICY_FIELDS):
        return _retention(details)
    lines = []
    if section:
        lines.append(str(SECTION_LABELS.get(section, section.replace("_", " "))))
    if details.get("reset"):
        lines.append(_("Back to the built-in wording"))
    fields = details.get("fields")
    if isinstance(fields, list):
        if fields:
            changed = _joined(_setting_label(section, name) for name in fields)
            lines.append(_("Changed: %(fields)s") % {"fields": changed})
        else:
            lines.append(_("Saved with no change"))
    return lines


def _retention(details: Details) -> list[str]:
    lines = [_("Retention periods")]
    for name in POLICY_FIELDS:
        if name not in details:
            continue
        value = details[name]
        shown = _("kept while needed") if value in (None, "") else str(value)
        label = _field_label(RetentionPolicy, name)
        lines.append(_("%(label)s: %(value)s") % {"label": label, "value": shown})
    return lines


def _access_refused(details: Details) -> list[str]:
    reason = details.get("reason")
    if not reason:
        return []
    return [_("Reason: %(reason)s") % {"reason": REASON_LABELS.get(reason, reason)}]


def _data_erased(details: Details) -> list[str]:
    lines = []
    referrals = details.get("referrals")
    if isinstance(referrals, list) and referrals:
        numbers = _joined(_number(pk) for pk in referrals)
        lines.append(_("Referrals and applications erased: %(numbers)s") % {"numbers": numbers})
    consents = details.get("consents")
    if isinstance(consents, int) and consents:
        lines.append(_("Consent records unlinked: %(count)s") % {"count": consents})
    return lines


def _job_closed(details: Details) -> list[str]:
    lines = []
    reason = details.get("reason")
    if reason:
        shown = JOB_CLOSED_REASONS.get(reason, reason)
        lines.append(_("Reason: %(reason)s") % {"reason": shown})
    if details.get("closes_on"):
        lines.append(_("Closing date: %(day)s") % {"day": _day(details["closes_on"])})
    return lines


def _tag_kind(details: Details) -> list[str]:
    kind = details.get("kind")
    if kind not in Tag.Kind.values:
        return []
    return [str(Tag.Kind(kind).label)]


def _tag_changed(details: Details) -> list[str]:
    fields = details.get("fields")
    if not isinstance(fields, list) or not fields:
        return []
    changed = _joined(_field_label(Tag, name) for name in fields)
    return [_("Changed: %(fields)s") % {"fields": changed}]


def _reference_label(key: str) -> str:
    """``"<app>.<model>.<field>"`` as the model's and the field's names."""
    app_label, _dot, rest = key.partition(".")
    model_name, _dot, field_name = rest.partition(".")
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return key
    return f"{model._meta.verbose_name_plural}: {_field_label(model, field_name)}"


def _tag_merged(details: Details) -> list[str]:
    lines = _tag_kind(details)
    if details.get("merged"):
        lines.append(_("Merged tag no. %(number)s into this one") % {"number": details["merged"]})
    moved = details.get("moved")
    if isinstance(moved, dict):
        for key, count in sorted(moved.items()):
            label = _reference_label(key)
            lines.append(_("%(label)s: %(value)s") % {"label": label, "value": count})
    duplicates = details.get("duplicates")
    if isinstance(duplicates, int) and duplicates:
        lines.append(_("Links already there, kept once: %(count)s") % {"count": duplicates})
    return lines


def _tenant_created(details: Details) -> list[str]:
    if not details.get("admin_invited"):
        return [_("No admin invited yet")]
    return [_("First admin invited")]


def _candidate_declined(details: Details) -> list[str]:
    reason = str(details.get("reason") or "")
    if not reason:
        return []
    labels = dict(Qualification.DeclineReason.choices)
    return [_("Reason: %(reason)s") % {"reason": labels.get(reason, reason)}]


def _job_post_approved(details: Details) -> list[str]:
    lines = []
    if isinstance(details.get("client"), int):
        lines.append(_("Client company added: #%(id)s") % {"id": details["client"]})
    if isinstance(details.get("job"), int):
        lines.append(_("Draft job created: #%(id)s") % {"id": details["job"]})
    return lines


def _feed_kind(details: Details) -> list[str]:
    kind = details.get("kind")
    if not kind:
        return []
    return [_("Format: %(kind)s") % {"kind": FEED_KIND_LABELS.get(kind, kind)}]


def _feed_changed(details: Details) -> list[str]:
    fields = details.get("fields")
    if not isinstance(fields, list):
        return []
    if not fields:
        return [_("Saved with no change")]
    changed = _joined(FEED_FIELD_LABELS.get(name, name.replace("_", " ")) for name in fields)
    return [_("Changed: %(fields)s") % {"fields": changed}]


def _feed_run(details: Details) -> list[str]:
    lines = []
    if details.get("run"):
        lines.append(_("Run no. %(number)s") % {"number": details["run"]})
    if details.get("trigger") == "upload":
        lines.append(_("From an uploaded file"))
    return lines


def _external_name_mapped(details: Details) -> list[str]:
    lines = _tag_kind(details)
    if details.get("tag"):
        lines.append(_("Now stands for tag no. %(number)s") % {"number": details["tag"]})
    else:
        lines.append(_("Now stands for no tag"))
    return lines


def _sso_protocol(details: Details) -> list[str]:
    protocol = details.get("protocol", "")
    if protocol in SsoSettings.Protocol.values:
        return [str(SsoSettings.Protocol(protocol).label)]
    return []


def _sso_settings_saved(details: Details) -> list[str]:
    lines = _sso_protocol(details)
    if "enabled" in details:
        lines.append(_("Single sign-on on") if details["enabled"] else _("Single sign-on off"))
    fields = details.get("fields")
    if isinstance(fields, list):
        if fields:
            changed = _joined(_field_label(SsoSettings, name) for name in fields)
            lines.append(_("Changed: %(fields)s") % {"fields": changed})
        else:
            lines.append(_("Saved with no change"))
    return lines


def _webhook_changed(details: Details) -> list[str]:
    fields = details.get("fields")
    if not isinstance(fields, list):
        return []
    if not fields:
        return [_("Saved with no change")]
    changed = _joined(WEBHOOK_FIELD_LABELS.get(name, name) for name in fields)
    return [_("Changed: %(fields)s") % {"fields": changed}]


def _webhook_disabled(details: Details) -> list[str]:
    reason = str(details.get("reason") or "")
    if not reason:
        return []
    shown = WEBHOOK_DISABLED_REASONS.get(reason, reason)
    return [_("Disabled %(reason)s") % {"reason": shown}]


def _webhook_redelivered(details: Details) -> list[str]:
    if not isinstance(details.get("delivery"), int):
        return []
    return [_("Delivery no. %(number)s") % {"number": details["delivery"]}]


def _api_token_created(details: Details) -> list[str]:
    lines = []
    scopes = details.get("scopes")
    if isinstance(scopes, list) and scopes:
        lines.append(_("Scopes: %(scopes)s") % {"scopes": _joined(scopes)})
    if details.get("expires_at"):
        lines.append(_("Expires on: %(day)s") % {"day": _day(details["expires_at"])})
    return lines


def _job_changed(details: Details) -> list[str]:
    fields = details.get("fields")
    if not isinstance(fields, list) or not fields:
        return [_("Saved with no change")]
    changed = _joined(_field_label(Job, name) for name in fields)
    return [_("Changed: %(fields)s") % {"fields": changed}]


def _referral_moved(details: Details) -> list[str]:
    labels = dict(ReferralStatus.choices)
    before, after = str(details.get("from") or ""), str(details.get("to") or "")
    return [
        _("Status: %(before)s → %(after)s")
        % {"before": labels.get(before, before), "after": labels.get(after, after)}
    ]


def _ats_connector(details: Details) -> list[str]:
    connector = details.get("connector")
    if not isinstance(connector, str) or not connector:
        return []
    return [_("ATS: %(name)s") % {"name": connector.capitalize()}]


def _ats_connection_saved(details: Details) -> list[str]:
    lines = _ats_connector(details)
    fields = details.get("fields")
    if isinstance(fields, list) and fields:
        changed = _joined(ATS_FIELD_LABELS.get(name, name) for name in fields)
        lines.append(_("Changed: %(fields)s") % {"fields": changed})
    if isinstance(details.get("job"), int):
        lines.append(_("Job linked to the ATS or unlinked: #%(id)s") % {"id": details["job"]})
    return lines


DESCRIBERS: dict[str, Describer] = {
    Action.CANDIDATE_VIEWED: _nothing,
    Action.CV_DOWNLOADED: _cv_downloaded,
    Action.EXPORT: _export,
    Action.IMPORT: _import,
    Action.ROLE_CHANGED: _role_changed,
    Action.MEMBER_DEACTIVATED: _nothing,
    Action.MEMBER_REACTIVATED: _nothing,
    Action.SETTINGS_CHANGED: _settings_changed,
    Action.SIGNED_IN: _nothing,
    Action.SIGN_IN_FAILED: _nothing,
    Action.ACCESS_REFUSED: _access_refused,
    Action.DATA_ERASED: _data_erased,
    Action.DATA_EXPORTED: _nothing,
    Action.JOB_CLOSED: _job_closed,
    Action.TAG_CREATED: _tag_kind,
    Action.TAG_CHANGED: _tag_changed,
    Action.TAG_MERGED: _tag_merged,
    Action.TAG_ARCHIVED: _tag_kind,
    Action.TAG_UNARCHIVED: _tag_kind,
    Action.TENANT_CREATED: _tenant_created,
    Action.TENANT_SUSPENDED: _nothing,
    Action.TENANT_REACTIVATED: _nothing,
    Action.OPERATOR_STAFF_CREATED: _nothing,
    Action.CANDIDATE_FORWARDED: _nothing,
    Action.CANDIDATE_DECLINED: _candidate_declined,
    Action.JOB_POST_APPROVED: _job_post_approved,
    Action.JOB_POST_DECLINED: _nothing,
    Action.API_TOKEN_CREATED: _api_token_created,
    Action.API_TOKEN_REVOKED: _nothing,
    Action.JOB_CREATED: _nothing,
    Action.JOB_CHANGED: _job_changed,
    Action.JOB_PUBLISHED: _nothing,
    Action.REFERRAL_MOVED: _referral_moved,
    Action.NOTE_ADDED: _nothing,
    Action.WEBHOOK_CREATED: _nothing,
    Action.WEBHOOK_CHANGED: _webhook_changed,
    Action.WEBHOOK_DELETED: _nothing,
    Action.WEBHOOK_SECRET_ROTATED: _nothing,
    Action.WEBHOOK_ENABLED: _nothing,
    Action.WEBHOOK_DISABLED: _webhook_disabled,
    Action.WEBHOOK_REDELIVERED: _webhook_redelivered,
    Action.FEED_SOURCE_CREATED: _feed_kind,
    Action.FEED_SOURCE_CHANGED: _feed_changed,
    Action.FEED_SOURCE_DELETED: _feed_kind,
    Action.FEED_RUN: _feed_run,
    Action.EXTERNAL_NAME_MAPPED: _external_name_mapped,
    Action.SSO_SETTINGS_SAVED: _sso_settings_saved,
    Action.MEMBER_JOINED_BY_SSO: _sso_protocol,
    Action.ATS_CONNECTION_SAVED: _ats_connection_saved,
    Action.ATS_SYNC_RUN: _ats_connector,
}


def describe_details(event: AuditEvent) -> list[str]:
    """The event's details as sentences in the active language; empty if there is none."""
    details = event.details if isinstance(event.details, dict) else {}
    describer = DESCRIBERS.get(event.action, _nothing)
    return describer(details) + _generic(details, KEYS_READ.get(event.action, set()))


# Who acted, when it is not a member -------------------------------------------------------

# The self-service page recorded the person as a visitor before it had a kind of its own.
SELF_SERVICE_ACTIONS = {Action.DATA_EXPORTED, Action.DATA_ERASED}


def acted_as_candidate(event: AuditEvent) -> bool:
    by = event.details.get("by", "") if isinstance(event.details, dict) else ""
    if by == ActorKind.CANDIDATE:
        return True
    return (
        by == ActorKind.VISITOR
        and event.action in SELF_SERVICE_ACTIONS
        and event.target.startswith("subjectrequest:")
    )


def subject_request_keys(*, tenant: Tenant, events: list[AuditEvent]) -> dict[int, str]:
    """The e-mail keys of the requests the candidates' events are about, by request id (one
    query; an erased person's requests have none)."""
    ids = {
        int(event.target.partition(":")[2])
        for event in events
        if acted_as_candidate(event) and event.target.partition(":")[2].isdigit()
    }
    if not ids:
        return {}
    return dict(
        SubjectRequest.objects.filter(tenant=tenant, pk__in=ids).values_list("pk", "email_key")
    )


def masked_email(key: str) -> str:
    """``j•••@example.org``: enough for an admin to tell people apart, not to write to them."""
    local, _at, domain = key.partition("@")
    if not domain:
        return ""
    return f"{local[:1]}•••@{domain}"


def actor_label(event: AuditEvent, request_keys: dict[int, str]) -> str:
    """Who acted, in words, for an event with no member: the candidate (their address
    masked, while their data is held), the system, an API token or a visitor."""
    by = event.details.get("by", "") if isinstance(event.details, dict) else ""
    if acted_as_candidate(event):
        kind, _sep, number = event.target.partition(":")
        key = request_keys.get(int(number), "") if number.isdigit() else ""
        if key:
            return _("Candidate (%(email)s), on their own data page") % {"email": masked_email(key)}
        return _("Candidate, on their own data page (since erased)")
    kind, _sep, name = str(by).partition(":")
    if kind == ActorKind.SYSTEM:
        return _("System (%(task)s)") % {"task": name} if name else _("System")
    if kind == ActorKind.API_TOKEN:
        return _("API token no. %(number)s") % {"number": name}
    if kind == ActorKind.VISITOR:
        return _("Visitor, not signed in")
    return _("Unknown")
