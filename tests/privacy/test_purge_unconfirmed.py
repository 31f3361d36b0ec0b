"""Nobody answered within 30 days: the nightly purge takes the data, the anonymous count
stays (R3, Y1)."""

import datetime as dt
import os

import pytest
import time_machine
from django.utils import timezone

from coopt.privacy.tasks import purge_personal_data
from coopt.referrals.models import Consent, Document, Referral

from .. import factories as f
from ..conftest import World
from ..referrals.cv_files import pdf_upload

pytestmark = pytest.mark.django_db

JANE = "jane@example.org"


def submitted(world: World) -> Referral:
    """Jane, recommended with a CV, who has not answered."""
    return f.refer(referrer=world.member, job=world.job, email=JANE, cv=pdf_upload())


def test_after_31_days_awaiting_referrals_are_erased(world):
    referral = submitted(world)
    path = Document.objects.get(referral=referral).file.path
    with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
        assert purge_personal_data.delay().get() == 1
    referral.refresh_from_db()
    assert referral.consent == Consent.EXPIRED
    assert referral.personal_data_deleted_at is not None
    assert (referral.first_name, referral.email, referral.email_key) == ("", "", None)
    assert not os.path.exists(path)
    assert not Document.objects.exists()
    # the anonymous row stays: it still counts as this member's referral for this job
    assert Referral.objects.filter(pk=referral.pk, referrer=world.member, job=world.job).exists()


def test_at_29_days_nothing_is_erased(world):
    referral = submitted(world)
    with time_machine.travel(timezone.now() + dt.timedelta(days=29)):
        assert purge_personal_data() == 0
    referral.refresh_from_db()
    assert referral.consent == Consent.AWAITING
    assert referral.first_name == "Jane"
    assert Document.objects.filter(referral=referral).exists()


def test_confirmed_referrals_are_kept(world):
    referral = f.refer(referrer=world.member, job=world.job, confirmed=True)
    with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
        assert purge_personal_data() == 0
    referral.refresh_from_db()
    assert referral.consent == Consent.CONFIRMED
    assert referral.first_name == "Jane"
    assert referral.personal_data_deleted_at is None


def test_running_twice_erases_once(world):
    submitted(world)
    with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
        assert purge_personal_data() == 1
        assert purge_personal_data() == 0


def test_every_tenant_is_handled(world):
    acme = submitted(world)
    globex = f.refer(referrer=world.outsider_member, job=world.globex_job)
    with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
        assert purge_personal_data() == 2
    assert (
        Referral.objects.filter(
            pk__in=[acme.pk, globex.pk], personal_data_deleted_at__isnull=False
        ).count()
        == 2
    )


def test_a_person_whose_data_expired_may_be_recommended_again(world):
    submitted(world)
    with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
        purge_personal_data()
        again = f.refer(referrer=world.expert, job=world.job, email=JANE)
    assert again.consent == Consent.AWAITING
