from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Count, IntegerField, Q, QuerySet, Value
from django.http import Http404
from django.shortcuts import get_object_or_404

from coopt.accounts.models import Membership
from coopt.taxonomy.models import Tag
from coopt.taxonomy.selectors import active_tags
from coopt.tenants.models import Tenant

from .models import Job, JobTemplate, ShareLink


def search_jobs(jobs: QuerySet[Job], text: str) -> QuerySet[Job]:
    """Full-text search: PostgreSQL's search in production, every word matched on SQLite."""
    text = text.strip()
    if not text:
        return jobs
    if connection.vendor == "postgresql":
        query = SearchQuery(text, search_type="websearch", config="simple")
        vector = SearchVector("title", weight="A", config="simple") + SearchVector(
            "description", weight="B", config="simple"
        )
        # Filter with the match operator (@@): ts_rank is not a match test, it
        # answers 1e-20 rather than 0 for a job missing one word of the query.
        return (
            jobs.alias(search_vector=vector)
            .filter(search_vector=query)
            .annotate(search_rank=SearchRank(vector, query))
        )
    for word in text.split():
        jobs = jobs.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return jobs


def filter_by_tags(jobs: QuerySet[Job], *, tenant: Tenant, tag_ids: list[int]) -> QuerySet[Job]:
    """Jobs carrying any chosen tag of each kind: (Lyon or Paris) and Retail.

    Locations are matched in a subquery, so that the filter neither duplicates rows
    nor narrows the interest count computed over the same relation.
    """
    chosen: dict[str, list[int]] = {}
    for tag_id, kind in Tag.objects.filter(tenant=tenant, id__in=tag_ids).values_list("id", "kind"):
        chosen.setdefault(kind, []).append(tag_id)
    if ids := chosen.get(Tag.Kind.LOCATION):
        located = Job.locations.through.objects.filter(tag_id__in=ids).values("job_id")
        jobs = jobs.filter(pk__in=located)
    if ids := chosen.get(Tag.Kind.FAMILY):
        jobs = jobs.filter(job_family_id__in=ids)
    if ids := chosen.get(Tag.Kind.SECTOR):
        jobs = jobs.filter(sector_id__in=ids)
    return jobs


def job_board(
    *, membership: Membership, text: str = "", tag_ids: list[int] | None = None
) -> QuerySet[Job]:
    """Published jobs of the member's tenant, those matching their interests first (J4); a
    client company's recruiter sees their company's alone, nothing of other clients (N2)."""
    jobs = published_jobs_for(membership)
    jobs = filter_by_tags(jobs, tenant=membership.tenant, tag_ids=tag_ids or [])
    jobs = search_jobs(jobs, text)
    interest_ids = list(membership.interests.values_list("id", flat=True))
    if interest_ids:
        match = (
            Count("locations", filter=Q(locations__id__in=interest_ids), distinct=True)
            + Count("id", filter=Q(job_family_id__in=interest_ids), distinct=True)
            + Count("id", filter=Q(sector_id__in=interest_ids), distinct=True)
        )
        jobs = jobs.annotate(match_score=match)
    else:
        jobs = jobs.annotate(match_score=Value(0, output_field=IntegerField()))
    ordering = ["-match_score"]
    if "search_rank" in jobs.query.annotations:
        ordering.append("-search_rank")
    return (
        jobs.distinct()
        .order_by(*ordering, "-published_at", "-id")
        .select_related("job_family", "sector", "reward_rule", "client")
        .prefetch_related("locations")
    )


def jobs_in_reach(member: Membership) -> QuerySet[Job]:
    """The jobs of the member's tenant a recruiter or admin may work on: all of them for
    the company's (or the network operator's) own staff, only their company's for a
    client's recruiter (N2); none for anyone else."""
    if not member.is_staff_role:
        return Job.objects.none()
    jobs = Job.objects.filter(tenant_id=member.tenant_id)
    if member.client_id is not None:
        jobs = jobs.filter(client_id=member.client_id)
    return jobs


def access_job(member: Membership, job_id: int) -> Job:
    """A job of the member's tenant in any status, for recruiters and admins (a client's
    recruiter: only their company's); 404 otherwise."""
    return get_object_or_404(
        jobs_in_reach(member).select_related("job_family", "sector", "client"), pk=job_id
    )


def published_jobs_for(member: Membership) -> QuerySet[Job]:
    """The published jobs a member may read: all of the tenant's, or a client company's
    recruiter's own company's."""
    jobs = Job.objects.filter(tenant_id=member.tenant_id, status=Job.Status.PUBLISHED)
    if member.client_id is not None:
        jobs = jobs.filter(client_id=member.client_id)
    return jobs


def access_published_job(member: Membership, job_id: int) -> Job:
    """A published job of the member's tenant, as every member sees it (a client's recruiter:
    their company's only); 404 otherwise."""
    return get_object_or_404(
        published_jobs_for(member).select_related("job_family", "sector", "client"), pk=job_id
    )


def access_public_job(tenant: Tenant, job_id: int) -> Job:
    """A published job of the tenant, for its public page; 404 otherwise."""
    return get_object_or_404(
        Job.objects.select_related("job_family", "sector", "client"),
        tenant=tenant,
        pk=job_id,
        status=Job.Status.PUBLISHED,
    )


def access_template(member: Membership, template_id: int) -> JobTemplate:
    """The tenant's templates are its own staff's; a client's recruiter gets 404."""
    if not member.is_staff_role or member.client_id is not None:
        raise Http404
    return get_object_or_404(JobTemplate, tenant_id=member.tenant_id, pk=template_id)


def access_share_link(tenant: Tenant, token: str) -> ShareLink:
    """A member's tracked link to a job still published, or 404."""
    return get_object_or_404(
        ShareLink.objects.select_related("job", "member__user"),
        tenant=tenant,
        token=token,
        job__status=Job.Status.PUBLISHED,
    )


def share_link_by_token(tenant: Tenant, token: str) -> ShareLink | None:
    """The tracked link an application came through, whatever its job's status now."""
    links = ShareLink.objects.filter(tenant=tenant, token=token)
    return links.select_related("member__user").first()


def templates_of(tenant: Tenant) -> QuerySet[JobTemplate]:
    return (
        JobTemplate.objects.filter(tenant=tenant)
        .select_related("job_family", "sector")
        .order_by("name", "id")
    )


def tag_names(tenant: Tenant, kind: str) -> QuerySet[Tag, str]:
    return active_tags(tenant, kind).values_list("name", flat=True)


def jobs_for_recruiter(*, member: Membership, status: str = "", text: str = "") -> QuerySet[Job]:
    jobs = jobs_in_reach(member)
    if status:
        jobs = jobs.filter(status=status)
    jobs = search_jobs(jobs, text)
    return (
        jobs.select_related("job_family", "sector", "client")
        .prefetch_related("locations")
        .annotate(referral_count=Count("referrals", distinct=True))
        .order_by("-created_at", "-id")
    )
