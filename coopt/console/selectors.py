"""Reads of the operator console: every tenant, with what it uses, in a fixed number of queries."""

from datetime import datetime
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from coopt.accounts.models import Membership
from coopt.audit.models import AuditEvent
from coopt.jobs.models import Job
from coopt.notifications.models import OutboundEmail
from coopt.referrals.models import Referral
from coopt.tenants.models import Domain, Tenant

TENANTS_PER_PAGE = 25


def _count(rows: QuerySet[Any]) -> Coalesce:
    """How many of ``rows`` belong to the outer tenant: one correlated subquery, no join."""
    counted = (
        rows.filter(tenant_id=OuterRef("pk"))
        .order_by()
        .values("tenant_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def month_start(now: datetime | None = None) -> datetime:
    """The first instant of this month, in the platform's time zone."""
    local = timezone.localtime(now)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def tenants_with_usage() -> QuerySet[Tenant]:
    """Every tenant, newest first, with its usage annotated.

    ``member_count`` (active members), ``job_count``, ``referrals_this_month``,
    ``last_activity`` (the latest audit event: a sign-in, a change), ``emails_pending`` and
    ``emails_failed`` (its outbox), and its domains prefetched: the list of a page costs the
    same number of queries whatever its length.
    """
    last_event = (
        AuditEvent.objects.filter(tenant_id=OuterRef("pk"))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return (
        Tenant.objects.annotate(
            member_count=_count(Membership.objects.filter(is_active=True)),
            job_count=_count(Job.objects.all()),
            referrals_this_month=_count(Referral.objects.filter(created_at__gte=month_start())),
            emails_pending=_count(
                OutboundEmail.objects.filter(
                    status__in=[OutboundEmail.Status.PENDING, OutboundEmail.Status.SENDING]
                )
            ),
            emails_failed=_count(OutboundEmail.objects.filter(status=OutboundEmail.Status.FAILED)),
            last_activity=Subquery(last_event),
        )
        .prefetch_related("domains")
        .order_by("-created_at", "-pk")
    )


def access_tenant(operator: object, tenant_id: int) -> Tenant:
    """A tenant, for the operator's staff (the console's views check who they are), or 404."""
    tenant = Tenant.objects.filter(pk=tenant_id).first()
    if tenant is None:
        raise Http404
    return tenant


def tenant_by_slug(slug: str) -> Tenant | None:
    return Tenant.objects.filter(slug=slug).first()


def slug_taken(slug: str) -> bool:
    return Tenant.objects.filter(slug=slug).exists()


def domains_taken(domains: list[str]) -> list[str]:
    return sorted(Domain.objects.filter(domain__in=domains).values_list("domain", flat=True))
