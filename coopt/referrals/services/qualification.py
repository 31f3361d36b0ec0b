"""The network operator's qualification of referred people (N3).

In network mode every referral lands first in the operator's queue. Once the person has
confirmed their interest, a qualifier of the operator calls them, records notes and a
structured assessment, then either forwards them to the client company with a summary the
client reads, or declines them with a reason: the candidate and the referrer are told in
their language. Until the referral is forwarded the client's recruiters cannot reach it
(``selectors.referrals_in_reach``).
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopt.accounts.models import Membership, User
from coopt.accounts.pseudonyms import referrer_number_ensure
from coopt.audit.actors import Actor
from coopt.audit.services import Action, audit_record
from coopt.notifications.language import reader_language
from coopt.notifications.messages import Deferred
from coopt.notifications.services import email_send_template, notification_create_translated
from coopt.tenants.models import Tenant

from ..models import Qualification, Referral, Status
from ..self_service_links import self_service_url
from .events import referral_event
from .pipeline import PipelineError, referral_set_status

FORWARDED = "forwarded"


def is_qualified_by_operator(referral: Referral) -> bool:
    """Whether the referral goes through the operator's qualification: network mode."""
    return referral.tenant.mode == Tenant.Mode.NETWORK


def qualifier_choices(*, tenant: Tenant) -> list[Membership]:
    """Who may qualify: the operator's own recruiters and admins, active."""
    return list(
        Membership.objects.filter(tenant=tenant, is_active=True, client__isnull=True)
        .filter(Q(is_recruiter=True) | Q(is_admin=True))
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "pk")
    )


def qualification_of(referral: Referral) -> Qualification:
    """The referral's qualification, created empty the first time."""
    qualification, _created = Qualification.objects.get_or_create(
        referral=referral, defaults={"tenant_id": referral.tenant_id}
    )
    return qualification


def _check_open(referral: Referral) -> None:
    if not is_qualified_by_operator(referral):
        raise PipelineError(_("Only a network's referrals are qualified by the operator."))
    if not referral.is_visible_to_recruiter:
        raise PipelineError(_("This person has not confirmed their interest yet."))
    if referral.forwarded_at is not None:
        raise PipelineError(_("This candidate was already forwarded to the client."))
    if referral.status not in (Status.RECOMMENDED, Status.CONTACTED, Status.MET):
        raise PipelineError(_("This referral is closed: there is nothing left to qualify."))


def _locked(referral: Referral) -> Referral:
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("job__client", "tenant", "referrer__user", "referrer__tenant")
        .get(pk=referral.pk)
    )


@transaction.atomic
def qualification_assign(
    *, referral: Referral, qualifier: Membership | None, author: User
) -> Qualification:
    """Give the referral to a qualifier of the operator, or to nobody."""
    if qualifier is not None and (
        qualifier.tenant_id != referral.tenant_id
        or qualifier.client_id is not None
        or not qualifier.is_staff_role
    ):
        raise PipelineError(_("Choose one of the operator's recruiters."))
    qualification = qualification_of(referral)
    qualification.assigned_to = qualifier
    qualification.updated_by = author
    qualification.save(update_fields=["assigned_to", "updated_by", "updated_at"])
    return qualification


@dataclass(frozen=True)
class Assessment:
    fit: int | None
    motivation: int | None
    availability: str
    salary_expectation: str
    notes: str
    # R2: the qualifier found the person works at the referrer's employer.
    own_employer: bool = False


@transaction.atomic
def qualification_save(
    *, referral: Referral, assessment: Assessment, author: User
) -> Qualification:
    """Record the call's notes and the assessment; they may change until the decision."""
    referral = _locked(referral)
    _check_open(referral)
    qualification = qualification_of(referral)
    for name in ("fit", "motivation", "availability", "salary_expectation", "notes"):
        setattr(qualification, name, getattr(assessment, name))
    qualification.updated_by = author
    qualification.save()
    if referral.own_employer != assessment.own_employer:
        referral.own_employer = assessment.own_employer
        referral.save(update_fields=["own_employer", "updated_at"])
    return qualification


@transaction.atomic
def referral_forward(*, referral: Referral, summary: str, actor: Actor, author: User) -> Referral:
    """Send the candidate on to the client company with ``summary``; the client's
    recruiters are told (the referrer by pseudonym only), the referrer is told, and the
    forwarding earns the referrer their points (G1)."""
    referral = _locked(referral)
    _check_open(referral)
    if not summary.strip():
        raise PipelineError(_("Write the summary the client will read."))
    now = timezone.now()
    qualification = qualification_of(referral)
    qualification.summary = summary.strip()
    qualification.decision = Qualification.Decision.FORWARDED
    qualification.decided_by = author
    qualification.decided_at = now
    qualification.save()
    referral.forwarded_at = now
    referral.save(update_fields=["forwarded_at", "updated_at"])
    if referral.referrer is not None:
        referrer_number_ensure(member=referral.referrer)
    referral_event(referral=referral, event=FORWARDED)
    audit_record(
        actor=actor,
        tenant_id=referral.tenant_id,
        action=Action.CANDIDATE_FORWARDED,
        target=f"referral:{referral.pk}",
    )
    _tell_client(referral)
    _tell_referrer(
        referral,
        Deferred(
            _("%(name)s was forwarded to the company for “%(job)s”."),
            name=referral.first_name,
            job=referral.job.title,
        ),
    )
    return referral


def _tell_client(referral: Referral) -> None:
    """The client company's recruiters: a notification and an e-mail, naming no referrer."""
    job = referral.job
    if job.client_id is None:
        return
    recipients = Membership.objects.filter(
        tenant_id=referral.tenant_id, client_id=job.client_id, is_active=True, is_recruiter=True
    ).select_related("user", "tenant")
    url = referral.get_absolute_url()
    for recipient in recipients:
        notification_create_translated(
            recipient=recipient,
            message=Deferred(_("A candidate was forwarded to you for “%(job)s”."), job=job.title),
            url=url,
            subject_ref=f"referral:{referral.pk}",
        )
        email_send_template(
            tenant=referral.tenant,
            to=recipient.user.email,
            name="candidate-forwarded",
            context={"referral": referral, "job": job, "candidate_path": url},
            language=reader_language(recipient.user.language, recipient),
            subject_ref=f"referral:{referral.pk}",
        )


def _tell_referrer(referral: Referral, message: Deferred) -> None:
    referrer = referral.referrer
    if referrer is None or not referrer.is_active:
        return
    notification_create_translated(
        recipient=referrer, message=message, url="/me/", subject_ref=f"referral:{referral.pk}"
    )


@transaction.atomic
def referral_decline(
    *, referral: Referral, reason: str, message: str, actor: Actor, author: User
) -> Referral:
    """Close the referral at qualification: not retained, with ``reason`` (a
    ``Qualification.DeclineReason``) and the qualifier's own ``message``, e-mailed to the
    candidate and to the referrer in their language."""
    referral = _locked(referral)
    _check_open(referral)
    if reason not in Qualification.DeclineReason.values:
        raise PipelineError(_("Choose the reason."))
    qualification = qualification_of(referral)
    qualification.decision = Qualification.Decision.DECLINED
    qualification.decline_reason = reason
    qualification.decided_by = author
    qualification.decided_at = timezone.now()
    qualification.save()
    label = Qualification.DeclineReason(reason).label
    referral = referral_set_status(
        referral=referral,
        status=Status.NOT_RETAINED,
        author=author,
        comment=str(label)[:300],
        tell=False,
    )
    audit_record(
        actor=actor,
        tenant_id=referral.tenant_id,
        action=Action.CANDIDATE_DECLINED,
        target=f"referral:{referral.pk}",
        details={"reason": reason},
    )
    ref = f"referral:{referral.pk}"
    context = {"referral": referral, "job": referral.job, "reason": label, "message": message}
    email_send_template(
        tenant=referral.tenant,
        to=referral.email,
        name="qualification-declined-candidate",
        context={
            **context,
            "privacy_url": self_service_url(tenant=referral.tenant, email=referral.email),
        },
        language=referral.language,
        subject_ref=ref,
    )
    referrer = referral.referrer
    if referrer is not None and referrer.is_active:
        email_send_template(
            tenant=referral.tenant,
            to=referrer.user.email,
            name="qualification-declined-referrer",
            context=context,
            language=reader_language(referrer.user.language, referrer),
            subject_ref=ref,
        )
        _tell_referrer(
            referral,
            Deferred(
                _("%(name)s, “%(job)s”: not forwarded to the company."),
                name=referral.first_name,
                job=referral.job.title,
            ),
        )
    return referral
