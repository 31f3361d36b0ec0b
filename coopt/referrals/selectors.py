from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from coopt.accounts.models import Membership
from coopt.jobs.models import Job
from coopt.tenants.models import Tenant

from .models import Referral, Reminder, StatusChange


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


def access_referral_by_consent_token(*, tenant: Tenant, token: str) -> Referral:
    return get_object_or_404(
        Referral.objects.select_related("job", "referrer__user"), tenant=tenant, consent_token=token
    )


def access_referral_for_recruiter(*, membership: Membership, referral_id: int) -> Referral:
    """A referral of the recruiter's own tenant, or 404."""
    return get_object_or_404(
        Referral.objects.select_related(
            "job", "referrer__user", "applicant__user", "transferred_to__job"
        ),
        tenant=membership.tenant,
        pk=referral_id,
    )


def pipeline_for_job(*, job: Job) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(job=job)
        .select_related("referrer__user", "applicant__user")
        .order_by("-created_at", "-id")
    )


def reminders_due_for(*, owner: Membership) -> QuerySet[Reminder]:
    return (
        Reminder.objects.filter(owner=owner, done_at__isnull=True)
        .select_related("referral__job")
        .order_by("due_on", "id")
    )
