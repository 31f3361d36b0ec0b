"""Reads of the job feed pages: each object through an ``access_*`` helper that answers 404
for anything that is not the admin's tenant's (the pages are for admins only)."""

from django.db.models import Case, OuterRef, QuerySet, Subquery, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404

from coopt.accounts.models import Membership
from coopt.jobs.models import ExternalTagMapping, Job
from coopt.taxonomy.models import Tag
from coopt.tenants.models import Tenant

from .models import JobFeedRun, JobFeedSettings, JobFeedSource


def _admin_of(member: Membership) -> int:
    if not member.is_admin:
        raise Http404
    return member.tenant_id


def access_source(member: Membership, source_id: int) -> JobFeedSource:
    return get_object_or_404(JobFeedSource, tenant_id=_admin_of(member), pk=source_id)


def access_run(member: Membership, run_id: int) -> JobFeedRun:
    return get_object_or_404(
        JobFeedRun.objects.select_related("source"),
        source__tenant_id=_admin_of(member),
        pk=run_id,
    )


def access_external_name(member: Membership, mapping_id: int) -> ExternalTagMapping:
    return get_object_or_404(ExternalTagMapping, tenant_id=_admin_of(member), pk=mapping_id)


def sources_of(*, tenant: Tenant) -> QuerySet[JobFeedSource]:
    """The tenant's sources, each with its last run's status and id."""
    last = JobFeedRun.objects.filter(source=OuterRef("pk")).order_by("-created_at", "-pk")
    return JobFeedSource.objects.filter(tenant=tenant).annotate(
        last_status=Subquery(last.values("status")[:1]),
        last_run_id=Subquery(last.values("pk")[:1]),
    )


def runs_of(*, tenant: Tenant, source: JobFeedSource | None = None) -> QuerySet[JobFeedRun]:
    runs = JobFeedRun.objects.filter(source__tenant=tenant).select_related("source")
    if source is not None:
        runs = runs.filter(source=source)
    return runs


def external_names_of(*, tenant: Tenant) -> QuerySet[ExternalTagMapping]:
    """The names the tenant's sources used for locations and job families: the unmapped
    ones first."""
    return (
        ExternalTagMapping.objects.filter(tenant=tenant)
        .select_related("tag")
        .annotate(mapped=Case(When(tag__isnull=True, then=Value(0)), default=Value(1)))
        .order_by("mapped", "kind", "key")
    )


def tags_to_map(*, tenant: Tenant) -> dict[str, list[Tag]]:
    """The tenant's tags a name may stand for, by kind."""
    found: dict[str, list[Tag]] = {Tag.Kind.LOCATION: [], Tag.Kind.FAMILY: []}
    for tag in Tag.objects.active().filter(tenant=tenant, kind__in=list(found)):
        found[tag.kind].append(tag)
    return found


def job_feed_settings_for(*, tenant: Tenant) -> JobFeedSettings:
    """The tenant's settings, or the defaults (unsaved) when it never changed them."""
    found = JobFeedSettings.objects.filter(tenant=tenant).first()
    return found or JobFeedSettings(tenant=tenant)


def public_feed_jobs(*, tenant: Tenant) -> QuerySet[Job]:
    """What the public feed lists: the tenant's published jobs, as its public pages show
    them (``jobs.selectors.access_public_job``), newest first."""
    return (
        Job.objects.filter(tenant=tenant, status=Job.Status.PUBLISHED)
        .select_related("job_family", "client", "tenant")
        .prefetch_related("locations")
        .order_by("-published_at", "-pk")
    )
