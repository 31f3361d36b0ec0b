"""Each data class is kept until its limit and erased just after it (Y2), clock moved."""

import datetime as dt
import os
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db.models import Count

from coopt.audit.actors import Actor
from coopt.notifications.models import Notification, OutboundEmail
from coopt.privacy.purge import purge_all_tenants, purge_tenant
from coopt.referrals.consent_records import Channel, pool_consent_withdraw
from coopt.referrals.models import (
    Consent,
    ConsentRecord,
    Document,
    Note,
    Referral,
    Reminder,
    RetentionPolicy,
    Status,
)
from coopt.referrals.retention import retention_policy_for, retention_policy_update
from coopt.referrals.services import note_add, referral_set_status, referral_transfer, reminder_add
from coopt.tenants.models import Tenant

from .. import factories as f
from .purge_helpers import START, clock, closed, confirmed, cv_path, is_erased, submitted

pytestmark = pytest.mark.django_db
__all__ = ["clock"]

MINUTE = dt.timedelta(minutes=1)


def set_policy(tenant: Tenant, **values: int) -> RetentionPolicy:
    policy = retention_policy_for(tenant=tenant)
    current: dict[str, Any] = {
        "unconfirmed_days": policy.unconfirmed_days,
        "not_retained_months": policy.not_retained_months,
        "talent_pool_months": policy.talent_pool_months,
        "hired_months": policy.hired_months,
    }
    current.update(values)
    return retention_policy_update(tenant=tenant, **current, actor=Actor.system())


def test_the_default_policy_follows_the_cnil_guidance(world):
    policy = retention_policy_for(tenant=world.acme)
    assert (
        policy.unconfirmed_days,
        policy.not_retained_months,
        policy.talent_pool_months,
        policy.hired_months,
    ) == (30, 3, 24, None)
    assert retention_policy_for(tenant=world.acme).pk == policy.pk  # created once


def test_an_unconfirmed_referral_is_kept_30_days_then_erased_with_its_cv(world, clock):
    referral = submitted(world.member, world.job)
    path = cv_path(referral)

    clock.move_to(START + dt.timedelta(days=30) - MINUTE)
    assert purge_tenant(tenant=world.acme)[1] == 0
    assert not is_erased(referral)
    assert os.path.exists(path)

    clock.move_to(START + dt.timedelta(days=30) + MINUTE)
    run, erased = purge_tenant(tenant=world.acme)
    assert erased == 1
    assert is_erased(referral)
    assert referral.consent == Consent.EXPIRED
    assert (referral.first_name, referral.email, referral.email_key) == ("", "", None)
    assert not os.path.exists(path)
    assert not Document.objects.filter(referral=referral).exists()
    assert run.counts["unconfirmed"] == 1


@pytest.mark.parametrize(
    ("status", "pool", "months", "data_class", "policy"),
    [
        (Status.NOT_RETAINED, False, 3, "not_retained", {}),
        (Status.NOT_RETAINED, True, 24, "talent_pool", {}),
        (Status.HIRED, False, 12, "hired", {"hired_months": 12}),
    ],
)
def test_a_closed_file_is_kept_until_its_period_ends_then_erased(
    world, clock, status, pool, months, data_class, policy
):
    if policy:
        set_policy(world.acme, **policy)
    referral = closed(world.member, world.job, status, world.recruiter, pool=pool)
    path = cv_path(referral)
    assert referral.closed_at == START

    clock.move_to(START + relativedelta(months=months) - MINUTE)
    assert purge_tenant(tenant=world.acme)[1] == 0
    assert not is_erased(referral)
    assert os.path.exists(path)

    clock.move_to(START + relativedelta(months=months) + MINUTE)
    run, erased = purge_tenant(tenant=world.acme)
    assert erased == 1
    assert is_erased(referral)
    assert referral.status == status  # the count by status is unchanged
    assert not os.path.exists(path)
    assert run.counts[data_class] == 1
    assert run.total == 1


def test_hired_candidates_are_kept_while_no_period_is_set(world, clock):
    referral = closed(world.member, world.job, Status.HIRED, world.recruiter)
    clock.move_to(START + relativedelta(years=10))
    assert purge_tenant(tenant=world.acme)[1] == 0
    assert not is_erased(referral)


def test_candidates_still_in_process_are_never_purged(world, clock):
    referral = confirmed(world.member, world.job)
    referral_set_status(referral=referral, status=Status.MET, author=world.recruiter.user)
    clock.move_to(START + relativedelta(years=5))
    assert purge_tenant(tenant=world.acme)[1] == 0
    assert not is_erased(referral)


def test_withdrawing_the_pool_consent_brings_back_the_short_period(world, clock):
    referral = closed(world.member, world.job, Status.NOT_RETAINED, world.recruiter, pool=True)
    clock.move_to(START + relativedelta(months=4))
    assert purge_tenant(tenant=world.acme)[1] == 0  # in the pool: kept
    pool_consent_withdraw(referral=referral, channel=Channel.EMAIL_LINK)
    run, erased = purge_tenant(tenant=world.acme)
    assert erased == 1
    assert run.counts["not_retained"] == 1


def test_a_reopened_file_is_no_longer_counted_as_closed(world, clock):
    referral = closed(world.member, world.job, Status.NOT_RETAINED, world.recruiter)
    clock.move_to(START + relativedelta(months=2))
    referral_set_status(referral=referral, status=Status.MET, author=world.recruiter.user)
    clock.move_to(START + relativedelta(months=6))
    assert purge_tenant(tenant=world.acme)[1] == 0
    assert not is_erased(referral)


def test_a_declined_referral_left_with_its_data_is_erased_by_the_next_purge(world, clock):
    referral = submitted(world.member, world.job)
    # As if the decline had stopped before erasing (a crash, an older version).
    Referral.objects.filter(pk=referral.pk).update(consent=Consent.DECLINED)
    run, erased = purge_tenant(tenant=world.acme)
    assert erased == 1
    assert is_erased(referral)
    assert run.counts["declined"] == 1


def test_the_earlier_file_of_a_transferred_candidate_goes_with_the_later_one(world, clock):
    other_job = f.make_job(world.acme, author=world.recruiter.user, title="Key account manager")
    first = confirmed(world.member, world.job)
    later = referral_transfer(referral=first, job=other_job, author=world.recruiter.user)
    referral_set_status(referral=later, status=Status.NOT_RETAINED, author=world.recruiter.user)

    clock.move_to(START + relativedelta(months=2))
    assert purge_tenant(tenant=world.acme)[1] == 0
    assert not is_erased(first)

    clock.move_to(START + relativedelta(months=3) + MINUTE)
    run, erased = purge_tenant(tenant=world.acme)
    assert erased == 2
    assert is_erased(first) and is_erased(later)
    assert run.counts["not_retained"] == 1
    assert run.counts["transferred"] == 1


def test_each_tenants_own_periods_are_used(world, clock):
    set_policy(world.acme, unconfirmed_days=14, not_retained_months=1, talent_pool_months=6)
    acme_unconfirmed = submitted(world.member, world.job)
    globex_unconfirmed = submitted(world.outsider_member, world.globex_job)
    acme_pool = closed(world.member, world.job, Status.NOT_RETAINED, world.recruiter, pool=True)
    globex_closed = closed(
        world.outsider_member, world.globex_job, Status.NOT_RETAINED, world.outsider
    )

    clock.move_to(START + dt.timedelta(days=15))
    assert purge_all_tenants() == 1
    assert is_erased(acme_unconfirmed)
    assert not is_erased(globex_unconfirmed)

    clock.move_to(START + relativedelta(months=2))
    assert purge_all_tenants() == 1  # globex's unconfirmed referral, past 30 days
    assert is_erased(globex_unconfirmed)
    assert not is_erased(globex_closed)  # globex keeps 3 months
    assert not is_erased(acme_pool)  # acme's pool keeps 6 months

    clock.move_to(START + relativedelta(months=6) + MINUTE)
    assert purge_all_tenants() == 2
    assert is_erased(acme_pool) and is_erased(globex_closed)


@pytest.mark.parametrize(
    "values",
    [
        {"unconfirmed_days": 31},
        {"unconfirmed_days": 6},
        {"not_retained_months": 0},
        {"not_retained_months": 25},
        {"talent_pool_months": 25},
        {"hired_months": 0},
        {"hired_months": 121},
        {"not_retained_months": 12, "talent_pool_months": 6},
    ],
)
def test_periods_outside_the_bounds_are_refused(world, values):
    with pytest.raises(ValidationError):
        set_policy(world.acme, **values)
    policy = RetentionPolicy.objects.get(tenant=world.acme)
    assert (policy.unconfirmed_days, policy.not_retained_months) == (30, 3)
    assert (policy.talent_pool_months, policy.hired_months) == (24, None)


def test_erasure_takes_everything_about_the_person_and_keeps_the_counts(world, clock):
    referral = closed(world.member, world.job, Status.NOT_RETAINED, world.recruiter)
    note_add(referral=referral, author=world.recruiter.user, body="Met on Tuesday")
    reminder_add(
        referral=referral, owner=world.recruiter, due_on=START.date(), text="Call Jane back"
    )
    kept_open = confirmed(world.member, world.job)
    ref = f"referral:{referral.pk}"
    # Delivery waits for the commit, which tests never reach: mark one as sent.
    unsent = OutboundEmail.objects.filter(subject_ref=ref).latest("pk")
    OutboundEmail.objects.filter(subject_ref=ref).exclude(pk=unsent.pk).update(
        status=OutboundEmail.Status.SENT
    )
    sent = OutboundEmail.objects.filter(subject_ref=ref, status=OutboundEmail.Status.SENT)
    assert sent.exists()
    assert Notification.objects.filter(subject_ref=ref).exists()

    def counts() -> list[Any]:
        return list(
            Referral.objects.filter(tenant=world.acme)
            .values("job", "referrer", "status", "source")
            .annotate(n=Count("pk"))
            .order_by("job", "status")
        )

    before = counts()
    clock.move_to(START + relativedelta(months=3) + MINUTE)
    assert purge_tenant(tenant=world.acme)[1] == 1
    assert counts() == before
    assert not Note.objects.filter(referral=referral).exists()
    assert not Reminder.objects.filter(referral=referral).exists()
    assert not OutboundEmail.objects.filter(pk=unsent.pk).exists()
    assert set(sent.values_list("to_email", "body_text")) == {("erased@invalid", "")}
    assert not Notification.objects.filter(subject_ref=ref).exists()
    records = ConsentRecord.objects.filter(referral=referral)
    assert records.exists()
    assert set(records.values_list("email_key", flat=True)) == {""}
    assert set(records.values_list("kind", "action")) == {
        ("processing", "given"),
        ("talent_pool", "refused"),  # confirmed without the talent-pool box
    }
    assert not is_erased(kept_open)
