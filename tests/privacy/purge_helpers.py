"""Referrals in each data class, built through the real services, on a frozen clock."""

import datetime as dt
import itertools
from collections.abc import Iterator

import pytest
import time_machine

from coopt.accounts.models import Membership
from coopt.jobs.models import Job
from coopt.referrals.models import Document, Referral
from coopt.referrals.services import (
    ReferralData,
    consent_confirm,
    referral_set_status,
    referral_submit,
)

from ..referrals.cv_files import pdf_upload

# Every test starts here, after the fixtures' real "now", so the clock only moves forward.
START = dt.datetime(2027, 3, 10, 9, 0, tzinfo=dt.UTC)
_emails = itertools.count(1)


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def submitted(member: Membership, job: Job, **data: str) -> Referral:
    """A referral awaiting the person's answer, with a CV from the referrer."""
    values = {
        "first_name": "Jane",
        "last_name": "Doe",
        "email": f"jane.{next(_emails)}@example.org",
        "relationship": "Former colleague",
        "motivation": "Great at her job",
    }
    values.update(data)
    return referral_submit(member=member, job=job, data=ReferralData(**values), cv=pdf_upload())


def confirmed(member: Membership, job: Job, *, pool: bool = False, **data: str) -> Referral:
    return consent_confirm(referral=submitted(member, job, **data), pool_consent=pool)


def closed(
    member: Membership, job: Job, status: str, author: Membership, *, pool: bool = False
) -> Referral:
    """A confirmed referral moved to ``status`` (hired or not retained) now."""
    referral = confirmed(member, job, pool=pool)
    return referral_set_status(referral=referral, status=status, author=author.user)


def is_erased(referral: Referral) -> bool:
    referral.refresh_from_db()
    return referral.personal_data_deleted_at is not None


def cv_path(referral: Referral) -> str:
    return Document.objects.get(referral=referral).file.path
