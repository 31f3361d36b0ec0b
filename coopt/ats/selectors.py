"""Reads of the ATS app, scoped to a tenant."""

from django.db.models import QuerySet
from django.http import Http404

from coopt.accounts.models import Membership
from coopt.jobs.models import Job
from coopt.tenants.models import Tenant

from .models import AtsCandidateLink, AtsConnection

LINKS_SHOWN = 200


def connection_of(*, tenant: Tenant) -> AtsConnection | None:
    return AtsConnection.objects.filter(tenant=tenant).first()


def links_of(*, connection: AtsConnection) -> QuerySet[AtsCandidateLink]:
    """The candidates sent (or waiting to be), newest first, with their referral and job."""
    return (
        AtsCandidateLink.objects.filter(connection=connection)
        .select_related("referral__job")
        .order_by("-created_at", "-id")
    )


def jobs_to_link(*, tenant: Tenant) -> QuerySet[Job]:
    """The company's jobs an admin may link to an ATS job: every one not closed for good."""
    return Job.objects.filter(tenant=tenant).exclude(status=Job.Status.FILLED).order_by("title")


def jobs_linked(*, connection: AtsConnection) -> QuerySet[Job]:
    """The company's jobs linked to the connection's ATS."""
    return Job.objects.filter(
        tenant_id=connection.tenant_id, external_id__startswith=f"{connection.connector}:"
    ).order_by("title")


def access_candidate_link(member: Membership, link_id: int) -> AtsCandidateLink:
    """A candidate link of the member's tenant, or 404: admins manage the ATS, nobody else."""
    if not member.is_admin:
        raise Http404
    link = AtsCandidateLink.objects.filter(tenant_id=member.tenant_id, pk=link_id).first()
    if link is None:
        raise Http404
    return link
