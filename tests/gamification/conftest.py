"""Helpers for the gamification tests: referral events driven through the real services."""

import itertools

import pytest
from django.db import connection

from coopt.accounts.models import Membership
from coopt.jobs.models import Job
from coopt.referrals.models import Referral
from coopt.referrals.services import consent_confirm, referral_set_status

from .. import factories as f


@pytest.fixture(autouse=True)
def _postgres_marker_skips_elsewhere(request: pytest.FixtureRequest) -> None:
    """Tests marked ``postgres`` run on PostgreSQL only (races hide on SQLite)."""
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write, so races never show")


_people = itertools.count(1)


def refer(member: Membership, job: Job, *, to: str = "made", author=None) -> Referral:  # type: ignore[no-untyped-def]
    """A referral by ``member`` taken as far as ``to``: made, confirmed, met or hired."""
    referral = f.make_referral(member, job, email=f"person{next(_people)}@example.org")
    if to == "made":
        return referral
    referral = consent_confirm(referral=referral)
    if to == "confirmed":
        return referral
    author = author or f.make_member(job.tenant, is_recruiter=True).user
    referral = referral_set_status(referral=referral, status="met", author=author)
    if to == "met":
        return referral
    return referral_set_status(referral=referral, status="hired", author=author)
