"""The audit log for a tenant's admins (Y4): its events filtered, the members who acted,
and the CSV export, itself an audit event.

Events are written by the services, through ``coopt.audit`` (below accounts); reading them
for a page names the members who acted, which needs accounts: that part is here.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from coopt.accounts.models import Membership
from coopt.audit.actors import Actor
from coopt.audit.models import AuditEvent
from coopt.audit.services import Action, audit_record, audit_target
from coopt.tenants.models import Tenant


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    actor: str = ""  # part of a member's e-mail address
    date_from: date | None = None
    date_to: date | None = None

    def summary(self) -> dict[str, Any]:
        """What an export was filtered on, for its own audit event: no e-mail search text."""
        return {
            "action": self.action,
            "actor_search": bool(self.actor),
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
        }


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_events(*, tenant: Tenant, filters: AuditFilters | None = None) -> QuerySet[AuditEvent]:
    """This tenant's events, newest first, narrowed by ``filters`` (dates are inclusive,
    in the site's time zone; the actor search looks among the tenant's members only)."""
    filters = filters or AuditFilters()
    events = AuditEvent.objects.filter(tenant=tenant)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.actor.strip():
        members = Membership.objects.filter(
            tenant=tenant, user__email__icontains=filters.actor.strip()
        )
        events = events.filter(actor__in=members.values("user_id"))
    if filters.date_from:
        events = events.filter(created_at__gte=_start_of(filters.date_from))
    if filters.date_to:
        events = events.filter(created_at__lt=_start_of(filters.date_to + timedelta(days=1)))
    return events.order_by("-created_at", "-id")


def actor_members(*, tenant: Tenant, events: list[AuditEvent]) -> dict[int, Membership]:
    """The tenant memberships of the events' actors, by user id (one query).

    An actor with no membership here (another tenant's account that tried to come in)
    is shown by number only: this tenant's admin does not learn who they are.
    """
    user_ids = {event.actor_id for event in events if event.actor_id is not None}
    if not user_ids:
        return {}
    memberships = Membership.objects.filter(tenant=tenant, user_id__in=user_ids).select_related(
        "user"
    )
    return {m.user_id: m for m in memberships}


@transaction.atomic
def audit_log_export(
    *, tenant: Tenant, filters: AuditFilters, actor: Actor
) -> QuerySet[AuditEvent]:
    """The events an export of the log lists, its own record written first (not listed:
    the export lists what was there when it was asked for)."""
    events = audit_events(tenant=tenant, filters=filters)
    recorded = audit_record(
        actor=actor,
        tenant_id=tenant.pk,
        action=Action.EXPORT,
        target=audit_target(tenant),
        details={"what": "audit_log", "rows": events.count(), "filters": filters.summary()},
    )
    return events.filter(pk__lt=recorded.pk)
