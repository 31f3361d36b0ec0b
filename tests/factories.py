"""Factories that go through the real services where a service exists."""

import itertools
from collections.abc import Sequence
from typing import Any, TypedDict

import factory
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.files.uploadedfile import UploadedFile

from coopt.accounts.models import Department, Membership, User
from coopt.jobs.models import Job
from coopt.jobs.services import job_create, job_set_status
from coopt.referrals.models import Referral, Status
from coopt.referrals.services import (
    ReferralData,
    consent_confirm,
    referral_set_status,
    referral_submit,
)
from coopt.referrals.services.submit import referral_consent_path
from coopt.taxonomy.models import Tag
from coopt.tenants.models import Tenant
from coopt.tenants.services import tenant_create

PASSWORD = "correct horse battery staple"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def make_tenant(slug: str, name: str | None = None, **kwargs: object) -> Tenant:
    return tenant_create(
        name=name or slug.title(), slug=slug, domains=[f"{slug}.localhost"], **kwargs
    )


class UserFactory(factory.django.DjangoModelFactory[User]):
    """Call ``UserFactory.create()``: calling the class itself is untyped in factory_boy."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    language = "en"
    # Hashed before the single INSERT, so no second save after generation.
    password = factory.django.Password(PASSWORD)


def make_member(
    tenant: Tenant,
    *,
    email: str | None = None,
    with_totp: bool | None = None,
    onboarded: bool = True,
    **roles: object,
) -> Membership:
    user = UserFactory.create(**({"email": email} if email else {}))
    membership = Membership.objects.create(tenant=tenant, user=user, **roles)
    if onboarded:
        from django.utils import timezone

        membership.onboarded_at = timezone.now()
        membership.save(update_fields=["onboarded_at"])
    if with_totp or (with_totp is None and membership.is_staff_role):
        TOTP.activate(user, TOTP_SECRET)
    return membership


def make_tag(tenant: Tenant, name: str, kind: str = Tag.Kind.LOCATION) -> Tag:
    return Tag.objects.get_or_create(tenant=tenant, kind=kind, name=name)[0]


def make_department(tenant: Tenant, name: str) -> Department:
    return Department.objects.get_or_create(tenant=tenant, name=name)[0]


def make_job(
    tenant: Tenant,
    *,
    author: User | None = None,
    published: bool = True,
    locations: list[Tag] | None = None,
    **fields: Any,
) -> Job:
    fields.setdefault("title", "Sales engineer")
    fields.setdefault("description", "<p>Sell our products.</p>")
    job = job_create(
        tenant=tenant,
        author=author or UserFactory.create(),
        locations=locations,
        **fields,
    )
    if published:
        job_set_status(job=job, status=Job.Status.PUBLISHED)
    return job


class Person(TypedDict, total=False):
    """What a referrer writes about the person (``ReferralData``), for ``refer(**person)``."""

    first_name: str
    last_name: str
    email: str
    phone: str
    relationship: str
    motivation: str
    language: str


_referred = itertools.count(1)


def refer(
    *,
    referrer: Membership | None = None,
    job: Job | None = None,
    first_name: str = "Jane",
    last_name: str = "Doe",
    email: str | None = None,
    phone: str = "",
    relationship: str = "Former colleague",
    motivation: str = "Great at her job",
    language: str = "",
    cv: UploadedFile | None = None,
    confirmed: bool = False,
    pool_consent: bool = False,
    status: str = Status.RECOMMENDED,
    via: Sequence[str] = (),
    author: User | None = None,
) -> Referral:
    """A referral made as a member makes one (``referral_submit``) and taken further by the
    real services: confirmed by the person when ``confirmed`` (or ``pool_consent``), then
    moved through the statuses ``via`` to ``status`` by ``author``.

    ``referrer`` defaults to a new member of the job's tenant, ``job`` to a new published
    job of the referrer's tenant, ``author`` to a new recruiter. Moving past "recommended"
    needs the person's consent, so it is given first.

    The default e-mail is new at each call, so two referrals made with the defaults are two
    people for the one-person-per-job rule; give the same ``email`` (or ``phone``) to test
    that rule. The default name is always Jane Doe: on another job, the name rule flags her
    as already in process.
    """
    if referrer is None and job is None:
        raise TypeError("refer() needs a referrer, a job or both")
    if job is None:
        assert referrer is not None
        job = make_job(referrer.tenant)
    if referrer is None:
        referrer = make_member(job.tenant)
    data = ReferralData(
        first_name=first_name,
        last_name=last_name,
        email=email if email is not None else f"jane.doe.{next(_referred)}@example.org",
        phone=phone,
        relationship=relationship,
        motivation=motivation,
        language=language,
    )
    referral = referral_submit(member=referrer, job=job, data=data, cv=cv)
    moves = [step for step in [*via, status] if step != Status.RECOMMENDED]
    if confirmed or pool_consent or moves:
        referral = consent_confirm(referral=referral, pool_consent=pool_consent)
    if moves:
        author = author or make_member(job.tenant, is_recruiter=True).user
        for step in moves:
            referral = referral_set_status(referral=referral, status=step, author=author)
    return referral


def totp_code(secret: str = TOTP_SECRET) -> str:
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


__all__ = ["Authenticator", "PASSWORD"]


def leaderboard_opt_in(member: Membership, shown: bool = True) -> Membership:
    """The member ticks "Show my name on leaderboards and contests" in their preferences."""
    Membership.objects.filter(pk=member.pk).update(leaderboard_name_shown=shown)
    member.leaderboard_name_shown = shown
    return member


def consent_path(referral: Referral) -> str:
    """A link to the referral's consent page, as a new e-mail to the person would carry."""
    return referral_consent_path(referral)


def forward(referral: Referral, *, by: Membership, summary: str = "Strong fit.") -> Referral:
    """The network operator's ``by`` forwards the confirmed referral to its client (N3)."""
    from coopt.audit.actors import Actor
    from coopt.referrals.services.qualification import referral_forward

    return referral_forward(
        referral=referral, summary=summary, actor=Actor.member(by), author=by.user
    )
