"""Putting a person forward for a job: referral, application, internal mobility (R1, R2, J5, J6)."""

import re
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopt.accounts.models import Membership
from coopt.jobs.models import Job, ShareLink
from coopt.network.rules import network_rules_for
from coopt.notifications.language import reader_language
from coopt.notifications.messages import Deferred
from coopt.notifications.services import (
    email_send_template,
    notification_create_translated,
)
from coopt.tenants.models import Tenant

from ..consent_records import Action, Channel, Kind, consent_record, pool_consent_give
from ..dedup import email_key, phone_key, same_person_in_process
from ..link_tokens import link_token_issue
from ..models import Consent, Document, LinkToken, Referral, Source, Status, StatusChange
from ..retention import retention_policy_for
from ..self_service_links import self_service_url
from .documents import document_attach
from .events import MADE, referral_event


class ReferralRefused(Exception):
    """A rule refused the submission; ``message`` says which, translated."""

    def __init__(self, code: str, message: object) -> None:
        super().__init__(code)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class ReferralData:
    first_name: str
    last_name: str
    email: str
    phone: str = ""
    relationship: str = ""
    motivation: str = ""
    language: str = ""
    # Network mode (R2): where the person works now, as the referrer gives it.
    current_employer: str = ""


@dataclass(frozen=True)
class ApplicationData:
    first_name: str
    last_name: str
    email: str
    phone: str = ""
    motivation: str = ""
    language: str = ""
    # The optional talent-pool checkbox of the form (Y2, Y5).
    pool_consent: bool = False


def _check_job_open(job: Job, tenant_id: int) -> None:
    if job.tenant_id != tenant_id or job.status != Job.Status.PUBLISHED:
        raise ReferralRefused("job_closed", _("This job is no longer open."))


def _flag_in_process(referral: Referral) -> None:
    others = same_person_in_process(
        tenant_id=referral.tenant_id,
        email=referral.email,
        phone=referral.phone,
        first_name=referral.first_name,
        last_name=referral.last_name,
        exclude_pk=referral.pk,
    )
    if others:
        jobs = ", ".join(sorted({other.job.title for other in others}))
        referral.in_process_note = jobs[:300]
        referral.save(update_fields=["in_process_note"])


ONE_PER_JOB_MESSAGE = _(
    "You have already recommended someone for this job: one candidate per member per job, "
    "the one you think best."
)


def one_per_job_refuses(*, member: Membership, job: Job) -> bool:
    """R2 "one candidate per member per job", when the tenant applies it: True when this
    member has recommended someone for this job already (shown before the form, too)."""
    if not network_rules_for(tenant=member.tenant).one_candidate_per_job:
        return False
    return Referral.objects.filter(job=job, referrer=member, source=Source.REFERRAL).exists()


def email_domain(address: str) -> str:
    return address.strip().rpartition("@")[2].lower()


def employer_key(name: str) -> str:
    """A company name compared loosely: case, accents of spacing and punctuation aside."""
    return " ".join(re.sub(r"[^\w]+", " ", name.casefold()).split())


def seems_own_employer(*, member: Membership, email: str, current_employer: str = "") -> bool:
    """R2: the person's e-mail is at the member's employer's domain (``employer_domain``),
    or the employer the referrer gives for them is the referrer's own (``employer_name``)."""
    domain = member.employer_domain.strip().lower().lstrip("@")
    if domain and email_domain(email) == domain:
        return True
    own = employer_key(member.employer_name)
    return bool(own) and employer_key(current_employer) == own


def _create(referral: Referral, duplicate_message: object) -> Referral:
    """Insert under the database rule "one person per job"; a lost race is refused, not a 500."""
    try:
        with transaction.atomic():
            referral.save()
    except IntegrityError as error:
        raise ReferralRefused("duplicate", duplicate_message) from error
    return referral


@transaction.atomic
def referral_submit(
    *, member: Membership, job: Job, data: ReferralData, cv: UploadedFile | None = None
) -> Referral:
    """A member recommends someone for a job.

    Rules (R2): one person per job, and the person belongs to the first member
    who recommended them; nobody refers themself; a person in process for
    another job is flagged to the recruiter; when the tenant applies it (network
    mode by default), one candidate per member per job; someone at the member's own
    employer is marked ``own_employer`` (a hire then pays a charity, R6). The
    referred person is then asked to confirm interest and consent by e-mail (R3).
    """
    _check_job_open(job, member.tenant_id)
    # One member's referrals are checked one at a time (the row lock holds until commit on
    # PostgreSQL): two at once for the same job cannot both pass "one per job".
    Membership.objects.select_for_update().filter(pk=member.pk).first()
    key = email_key(data.email)
    if key == email_key(member.user.email):
        raise ReferralRefused("self", _("You cannot recommend yourself. Apply to the job instead."))
    existing = Referral.objects.filter(job=job, email_key=key).first()
    if existing is None and phone_key(data.phone):
        existing = Referral.objects.filter(
            job=job, phone_key=phone_key(data.phone), personal_data_deleted_at__isnull=True
        ).first()
    if existing is not None:
        if existing.referrer_id == member.pk:
            raise ReferralRefused(
                "already_yours", _("You have already recommended this person for this job.")
            )
        raise ReferralRefused(
            "already_referred",
            _("This person has already been put forward for this job. The first referral counts."),
        )
    if one_per_job_refuses(member=member, job=job):
        raise ReferralRefused("one_per_job", ONE_PER_JOB_MESSAGE)
    now = timezone.now()
    referral = _create(
        Referral(
            tenant_id=member.tenant_id,
            job=job,
            referrer=member,
            own_employer=seems_own_employer(
                member=member, email=data.email, current_employer=data.current_employer
            ),
            source=Source.REFERRAL,
            first_name=data.first_name.strip(),
            last_name=data.last_name.strip(),
            email=data.email.strip(),
            phone=data.phone.strip(),
            email_key=key,
            phone_key=phone_key(data.phone),
            relationship=data.relationship.strip(),
            motivation=data.motivation.strip(),
            current_employer=data.current_employer.strip(),
            language=reader_language(data.language, member.tenant),
            consent=Consent.AWAITING,
            consent_requested_at=now,
        ),
        _("This person has already been put forward for this job. The first referral counts."),
    )
    if cv is not None:
        document_attach(referral=referral, upload=cv, uploaded_by=Document.Uploader.REFERRER)
    StatusChange.objects.create(referral=referral, to_status=Status.RECOMMENDED, author=member.user)
    referral_event(referral=referral, event=MADE)
    _flag_in_process(referral)
    email_send_template(
        tenant=member.tenant,
        to=referral.email,
        name="consent-request",
        context={
            "referral": referral,
            "job": job,
            "referrer": member,
            "consent_path": referral_consent_path(referral),
            "consent_days": consent_days(member.tenant),
            "privacy_url": self_service_url(tenant=member.tenant, email=referral.email),
        },
        language=referral.language,
        subject_ref=f"referral:{referral.pk}",
    )
    return referral


@transaction.atomic
def application_submit(
    *,
    job: Job,
    data: ApplicationData,
    cv: UploadedFile | None = None,
    share_link: ShareLink | None = None,
) -> Referral:
    """Someone applies on the public job page, with their consent given on the form (J5).

    Through a member's tracked link, the application is that member's referral.
    """
    _check_job_open(job, job.tenant_id)
    waiting = Referral.objects.filter(
        job=job, email_key=email_key(data.email), consent=Consent.AWAITING
    ).exists()
    if waiting:
        # Recommended by a member and not confirmed yet: the form cannot prove the
        # e-mail address is theirs, the link in the consent e-mail can.
        raise ReferralRefused(
            "awaiting_consent",
            _(
                "You were already recommended for this job. To go on, confirm your interest "
                "with the link in the e-mail we sent you."
            ),
        )
    referrer = share_link.member if share_link and share_link.member.is_active else None
    if referrer is not None and email_key(referrer.user.email) == email_key(data.email):
        referrer = None  # following your own link is an application, not a referral
    now = timezone.now()
    referral = _create(
        Referral(
            tenant_id=job.tenant_id,
            job=job,
            referrer=referrer,
            source=Source.SHARE_LINK if referrer else Source.APPLICATION,
            first_name=data.first_name.strip(),
            last_name=data.last_name.strip(),
            email=data.email.strip(),
            phone=data.phone.strip(),
            email_key=email_key(data.email),
            phone_key=phone_key(data.phone),
            motivation=data.motivation.strip(),
            language=reader_language(data.language, job.tenant),
            consent=Consent.CONFIRMED,
            consent_requested_at=now,
            consent_answered_at=now,
        ),
        _("You have already applied for this job; the recruiter has your application."),
    )
    consent_record(
        referral=referral, kind=Kind.PROCESSING, action=Action.GIVEN, channel=Channel.PUBLIC_FORM
    )
    if data.pool_consent:
        referral = pool_consent_give(referral=referral, channel=Channel.PUBLIC_FORM)
    if cv is not None:
        document_attach(referral=referral, upload=cv, uploaded_by=Document.Uploader.CANDIDATE)
    StatusChange.objects.create(referral=referral, to_status=Status.RECOMMENDED)
    _flag_in_process(referral)
    email_send_template(
        tenant=job.tenant,
        to=referral.email,
        name="application-received",
        context={
            "referral": referral,
            "job": job,
            "consent_path": referral_consent_path(referral),
            "privacy_url": self_service_url(tenant=job.tenant, email=referral.email),
        },
        language=referral.language,
        subject_ref=f"referral:{referral.pk}",
    )
    if referrer is not None:
        notification_create_translated(
            recipient=referrer,
            message=Deferred(_("Someone applied to “%(job)s” through your link."), job=job.title),
            url="/me/",
            subject_ref=f"referral:{referral.pk}",
        )
    return referral


@transaction.atomic
def mobility_apply(
    *, member: Membership, job: Job, motivation: str, cv: UploadedFile | None = None
) -> Referral:
    """A member applies to a job of their own company (J6)."""
    _check_job_open(job, member.tenant_id)
    user = member.user
    now = timezone.now()
    referral = _create(
        Referral(
            tenant_id=member.tenant_id,
            job=job,
            applicant=member,
            source=Source.MOBILITY,
            first_name=user.first_name,
            last_name=user.last_name,
            email=user.email,
            email_key=email_key(user.email),
            motivation=motivation.strip(),
            language=reader_language(user.language, member),
            consent=Consent.CONFIRMED,
            consent_requested_at=now,
            consent_answered_at=now,
        ),
        _("You have already applied for this job."),
    )
    consent_record(
        referral=referral, kind=Kind.PROCESSING, action=Action.GIVEN, channel=Channel.MEMBER_SPACE
    )
    if cv is not None:
        document_attach(referral=referral, upload=cv, uploaded_by=Document.Uploader.CANDIDATE)
    StatusChange.objects.create(referral=referral, to_status=Status.RECOMMENDED, author=user)
    return referral


def referral_consent_path(referral: Referral) -> str:
    """A new link to the referral's consent page, for the e-mail being written: a random
    token, stored hashed (``link_tokens.py``); it lasts as long as the page takes answers."""
    token = link_token_issue(
        tenant=referral.tenant, purpose=LinkToken.Purpose.CONSENT, referral=referral
    )
    return reverse("referrals:consent", args=[token])


def consent_days(tenant: Tenant) -> int:
    """Days the referred person has to answer: the tenant's retention period (Y2)."""
    return retention_policy_for(tenant=tenant).unconfirmed_days
