"""Job-ad credits (W3, item 9): a balance per member, earned by a reward paid as credits
and spent, one credit a job, to post a job for the member's own company.

Every change is a ``CreditMovement``; the balance on ``CreditAccount`` moves in the same
transaction, under a lock on the account, and the database refuses a negative balance.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext_lazy as _

from coopt.accounts.models import Membership, User
from coopt.audit.actors import Actor
from coopt.audit.models import AuditEvent
from coopt.audit.services import audit_record
from coopt.clients.models import ClientCompany
from coopt.clients.services import client_save
from coopt.jobs.models import Job
from coopt.jobs.services import job_create
from coopt.notifications.messages import Deferred
from coopt.notifications.services import notification_create_translated
from coopt.taxonomy.models import Tag
from coopt.tenants.models import Tenant

from ..models import Choice, CreditAccount, CreditMovement, JobPostRequest, Reward, State
from ..selectors import approved_clients_of
from .ledger import RewardError

Request = JobPostRequest


@dataclass(frozen=True)
class JobPostData:
    """What the member fills in: their company (when not approved yet) and the job."""

    title: str
    description: str
    location: str
    company_name: str = ""
    company_website: str = ""
    contact_name: str = ""
    contact_email: str = ""
    client: ClientCompany | None = None  # a company of theirs the operator approved before


def _account(member: Membership) -> CreditAccount:
    """The member's account, locked for this transaction (created at zero the first time)."""
    account, _created = CreditAccount.objects.get_or_create(
        member=member, defaults={"tenant_id": member.tenant_id}
    )
    return CreditAccount.objects.select_for_update().get(pk=account.pk)


@transaction.atomic
def credits_earn_for_reward(*, reward: Reward, author: User | None = None) -> CreditMovement:
    """A reward paid as job-ad credits adds its credits to the member's balance, once."""
    existing = CreditMovement.objects.filter(reward=reward).first()
    if existing is not None:
        return existing
    if reward.choice != Choice.CREDITS or reward.state != State.PAID:
        raise RewardError(_("Only a reward paid as job-ad credits adds credits."))
    account = _account(reward.member)
    account.balance = F("balance") + reward.credits
    account.save(update_fields=["balance", "updated_at"])
    return CreditMovement.objects.create(
        account=account,
        delta=reward.credits,
        reason=CreditMovement.Reason.EARNED,
        reward=reward,
        author=author,
    )


def _spend_one(*, member: Membership, job_post: JobPostRequest, author: User | None) -> None:
    account = _account(member)
    if account.balance < 1:
        raise RewardError(_("No job-ad credit is left on this member's balance."))
    account.balance = F("balance") - 1
    account.save(update_fields=["balance", "updated_at"])
    CreditMovement.objects.create(
        account=account,
        delta=-1,
        reason=CreditMovement.Reason.SPENT,
        job_post=job_post,
        author=author,
    )


def _location_tags(tenant_id: int, text: str) -> list[Tag]:
    return list(
        Tag.objects.filter(tenant_id=tenant_id, kind=Tag.Kind.LOCATION, name__iexact=text.strip())[
            :1
        ]
    )


def _create_job(job_post: JobPostRequest, *, client: ClientCompany, author: User | None) -> Job:
    """The job as a draft for the client company: the operator reviews and publishes it.
    The member's text is plain: it is escaped, and a location the network does not list
    stays in the description for the operator to set."""
    locations = _location_tags(job_post.tenant_id, job_post.location)
    description = linebreaks(escape(job_post.description))
    if not locations:
        description = f"<p>{escape(job_post.location)}</p>" + description
    return job_create(
        tenant=client.tenant,
        author=author or job_post.member.user,
        locations=locations,
        client=client,
        title=job_post.title,
        description=description,
    )


def _approve(job_post: JobPostRequest, *, client: ClientCompany, author: User | None) -> None:
    _spend_one(member=job_post.member, job_post=job_post, author=author)
    job_post.client = client
    job_post.job = _create_job(job_post, client=client, author=author)
    job_post.state = JobPostRequest.State.APPROVED
    job_post.decided_by = author
    job_post.decided_at = timezone.now()
    job_post.save()


@transaction.atomic
def job_post_request_submit(*, member: Membership, data: JobPostData) -> JobPostRequest:
    """A member asks to post a job for their own company.

    For a company the operator approved for them before, the job is created at once (a
    draft the operator publishes) and one credit spent. Otherwise the request waits for
    the operator. A member cannot ask for more jobs than they have credits.
    """
    if member.tenant.mode != Tenant.Mode.NETWORK:
        raise RewardError(_("Job ads are posted this way only in a network."))
    account = _account(member)
    waiting = JobPostRequest.objects.filter(
        member=member, state=JobPostRequest.State.PENDING
    ).count()
    if account.balance - waiting < 1:
        raise RewardError(_("You have no job-ad credit left for another job."))
    client = data.client
    if client is not None and client.pk not in {c.pk for c in approved_clients_of(member)}:
        raise RewardError(_("Choose one of your companies."))
    job_post = JobPostRequest.objects.create(
        tenant_id=member.tenant_id,
        member=member,
        company_name=client.name if client is not None else data.company_name,
        company_website=data.company_website,
        contact_name=data.contact_name,
        contact_email=data.contact_email,
        client=client,
        title=data.title,
        description=data.description,
        location=data.location,
    )
    if client is not None:
        _approve(job_post, client=client, author=None)
        _tell_operator(
            job_post,
            Deferred(
                _("A member posted “%(job)s” for %(company)s: the draft is ready to publish."),
                job=job_post.title,
                company=job_post.company_name,
            ),
        )
    else:
        _tell_operator(
            job_post,
            Deferred(
                _("A member asks to post “%(job)s” for their company %(company)s."),
                job=job_post.title,
                company=job_post.company_name,
            ),
        )
    return job_post


def _tell_operator(job_post: JobPostRequest, message: Deferred) -> None:
    """The network's admins who work for the operator, each in their language."""
    admins = Membership.objects.filter(
        tenant_id=job_post.tenant_id, is_admin=True, is_active=True, client__isnull=True
    ).select_related("user", "tenant")
    for admin in admins:
        notification_create_translated(
            recipient=admin,
            message=message,
            url=reverse("rewards:job_posts"),
            subject_ref=f"jobpost:{job_post.pk}",
        )


def _locked_pending(job_post: JobPostRequest) -> JobPostRequest:
    found = (
        JobPostRequest.objects.select_for_update(of=("self",))
        .select_related("member__user", "member__tenant", "tenant")
        .get(pk=job_post.pk)
    )
    if found.state != JobPostRequest.State.PENDING:
        raise RewardError(_("This request was already decided."))
    return found


def _tell(job_post: JobPostRequest, message: Deferred) -> None:
    if job_post.member.is_active:
        notification_create_translated(
            recipient=job_post.member,
            message=message,
            url=reverse("rewards:mine"),
            subject_ref=f"jobpost:{job_post.pk}",
        )


@transaction.atomic
def job_post_request_approve(*, job_post: JobPostRequest, actor: Actor) -> JobPostRequest:
    """The operator approves the member's company: it becomes a client company, the job a
    draft for it, and one of the member's credits is spent. Audited."""
    job_post = _locked_pending(job_post)
    tenant = job_post.tenant
    if ClientCompany.objects.filter(tenant=tenant, name__iexact=job_post.company_name).exists():
        raise RewardError(
            _(
                "A client company named %(name)s exists already: decline this request and "
                "ask the member to contact you."
            )
            % {"name": job_post.company_name}
        )
    client = client_save(
        tenant=tenant,
        actor=actor,
        name=job_post.company_name,
        contact_name=job_post.contact_name,
        contact_email=job_post.contact_email,
    )
    author = User.objects.filter(pk=actor.user_id).first() if actor.user_id else None
    _approve(job_post, client=client, author=author)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.JOB_POST_APPROVED,
        target=f"jobpost:{job_post.pk}",
        details={"client": client.pk, "job": job_post.job_id},
        tenant_id=tenant.pk,
    )
    _tell(
        job_post,
        Deferred(
            _(
                "Your company %(company)s is approved and your job “%(job)s” is ready: the "
                "team publishes it shortly. One job-ad credit was used."
            ),
            company=job_post.company_name,
            job=job_post.title,
        ),
    )
    return job_post


@transaction.atomic
def job_post_request_decline(
    *, job_post: JobPostRequest, actor: Actor, reason: str
) -> JobPostRequest:
    """The operator declines, saying why; no credit is spent. Audited; the member is told
    the reason in their language."""
    reason = reason.strip()
    if not reason:
        raise RewardError(_("Say why the request is declined."))
    job_post = _locked_pending(job_post)
    author = User.objects.filter(pk=actor.user_id).first() if actor.user_id else None
    job_post.state = JobPostRequest.State.DECLINED
    job_post.decline_reason = reason[:300]
    job_post.decided_by = author
    job_post.decided_at = timezone.now()
    job_post.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.JOB_POST_DECLINED,
        target=f"jobpost:{job_post.pk}",
        tenant_id=job_post.tenant_id,
    )
    _tell(
        job_post,
        Deferred(
            _(
                "Your request to post “%(job)s” for %(company)s was declined: %(reason)s. "
                "No credit was used."
            ),
            job=job_post.title,
            company=job_post.company_name,
            reason=job_post.decline_reason,
        ),
    )
    return job_post
