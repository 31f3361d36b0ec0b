"""The frequency cap (D6): one count across every solicitation channel.

A solicitation is one e-mail that offers jobs: a targeted send or a digest (and,
later, a campaign). No member gets more than the tenant's ``weekly_cap`` of them
in any rolling seven days; what would exceed it is deferred, never dropped: a
targeted job waits in the member's next digest.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from coopt.accounts.models import Membership
from coopt.audit.actors import Actor
from coopt.audit.services import Action, audit_record, audit_target
from coopt.tenants.models import Tenant

from .models import DEFAULT_WEEKLY_CAP, DiffusionSettings, Solicitation

WINDOW = timedelta(days=7)


def weekly_cap_of(*, tenant: Tenant) -> int:
    found = (
        DiffusionSettings.objects.filter(tenant=tenant).values_list("weekly_cap", flat=True).first()
    )
    return found or DEFAULT_WEEKLY_CAP


@transaction.atomic
def weekly_cap_update(*, tenant: Tenant, weekly_cap: int, actor: Actor) -> DiffusionSettings:
    """Set the tenant's cap, recorded in the audit log; outside 1–20 raises ValidationError."""
    settings, _created = DiffusionSettings.objects.select_for_update().get_or_create(tenant=tenant)
    changed = ["weekly_cap"] if settings.weekly_cap != weekly_cap else []
    settings.weekly_cap = weekly_cap
    settings.full_clean(exclude=["tenant"])
    settings.save(update_fields=["weekly_cap"])
    audit_record(
        actor=actor,
        tenant_id=tenant.pk,
        action=Action.SETTINGS_CHANGED,
        target=audit_target(settings, "diffusion_settings"),
        details={"section": "diffusion", "fields": changed},
    )
    return settings


def recent_counts(*, member_ids: Iterable[int], now: datetime | None = None) -> dict[int, int]:
    """Solicitations of each member in the last seven days (members with none are absent)."""
    since = (now or timezone.now()) - WINDOW
    rows = (
        Solicitation.objects.filter(member_id__in=list(member_ids), created_at__gt=since)
        .values("member_id")
        .annotate(n=Count("id"))
        .values_list("member_id", "n")
    )
    return dict(rows)


def lock_members(*, member_ids: Iterable[int]) -> None:
    """Lock the members' rows until the transaction ends, in id order (as every batch
    does, so two batches never wait on each other in a circle): two batches counting
    the same member's solicitations then do it one after the other."""
    list(
        Membership.objects.select_for_update(no_key=True)
        .filter(pk__in=list(member_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def over_cap(*, tenant: Tenant, member_ids: Iterable[int], now: datetime | None = None) -> set[int]:
    """The members who already had their ``weekly_cap`` solicitations this week."""
    cap = weekly_cap_of(tenant=tenant)
    return {pk for pk, n in recent_counts(member_ids=member_ids, now=now).items() if n >= cap}
