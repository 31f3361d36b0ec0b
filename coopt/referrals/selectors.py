from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from coopt.accounts.models import Membership
from coopt.tenants.models import Tenant

from .link_tokens import LinkRefused, link_token_find
from .models import (
    OPEN_STATUSES,
    Consent,
    Document,
    LinkToken,
    Qualification,
    Referral,
    ReferralQuerySet,
    Reminder,
    StatusChange,
)


def referrals_made_by(*, member: Membership) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(referrer=member)
        .select_related("job")
        .prefetch_related(
            Prefetch("history", queryset=StatusChange.objects.order_by("created_at", "id"))
        )
    )


def applications_of(*, member: Membership) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(applicant=member).select_related("job").prefetch_related("history")
    )


def access_referral_by_consent_token(tenant: Tenant, token: str) -> Referral:
    """The referral behind the link e-mailed to the referred person, or 404: an unknown
    token, or one of another tenant (found by its hash, ``link_tokens.py``)."""
    try:
        found = link_token_find(tenant=tenant, purpose=LinkToken.Purpose.CONSENT, token=token)
    except LinkRefused as refused:
        raise Http404 from refused
    return get_object_or_404(
        Referral.objects.select_related("job", "referrer__user"),
        tenant=tenant,
        pk=found.referral_id,
    )


def referrals_in_reach(member: Membership) -> ReferralQuerySet:
    """The referrals of the member's tenant a recruiter or admin may work on: all of them
    for the company's (or the operator's) own staff; for a client's recruiter (N2), those
    of their company's jobs that the operator qualified and forwarded (N3); none for anyone
    else."""
    if not member.is_staff_role:
        return Referral.objects.none()
    referrals = Referral.objects.filter(tenant_id=member.tenant_id)
    if member.client_id is not None:
        referrals = referrals.filter(job__client_id=member.client_id, forwarded_at__isnull=False)
    return referrals


@dataclass(frozen=True)
class QueueFilters:
    """The qualification queue's filters: ``assigned`` is "me", "nobody" or "" (anyone)."""

    assigned: str = ""
    client_id: int | None = None
    job_id: int | None = None
    overdue: bool = False


def qualification_queue(
    *, member: Membership, filters: QueueFilters, target: timedelta
) -> ReferralQuerySet:
    """The operator's queue (N3): the network's referrals whose person confirmed and that
    nobody forwarded or declined yet, oldest first; ``overdue`` keeps those waiting longer
    than ``target`` since the person confirmed."""
    referrals = (
        referrals_in_reach(member)
        .filter(forwarded_at__isnull=True, status__in=OPEN_STATUSES)
        .visible_to_recruiter()
        .exclude(qualification__decision=Qualification.Decision.DECLINED)
        .select_related("job__client", "qualification__assigned_to__user")
        .order_by("consent_answered_at", "id")
    )
    if filters.assigned == "me":
        referrals = referrals.filter(qualification__assigned_to=member)
    elif filters.assigned == "nobody":
        referrals = referrals.filter(
            Q(qualification__isnull=True) | Q(qualification__assigned_to__isnull=True)
        )
    if filters.client_id:
        referrals = referrals.filter(job__client_id=filters.client_id)
    if filters.job_id:
        referrals = referrals.filter(job_id=filters.job_id)
    if filters.overdue:
        referrals = referrals.filter(consent_answered_at__lt=timezone.now() - target)
    return referrals


def awaiting_qualification_count(*, member: Membership) -> int:
    """Referrals of the network still waiting for their person's answer: not yet in the
    queue, counted beside it."""
    return (
        referrals_in_reach(member)
        .filter(forwarded_at__isnull=True, status__in=OPEN_STATUSES, consent=Consent.AWAITING)
        .count()
    )


def access_referral(member: Membership, referral_id: int) -> Referral:
    """A referral of the member's tenant, for recruiters and admins; 404 otherwise.

    Its person may not have confirmed yet: show it through ``anonymous()`` unless
    ``is_visible_to_recruiter`` (R3), or take it with ``access_visible_referral``.
    """
    return get_object_or_404(
        referrals_in_reach(member).select_related(
            "job", "referrer__user", "applicant__user", "transferred_to__job"
        ),
        pk=referral_id,
    )


def access_visible_referral(member: Membership, referral_id: int) -> Referral:
    """A referral whose person confirmed, so that a recruiter may see and act on it; 404
    otherwise, as for another tenant's (R3)."""
    referral = access_referral(member, referral_id)
    if not referral.is_visible_to_recruiter:
        raise Http404
    return referral


def access_document(member: Membership, document_id: int) -> Document:
    """A CV of a confirmed person of the member's tenant, for recruiters and admins; 404
    otherwise."""
    if not member.is_staff_role:
        raise Http404
    document = get_object_or_404(
        Document.objects.select_related("referral"),
        tenant_id=member.tenant_id,
        referral__in=referrals_in_reach(member),
        pk=document_id,
    )
    referral = document.referral
    if referral.tenant_id != member.tenant_id or not referral.is_visible_to_recruiter:
        raise Http404
    return document


def access_reminder(member: Membership, reminder_id: int) -> Reminder:
    """One of the member's own reminders, or 404."""
    return get_object_or_404(
        Reminder.objects.select_related("referral"),
        tenant_id=member.tenant_id,
        owner=member,
        pk=reminder_id,
    )


def reminders_due_for(*, owner: Membership) -> QuerySet[Reminder]:
    return (
        Reminder.objects.filter(owner=owner, done_at__isnull=True)
        .select_related("referral__job")
        .order_by("due_on", "id")
    )


def qualification_of_referral(referral: Referral) -> Qualification | None:
    """The operator's qualification of the referral, if a qualifier worked on it (N3)."""
    return (
        Qualification.objects.filter(referral=referral).select_related("assigned_to__user").first()
    )
