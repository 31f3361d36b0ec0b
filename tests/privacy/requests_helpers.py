"""Shared set-up for the data subject request tests (Y3): one person, Jane, in two tenants."""

import re
from typing import Unpack

from django.core import mail
from django.test import Client

from coopt.accounts.models import Membership
from coopt.jobs.models import Job
from coopt.referrals.models import Referral
from coopt.referrals.self_service_links import self_service_path
from coopt.tenants.models import Tenant

from .. import factories as f
from ..conftest import World
from ..referrals.cv_files import pdf_upload

JANE = "Jane.Doe+jobs@Example.org"
JANE_KEY = "jane.doe@example.org"
PRIVACY_LINK = re.compile(r"https?://[^\s\"<>]+/privacy/[^\s\"<>/]+/")


JANE_AS_REFERRED: f.Person = {
    "first_name": "Jane",
    "last_name": "Doe",
    "email": JANE,
    "phone": "06 12 34 56 78",
    "relationship": "Former colleague at Initech",
    "motivation": "Ships on time, every time",
    "language": "en",
}


def refer_jane(
    world: World,
    job: Job | None = None,
    member: Membership | None = None,
    *,
    confirmed: bool = True,
    **data: Unpack[f.Person],
) -> Referral:
    """Jane, recommended with a CV (and confirmed unless told): the referral as it is now."""
    person: f.Person = {**JANE_AS_REFERRED, **data}
    return f.refer(
        referrer=member or world.member,
        job=job or world.job,
        cv=pdf_upload("Jane CV.pdf"),
        confirmed=confirmed,
        **person,
    )


def page_path(tenant: Tenant, email: str = JANE) -> str:
    return self_service_path(tenant=tenant, email=email)


def anonymous(tenant: Tenant) -> Client:
    return Client(HTTP_HOST=f"{tenant.slug}.localhost")


def privacy_links_in(text: str) -> list[str]:
    return PRIVACY_LINK.findall(text)


def sent_to(address: str) -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if address in message.to]
