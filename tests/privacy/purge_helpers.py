"""Referrals in each data class, built through the real services, on a frozen clock."""

import datetime as dt
from collections.abc import Iterator
from typing import Unpack

import pytest
import time_machine

from coopt.accounts.models import Membership
from coopt.jobs.models import Job
from coopt.referrals.models import Document, Referral

from .. import factories as f
from ..referrals.cv_files import pdf_upload

# Every test starts here, after the fixtures' real "now", so the clock only moves forward.
START = dt.datetime(2027, 3, 10, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def submitted(member: Membership, job: Job, **person: Unpack[f.Person]) -> Referral:
    """A referral awaiting the person's answer, with a CV from the referrer."""
    return f.refer(referrer=member, job=job, cv=pdf_upload(), **person)


def confirmed(
    member: Membership, job: Job, *, pool: bool = False, **person: Unpack[f.Person]
) -> Referral:
    return f.refer(
        referrer=member, job=job, cv=pdf_upload(), confirmed=True, pool_consent=pool, **person
    )


def closed(
    member: Membership, job: Job, status: str, author: Membership, *, pool: bool = False
) -> Referral:
    """A confirmed referral moved to ``status`` (hired or not retained) now."""
    return f.refer(
        referrer=member,
        job=job,
        cv=pdf_upload(),
        confirmed=True,
        pool_consent=pool,
        status=status,
        author=author.user,
    )


def is_erased(referral: Referral) -> bool:
    referral.refresh_from_db()
    return referral.personal_data_deleted_at is not None


def cv_path(referral: Referral) -> str:
    return Document.objects.get(referral=referral).file.path
