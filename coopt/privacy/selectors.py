"""Reads for data subject requests (Y3) and retention (Y2): what is held about a person,
the admin's lists, the purge reports.

The admin's pages reach one object through ``access_<noun>(member, <noun>_id)``; the
person's own pages through ``access_person(tenant, token)``, the token of their link.
"""

from dataclasses import dataclass, field

from django.db.models import Case, F, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from coopt.accounts.models import Membership
from coopt.referrals.models import ConsentRecord, Note, Referral, Reminder, StatusChange
from coopt.referrals.self_service_links import InvalidLink, person_key_from_token
from coopt.tenants.models import Tenant

from .models import PurgeRun, SubjectRequest


@dataclass
class PersonData:
    """Everything held about one person (their e-mail key) in one tenant."""

    tenant: Tenant
    key: str
    referrals: list[Referral] = field(default_factory=list)
    consents: list[ConsentRecord] = field(default_factory=list)
    requests: list[SubjectRequest] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """Nothing personal left: requests alone are the person's own correspondence."""
        return not self.referrals and not self.consents

    @property
    def latest(self) -> Referral | None:
        return self.referrals[0] if self.referrals else None

    @property
    def language(self) -> str:
        """The language the person was written to in, most recent first; empty if unknown."""
        return self.latest.language if self.latest else ""


def person_referrals(*, tenant: Tenant, key: str) -> QuerySet[Referral]:
    """The person's referrals and applications in this tenant that still hold their data."""
    return (
        Referral.objects.filter(tenant=tenant, email_key=key, personal_data_deleted_at__isnull=True)
        .select_related("job", "referrer__user", "applicant__user", "transferred_to")
        .prefetch_related(
            "documents",
            Prefetch("history", queryset=StatusChange.objects.order_by("created_at", "id")),
            Prefetch("notes", queryset=Note.objects.order_by("created_at", "id")),
            Prefetch("reminders", queryset=Reminder.objects.order_by("due_on", "id")),
        )
        .order_by("-created_at", "-id")
    )


def person_data(*, tenant: Tenant, key: str) -> PersonData:
    return PersonData(
        tenant=tenant,
        key=key,
        referrals=list(person_referrals(tenant=tenant, key=key)),
        consents=list(
            ConsentRecord.objects.filter(tenant=tenant, email_key=key).order_by("created_at", "id")
        ),
        requests=list(
            SubjectRequest.objects.filter(tenant=tenant, email_key=key).order_by(
                "received_at", "id"
            )
        ),
    )


def subject_requests_for_admin(
    *, tenant: Tenant, state: str = "", kind: str = ""
) -> QuerySet[SubjectRequest]:
    """The tenant's requests, open ones first by due date, then the answered ones."""
    requests = SubjectRequest.objects.filter(tenant=tenant).select_related("handled_by")
    if state in SubjectRequest.State.values:
        requests = requests.filter(state=state)
    if kind in SubjectRequest.Kind.values:
        requests = requests.filter(kind=kind)
    is_open = Q(state=SubjectRequest.State.RECEIVED)
    return requests.order_by(
        Case(When(is_open, then=Value(0)), default=Value(1)),
        Case(When(is_open, then=F("due_at"))),
        "-received_at",
        "-id",
    )


def subject_requests_open_counts(*, tenant: Tenant) -> dict[str, int]:
    open_requests = SubjectRequest.objects.filter(
        tenant=tenant, state=SubjectRequest.State.RECEIVED
    )
    return {
        "open": open_requests.count(),
        "overdue": open_requests.filter(due_at__lt=timezone.now()).count(),
    }


class RefusedLink(Http404):
    """A self-service link that opens nothing here: unknown, tampered with, another
    tenant's (a 404), or expired; the page says which (``expired``)."""

    def __init__(self, *, expired: bool) -> None:
        super().__init__("expired" if expired else "unknown")
        self.expired = expired


def access_person(tenant: Tenant, token: str) -> PersonData:
    """What is held about the person a self-service link was made for, or ``RefusedLink``
    (a 404): an unknown, tampered, expired or other tenant's link, or one whose person was
    erased. A genuine link with nothing left behind it is an empty ``PersonData``."""
    try:
        key = person_key_from_token(tenant=tenant, token=token)
    except InvalidLink as invalid:
        raise RefusedLink(expired=invalid.expired) from invalid
    return person_data(tenant=tenant, key=key)


def access_subject_request(member: Membership, request_id: int) -> SubjectRequest:
    """A request of the member's tenant, or 404: admins answer them, nobody else reaches one."""
    if not member.is_admin:
        raise Http404
    return get_object_or_404(SubjectRequest, tenant_id=member.tenant_id, pk=request_id)


def purge_runs_of(*, tenant: Tenant) -> QuerySet[PurgeRun]:
    return PurgeRun.objects.filter(tenant=tenant).order_by("-started_at", "-id")


def access_purge_run(member: Membership, run_id: int) -> PurgeRun:
    """A purge report of the member's tenant, or 404: for admins only, as retention is."""
    if not member.is_admin:
        raise Http404
    return get_object_or_404(PurgeRun, tenant_id=member.tenant_id, pk=run_id)
