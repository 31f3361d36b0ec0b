"""Factories that go through the real services where a service exists."""

import factory
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from coopt.accounts.models import Department, Membership, User
from coopt.jobs.models import Job
from coopt.jobs.services import job_create, job_set_status
from coopt.referrals.services import ReferralData, consent_confirm, referral_submit
from coopt.taxonomy.models import Tag
from coopt.tenants.models import Tenant
from coopt.tenants.services import tenant_create

PASSWORD = "correct horse battery staple"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def make_tenant(slug: str, name: str | None = None, **kwargs: object) -> Tenant:
    return tenant_create(
        name=name or slug.title(), slug=slug, domains=[f"{slug}.localhost"], **kwargs
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    language = "en"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]  # noqa: N805
        if create:
            obj.save()


def make_member(
    tenant: Tenant,
    *,
    email: str | None = None,
    with_totp: bool | None = None,
    onboarded: bool = True,
    **roles: object,
) -> Membership:
    user = UserFactory(**({"email": email} if email else {}))
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
    tenant: Tenant, *, author: User | None = None, published: bool = True, **fields: object
) -> Job:
    fields.setdefault("title", "Sales engineer")
    fields.setdefault("description", "<p>Sell our products.</p>")
    locations = fields.pop("locations", None)
    job = job_create(tenant=tenant, author=author or UserFactory(), locations=locations, **fields)  # type: ignore[arg-type]
    if published:
        job_set_status(job=job, status=Job.Status.PUBLISHED)
    return job


def make_referral(member: Membership, job: Job, *, confirmed: bool = False, **data: str):  # type: ignore[no-untyped-def]
    data.setdefault("first_name", "Jane")
    data.setdefault("last_name", "Doe")
    data.setdefault("email", f"jane.{Membership.objects.count()}.{job.pk}@example.org")
    data.setdefault("relationship", "Former colleague")
    data.setdefault("motivation", "Great at her job")
    referral = referral_submit(member=member, job=job, data=ReferralData(**data))
    if confirmed:
        referral = consent_confirm(referral=referral)
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
