"""The audit log for admins: /office/privacy/audit/ (Y4).

Filter by action, actor (part of a member's e-mail address) and dates; 50 events a
page; the filtered list exports as CSV, and the export is itself an audit event.
"""

import csv
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET

from coopt.accounts.access import admin_required
from coopt.accounts.http import MemberRequest
from coopt.accounts.models import Membership
from coopt.audit.actors import Actor
from coopt.audit.models import AuditEvent
from coopt.tenants.models import Tenant

from ..audit_details import actor_label, describe_details, subject_request_keys
from ..audit_log import AuditFilters, actor_members, audit_events, audit_log_export

PAGE_SIZE = 50
CSV_COLUMNS = [
    "time",
    "action",
    "action_label",
    "actor_id",
    "actor",
    "actor_email",
    "target",
    "ip_address",
    "details",
]


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=gettext_lazy("Action"),
        required=False,
        choices=[("", gettext_lazy("All actions")), *AuditEvent.Action.choices],
    )
    actor = forms.CharField(
        label=gettext_lazy("Who"),
        required=False,
        max_length=254,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": gettext_lazy("Member's e-mail")}
        ),
    )
    date_from = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=pgettext_lazy("date range", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise ValidationError(_("The start date is after the end date."))
        return data

    def filters(self) -> AuditFilters:
        data = self.cleaned_data
        return AuditFilters(
            action=data.get("action") or "",
            actor=(data.get("actor") or "").strip(),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


def _target_url(target: str) -> str:
    """A link to what the event was about, where the back office has a page for it."""
    kind, _sep, object_id = target.partition(":")
    if kind == "referral" and object_id.isdigit():
        return reverse("backoffice:candidate", args=[int(object_id)])
    return ""


def _rows(tenant: Tenant, events: list[AuditEvent]) -> list[dict[str, Any]]:
    members = actor_members(tenant=tenant, events=events)
    request_keys = subject_request_keys(tenant=tenant, events=events)
    return [
        {
            "event": event,
            "member": members.get(event.actor_id) if event.actor_id else None,
            "actor_label": "" if event.actor_id else actor_label(event, request_keys),
            "target_url": _target_url(event.target),
            "details": describe_details(event),
        }
        for event in events
    ]


def _querystring(request: MemberRequest) -> str:
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    return urlencode(params)


def _page(request: MemberRequest, form: AuditFilterForm, *, status: int = 200) -> HttpResponse:
    tenant = request.tenant
    filters = form.filters() if form.is_valid() else AuditFilters()
    paginator = Paginator(audit_events(tenant=tenant, filters=filters), PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    query = _querystring(request)
    return render(
        request,
        "privacy/audit/list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "rows": _rows(tenant, list(page_obj.object_list)),
            "querystring_base": query + "&" if query else "",
            "export_query": query,
            "filtered": bool(query),
        },
        status=status,
    )


@admin_required
@require_GET
def audit_log(request: MemberRequest) -> HttpResponse:
    return _page(request, AuditFilterForm(request.GET or None))


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_lines(tenant: Tenant, events: Iterator[AuditEvent], language: str) -> Iterator[str]:
    """The rows, their words in the language of the admin who asked (the response is
    streamed after the view returned)."""
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    batch: list[AuditEvent] = []
    for event in events:
        batch.append(event)
        if len(batch) == 500:
            with translation.override(language):
                lines = list(_csv_batch(writer, tenant, batch))
            yield from lines
            batch = []
    with translation.override(language):
        lines = list(_csv_batch(writer, tenant, batch))
    yield from lines


def _csv_batch(writer: Any, tenant: Tenant, events: list[AuditEvent]) -> Iterator[str]:
    members: dict[int, Membership] = actor_members(tenant=tenant, events=events)
    request_keys = subject_request_keys(tenant=tenant, events=events)
    for event in events:
        member = members.get(event.actor_id) if event.actor_id else None
        if member is not None:
            actor = member.display_name
        elif event.actor_id:
            actor = _("Account no. %(number)s, not a member here") % {"number": event.actor_id}
        else:
            actor = actor_label(event, request_keys)
        yield writer.writerow(
            [
                _cell(timezone.localtime(event.created_at).isoformat()),
                _cell(event.action),
                _cell(event.get_action_display()),
                _cell(event.actor_id or ""),
                _cell(actor),
                _cell(member.user.email if member else ""),
                _cell(event.target),
                _cell(event.ip_address or ""),
                _cell("; ".join(describe_details(event))),
            ]
        )


@admin_required
@require_GET
def audit_export(request: MemberRequest) -> HttpResponse:
    """The filtered list as CSV; the export is recorded (without the e-mail searched for)."""
    tenant = request.tenant
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return _page(request, form, status=400)
    events = audit_log_export(
        tenant=tenant, filters=form.filters(), actor=Actor.from_request(request)
    )
    filename = f"audit-{timezone.localdate().isoformat()}.csv"
    response = StreamingHttpResponse(
        _csv_lines(tenant, events.iterator(chunk_size=500), translation.get_language()),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response  # type: ignore[return-value]  # a streaming response, as views may return
