"""Shared set-up for the data subject request tests (Y3): one person, Jane, in two tenants."""

import re

from django.core import mail
from django.test import Client

from coopt.privacy.links import self_service_path
from coopt.referrals.models import Referral
from coopt.referrals.services import ReferralData, consent_confirm, referral_submit
from coopt.tenants.models import Tenant

from ..referrals.cv_files import pdf_upload

JANE = "Jane.Doe+jobs@Example.org"
JANE_KEY = "jane.doe@example.org"
PRIVACY_LINK = re.compile(r"https?://[^\s\"<>]+/privacy/[^\s\"<>/]+/")


def refer_jane(world, job=None, member=None, *, confirmed: bool = True, **data: str) -> Referral:  # type: ignore[no-untyped-def]
    """Jane, recommended with a CV (and confirmed unless told): the referral as it is now."""
    fields = {
        "first_name": "Jane",
        "last_name": "Doe",
        "email": JANE,
        "phone": "06 12 34 56 78",
        "relationship": "Former colleague at Initech",
        "motivation": "Ships on time, every time",
        "language": "en",
        **data,
    }
    referral = referral_submit(
        member=member or world.member,
        job=job or world.job,
        cv=pdf_upload("Jane CV.pdf"),
        data=ReferralData(**fields),
    )
    if confirmed:
        referral = consent_confirm(referral=referral)
    return referral


def page_path(tenant: Tenant, email: str = JANE) -> str:
    return self_service_path(tenant=tenant, email=email)


def anonymous(tenant: Tenant) -> Client:
    return Client(HTTP_HOST=f"{tenant.slug}.localhost")


def privacy_links_in(text: str) -> list[str]:
    return PRIVACY_LINK.findall(text)


def sent_to(address: str) -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if address in message.to]
