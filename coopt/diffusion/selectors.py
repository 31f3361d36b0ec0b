"""Reads for the recruiter's diffusion pages, all scoped to the request's tenant.

``access_*`` helpers answer 404 for what belongs to another tenant, so a recruiter
of one company never learns that another's job or send exists. The signed-in pages'
helpers take the member (``access_job(member, job_id)``) and derive the tenant from it;
the unsubscribe page's takes the tenant and the link's token.
"""

import re
from dataclasses import dataclass

from django.db.models import Count, QuerySet, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404

from coopt.accounts.models import Membership
from coopt.gamification.levels import levels_of
from coopt.jobs import selectors as jobs_selectors
from coopt.jobs.models import Job
from coopt.notifications.models import OutboundEmail
from coopt.tenants.models import Tenant

from .models import Delivery, DiffusionSettings, FeaturedJob, Send, Wave
from .sends import Progress
from .unsubscribe import InvalidToken, member_id_from_token

JOB_HISTORY_SIZE = 10
EMAIL_SEPARATORS = re.compile(r"[\s,;]+")


def access_job(member: Membership, job_id: int) -> Job:
    """A job of the member's tenant, with what the editor reads of it, or 404.

    Sending is the back office's: a member who is neither recruiter nor admin reaches none.
    """
    job = jobs_selectors.access_job(member, job_id)
    job.tenant = member.tenant
    prefetch_related_objects([job], "locations")
    return job


def access_send(member: Membership, send_id: int) -> Send:
    """A send of the member's tenant, or 404 (to a recruiter or admin only, as ``access_job``)."""
    if not member.is_staff_role:
        raise Http404
    return get_object_or_404(
        Send.objects.select_related("job", "created_by"), tenant_id=member.tenant_id, pk=send_id
    )


def access_member(tenant: Tenant, token: str) -> Membership:
    """The member an unsubscribe link was made for, or 404: a tampered token, one made
    for another tenant, or a membership that is gone."""
    try:
        member_id = member_id_from_token(token=token, tenant_id=tenant.pk)
    except InvalidToken:
        raise Http404 from None
    return get_object_or_404(Membership.objects.select_related("user"), tenant=tenant, pk=member_id)


def diffusion_settings_for(*, tenant: Tenant) -> DiffusionSettings:
    """The tenant's diffusion settings, or unsaved defaults."""
    found = DiffusionSettings.objects.filter(tenant=tenant).first()
    return found if found is not None else DiffusionSettings(tenant=tenant)


def sends_for_tenant(*, tenant: Tenant, job: Job | None = None, text: str = "") -> QuerySet[Send]:
    """Every send of the tenant, newest first; of one job, or of jobs whose title matches."""
    found = Send.objects.filter(tenant=tenant).select_related("job", "created_by")
    if job is not None:
        found = found.filter(job=job)
    if text.strip():
        found = found.filter(job__title__icontains=text.strip())
    return found.order_by("-created_at", "-id")


def sends_of_job(*, job: Job, limit: int = JOB_HISTORY_SIZE) -> list[Send]:
    """The job's latest sends, for its history on the editor page."""
    return list(
        Send.objects.filter(tenant_id=job.tenant_id, job=job)
        .select_related("created_by")
        .order_by("-created_at", "-id")[:limit]
    )


def is_featured(*, job: Job) -> bool:
    return FeaturedJob.objects.filter(tenant_id=job.tenant_id, job=job).exists()


def progress_by_send(*, send_ids: list[int]) -> dict[int, Progress]:
    """``sends.progress_of`` for a page of sends, in one grouped query."""
    found = {pk: Progress() for pk in send_ids}
    rows = (
        Delivery.objects.filter(send_id__in=send_ids)
        .values_list("send_id", "status", "email__status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for send_id, status, email_status, n in rows:
        progress = found[send_id]
        if status in (Delivery.Status.DEFERRED, Delivery.Status.DIGESTED):
            progress.deferred += n
        elif email_status == OutboundEmail.Status.SENT:
            progress.sent += n
        elif email_status == OutboundEmail.Status.FAILED:
            progress.failed += n
        else:
            progress.queued += n
    return found


@dataclass(frozen=True)
class WaveRow:
    wave: Wave
    level_name: str


def level_names(*, tenant: Tenant) -> dict[str, str]:
    """The tenant's name of each level key (one query)."""
    return {level.key: str(level.name) for level in levels_of(tenant=tenant)}


def waves_of(*, send: Send, names: dict[str, str]) -> list[WaveRow]:
    """The send's waves in order, each with the name of its level (``names``) if any."""
    waves = Wave.objects.filter(send=send).order_by("number")
    return [WaveRow(wave=wave, level_name=names.get(wave.label, "")) for wave in waves]


def split_emails(text: str) -> list[str]:
    """The distinct addresses of a pasted list, lower-cased, in their order."""
    seen: dict[str, None] = {}
    for part in EMAIL_SEPARATORS.split(text or ""):
        if part:
            seen.setdefault(part.lower(), None)
    return list(seen)


def memberships_by_email(*, tenant: Tenant, emails: list[str]) -> dict[str, int]:
    """The membership id of each address that belongs to a member of this tenant (one query)."""
    if not emails:
        return {}
    rows = Membership.objects.filter(tenant=tenant, user__email__in=emails).values_list(
        "user__email", "pk"
    )
    return {email.lower(): pk for email, pk in rows}
