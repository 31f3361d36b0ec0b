"""Where the person's consent stands (R3): each filter of ``ReferralQuerySet`` picks the
referrals whose property of the same name is true, over every state a referral reaches."""

import pytest
from django.db.models import Count

from coopt.audit.actors import Actor
from coopt.jobs.models import Job
from coopt.privacy.requests import person_erase
from coopt.referrals.dedup import email_key
from coopt.referrals.models import (
    Consent,
    Referral,
    consent_closed_q,
    consent_open_q,
    visible_to_recruiter_q,
)
from coopt.referrals.services import (
    consent_decline,
    referral_erase_personal_data,
    referral_set_status,
)

from .. import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def referrals(world) -> dict[str, Referral]:
    """One referral of the job in each state, made through the services."""

    def refer(name: str, *, confirmed: bool = False) -> Referral:
        return f.refer(
            referrer=world.member, job=world.job, confirmed=confirmed, email=f"{name}@example.org"
        )

    made = {
        "awaiting": refer("awaiting"),
        "confirmed": refer("confirmed", confirmed=True),
        "hired": refer("hired", confirmed=True),
        "declined": consent_decline(referral=refer("declined")),
        "declined_after_confirming": consent_decline(referral=refer("withdrawn", confirmed=True)),
        "erased_when_confirmed": referral_erase_personal_data(
            referral=refer("erased", confirmed=True)
        ),
    }
    referral_set_status(referral=made["hired"], status="hired", author=world.recruiter.user)
    # No answer in time: the purge marks it, then erases it; a leftover still holds data.
    expired = refer("expired")
    Referral.objects.filter(pk=expired.pk).update(consent=Consent.EXPIRED)
    made["expired"] = referral_erase_personal_data(referral=expired)
    leftover = refer("leftover")
    Referral.objects.filter(pk=leftover.pk).update(consent=Consent.EXPIRED)
    made["expired_with_data"] = leftover
    # The person erased their data from their own page before answering.
    refer("erased-early")
    person_erase(tenant=world.acme, key=email_key("erased-early@example.org"), actor=Actor.system())
    made["erased_before_answering"] = Referral.objects.get(
        job=world.job, consent=Consent.AWAITING, personal_data_deleted_at__isnull=False
    )
    for referral in made.values():
        referral.refresh_from_db()
    return made


def pks(referrals) -> set[int]:
    return {referral.pk for referral in referrals}


def test_the_set_up_covers_every_consent_and_erasure(referrals):
    assert {r.consent for r in referrals.values()} == set(Consent.values)
    erased = {name for name, r in referrals.items() if r.personal_data_deleted_at is not None}
    assert erased == {
        "declined",
        "declined_after_confirming",
        "erased_when_confirmed",
        "expired",
        "erased_before_answering",
    }


def test_consent_closed_is_declined_expired_or_erased(referrals):
    closed = {name for name, r in referrals.items() if r.consent_closed}
    assert closed == {
        "declined",
        "declined_after_confirming",
        "erased_when_confirmed",
        "expired",
        "expired_with_data",
        "erased_before_answering",
    }


def test_each_filter_is_its_property(world, referrals):
    every = list(referrals.values())
    job_referrals = Referral.objects.filter(job=world.job)
    assert pks(job_referrals.consent_closed()) == pks(r for r in every if r.consent_closed)
    assert pks(job_referrals.consent_open()) == pks(r for r in every if not r.consent_closed)
    assert pks(job_referrals.visible_to_recruiter()) == pks(
        r for r in every if r.is_visible_to_recruiter
    )


def test_the_filters_chain_with_the_others(world, referrals):
    hired = Referral.objects.filter(job=world.job, status="hired")
    assert pks(hired.visible_to_recruiter()) == {referrals["hired"].pk}
    assert not hired.consent_closed().exists()


def test_each_filter_counts_through_a_relation_as_its_property(world, referrals):
    every = list(referrals.values())
    f.refer(referrer=world.outsider_member, job=world.globex_job, email="other@example.org")
    job = Job.objects.annotate(
        closed=Count("referrals", filter=consent_closed_q("referrals__")),
        open=Count("referrals", filter=consent_open_q("referrals__")),
        visible=Count("referrals", filter=visible_to_recruiter_q("referrals__")),
    ).get(pk=world.job.pk)
    assert job.closed == sum(r.consent_closed for r in every)
    assert job.open == sum(not r.consent_closed for r in every)
    assert job.visible == sum(r.is_visible_to_recruiter for r in every)
    assert job.closed + job.open == len(every)
