"""The ledger (W2): a reward on hire, due after probation, paid, or cancelled on departure."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from coopt.lib.dates import add_months
from coopt.notifications.models import Notification
from coopt.referrals.services import referral_set_status
from coopt.rewards.models import Choice, Reward, RewardTransition
from coopt.rewards.services import (
    RewardError,
    reward_create_for_hire,
    reward_mark_paid,
    reward_record_departure,
    rewards_for_referral_event,
    rewards_make_due,
    rewards_mark_paid,
)

from .. import factories as f
from .helpers import due_reward, hire, pending_reward, reward_of, set_rule

pytestmark = pytest.mark.django_db

PARIS = dt.timezone(dt.timedelta(hours=2))


def test_a_hire_creates_a_pending_reward_for_the_referrer(world):
    set_rule(world.acme, amount=Decimal("750.00"), probation_months=3)
    referral = hire(world.member, world.job, recruiter=world.recruiter)
    reward = reward_of(referral)
    assert reward.state == "pending"
    assert reward.member == world.member
    assert reward.tenant == world.acme
    assert (reward.amount, reward.currency, reward.kind) == (Decimal("750.00"), "EUR", "cash")
    assert reward.hired_on == timezone.localdate()
    assert reward.due_on == add_months(timezone.localdate(), 3)
    step = reward.transitions.get()
    assert (step.from_state, step.to_state, step.event) == ("", "pending", "hired")
    assert step.author == world.recruiter.user


def test_the_same_hire_never_counts_twice(world):
    set_rule(world.acme, probation_months=3)
    referral = hire(world.member, world.job, recruiter=world.recruiter)
    first = reward_of(referral)
    again = reward_create_for_hire(referral=referral, author=world.recruiter.user)
    rewards_for_referral_event(referral=referral, event="hired")
    assert again is not None and again.pk == first.pk
    assert Reward.objects.filter(referral=referral).count() == 1
    assert RewardTransition.objects.filter(reward=first).count() == 1


def test_other_events_create_no_reward(world):
    set_rule(world.acme)
    referral = f.refer(referrer=world.member, job=world.job, confirmed=True)
    for event in ("made", "confirmed", "contacted", "met", "not_retained"):
        rewards_for_referral_event(referral=referral, event=event)
    assert not Reward.objects.exists()


def test_no_rule_means_no_reward(world):
    referral = hire(world.member, world.job, recruiter=world.recruiter)
    assert not Reward.objects.filter(referral=referral).exists()


def test_a_direct_application_earns_no_reward(world):
    set_rule(world.acme)
    referral = f.refer(referrer=world.member, job=world.job)
    referral.referrer = None
    referral.save()
    assert reward_create_for_hire(referral=referral) is None
    assert not Reward.objects.exists()


def test_a_job_rule_overrides_the_tenant_default(world):
    set_rule(world.acme, amount=Decimal("500.00"))
    set_rule(world.acme, job=world.job, amount=Decimal("1000.00"), currency="CHF")
    reward = reward_of(hire(world.member, world.job, recruiter=world.recruiter))
    assert (reward.amount, reward.currency) == (Decimal("1000.00"), "CHF")


def test_a_non_monetary_rule_is_recorded_as_such(world):
    set_rule(world.acme, kind="gift", gift="A weekend for two", amount=Decimal("0"))
    reward = reward_of(hire(world.member, world.job, recruiter=world.recruiter))
    assert (reward.kind, reward.gift, reward.amount) == ("gift", "A weekend for two", Decimal("0"))
    assert not reward.can_choose


def test_without_probation_the_reward_is_due_at_once_and_the_member_is_told(world):
    set_rule(world.acme, probation_months=0)
    reward = reward_of(hire(world.member, world.job, recruiter=world.recruiter))
    assert reward.state == "due"
    assert [s.to_state for s in reward.transitions.all()] == ["pending", "due"]
    note = Notification.objects.get(recipient=world.member, subject_ref=f"reward:{reward.pk}")
    assert "750.00 EUR" in note.text
    assert note.url == "/rewards/"


def test_probation_ends_with_the_clock(world):
    with time_machine.travel(dt.datetime(2026, 1, 31, 10, 0, tzinfo=PARIS), tick=False):
        set_rule(world.acme, probation_months=3)
        reward = reward_of(hire(world.member, world.job, recruiter=world.recruiter))
        assert reward.due_on == dt.date(2026, 4, 30)  # the 31st becomes the last day of April
        assert rewards_make_due() == 0
    with time_machine.travel(dt.datetime(2026, 4, 29, 23, 0, tzinfo=PARIS), tick=False):
        assert rewards_make_due() == 0
        assert reward_of(reward.referral).state == "pending"
    with time_machine.travel(dt.datetime(2026, 4, 30, 6, 5, tzinfo=PARIS), tick=False):
        assert rewards_make_due() == 1
        assert rewards_make_due() == 0  # a retried run changes nothing
    reward.refresh_from_db()
    assert reward.state == "due"
    assert reward.became_due_at == dt.datetime(2026, 4, 30, 6, 5, tzinfo=PARIS)
    step = reward.transitions.last()
    assert step is not None
    assert (step.from_state, step.to_state, step.event, step.author) == (
        "pending",
        "due",
        "probation_over",
        None,
    )
    assert Notification.objects.filter(subject_ref=f"reward:{reward.pk}").count() == 1


def test_the_due_notification_is_in_the_members_language_and_format(world):
    world.member.user.language = "fr"
    world.member.user.save()
    set_rule(world.acme, amount=Decimal("1000.00"))
    reward = reward_of(hire(world.member, world.job, recruiter=world.recruiter))
    note = Notification.objects.get(subject_ref=f"reward:{reward.pk}")
    assert "1\xa0000,00 EUR" in note.text


def test_the_daily_task_makes_rewards_due(world, settings):
    from coopt.rewards.tasks import make_rewards_due

    reward = pending_reward(world, months=6)
    with time_machine.travel(reward.due_on + dt.timedelta(days=1)):
        assert make_rewards_due.delay().get() == 1
    assert reward_of(reward.referral).state == "due"
    assert "make-rewards-due" in settings.CELERY_BEAT_SCHEDULE


def test_an_admin_marks_a_due_reward_paid(world):
    reward = due_reward(world)
    paid = reward_mark_paid(reward=reward, author=world.admin.user, reason="March payroll")
    assert paid.state == "paid"
    assert paid.paid_at is not None
    # Nobody chose: the member keeps it whole.
    assert (paid.choice, paid.member_part, paid.charity_part) == (
        Choice.KEEP,
        Decimal("750.00"),
        Decimal("0.00"),
    )
    step = paid.transitions.last()
    assert step is not None
    assert (step.to_state, step.author, step.reason) == ("paid", world.admin.user, "March payroll")
    assert Notification.objects.filter(subject_ref=f"reward:{reward.pk}").count() == 2


def test_paying_twice_or_paying_early_is_refused(world):
    reward = due_reward(world)
    reward_mark_paid(reward=reward, author=world.admin.user)
    with pytest.raises(RewardError):
        reward_mark_paid(reward=reward, author=world.admin.user)
    early = pending_reward(world)
    with pytest.raises(RewardError):
        reward_mark_paid(reward=early, author=world.admin.user)
    assert reward.transitions.filter(to_state="paid").count() == 1
    assert reward_of(early.referral).state == "pending"


def test_bulk_payment_pays_the_due_ones_and_skips_the_rest(world):
    due = [due_reward(world), due_reward(world)]
    pending = pending_reward(world)
    paid, skipped = rewards_mark_paid(rewards=[*due, pending], author=world.admin.user)
    assert (paid, skipped) == (2, 1)
    assert set(Reward.objects.filter(state="paid").values_list("pk", flat=True)) == {
        r.pk for r in due
    }


def test_a_departure_during_probation_cancels_the_reward(world):
    reward = pending_reward(world, months=6)
    left_on = timezone.localdate()
    cancelled = reward_record_departure(
        reward=reward, author=world.recruiter.user, left_on=left_on, reason="Resigned"
    )
    assert cancelled.state == "cancelled"
    assert (cancelled.departure_on, cancelled.departure_reason) == (left_on, "Resigned")
    step = cancelled.transitions.last()
    assert step is not None
    assert (step.from_state, step.to_state, step.event, step.author, step.reason) == (
        "pending",
        "cancelled",
        "departure",
        world.recruiter.user,
        "Resigned",
    )
    assert Notification.objects.filter(subject_ref=f"reward:{reward.pk}").exists()
    # The cancelled reward never becomes due, whatever the clock says.
    with time_machine.travel(reward.due_on + dt.timedelta(days=3)):
        assert rewards_make_due() == 0
    assert reward_of(reward.referral).state == "cancelled"


def test_a_late_recorded_departure_cancels_a_due_reward_not_yet_paid(world):
    with time_machine.travel(dt.datetime(2026, 1, 10, 9, 0, tzinfo=PARIS)):
        reward = pending_reward(world, months=3)
    with time_machine.travel(dt.datetime(2026, 4, 15, 9, 0, tzinfo=PARIS)):
        rewards_make_due()
        reward.refresh_from_db()
        assert reward.state == "due"
        cancelled = reward_record_departure(
            reward=reward,
            author=world.recruiter.user,
            left_on=dt.date(2026, 3, 20),
            reason="Left in March",
        )
    assert cancelled.state == "cancelled"


@pytest.mark.parametrize(
    ("days_after_hire", "message"),
    [(-1, "before the hire"), (200, "probation period ended")],
)
def test_a_departure_outside_probation_is_refused(world, days_after_hire, message):
    with time_machine.travel(dt.datetime(2026, 1, 10, 9, 0, tzinfo=PARIS)):
        reward = pending_reward(world, months=6)
    with time_machine.travel(dt.datetime(2026, 9, 10, 9, 0, tzinfo=PARIS)):
        with pytest.raises(RewardError, match=message):
            reward_record_departure(
                reward=reward,
                author=world.recruiter.user,
                left_on=reward.hired_on + dt.timedelta(days=days_after_hire),
                reason="Left",
            )
    assert reward_of(reward.referral).transitions.filter(to_state="cancelled").count() == 0


def test_a_departure_cannot_cancel_a_paid_reward_or_be_in_the_future(world):
    reward = due_reward(world)
    with pytest.raises(RewardError, match="future"):
        reward_record_departure(
            reward=reward,
            author=world.recruiter.user,
            left_on=timezone.localdate() + dt.timedelta(days=1),
            reason="Leaving",
        )
    reward_mark_paid(reward=reward, author=world.admin.user)
    with pytest.raises(RewardError, match="already paid"):
        reward_record_departure(
            reward=reward, author=world.recruiter.user, left_on=reward.hired_on, reason="Left"
        )
    assert reward_of(reward.referral).state == "paid"


def test_a_hire_withdrawn_in_the_pipeline_withdraws_the_reward_and_a_new_hire_restores_it(world):
    set_rule(world.acme, probation_months=3)
    referral = hire(world.member, world.job, recruiter=world.recruiter)
    referral = referral_set_status(
        referral=referral, status="not_retained", author=world.recruiter.user
    )
    reward = reward_of(referral)
    assert reward.state == "cancelled"
    undone = reward.transitions.last()
    assert undone is not None
    assert undone.event == "hire_undone"
    referral_set_status(referral=referral, status="hired", author=world.admin.user)
    reward.refresh_from_db()
    assert reward.state == "pending"
    assert Reward.objects.filter(referral=referral).count() == 1
    step = reward.transitions.last()
    assert step is not None
    assert (step.from_state, step.to_state, step.event, step.author) == (
        "cancelled",
        "pending",
        "hired_again",
        world.admin.user,
    )


def test_a_paid_reward_stays_paid_when_the_pipeline_moves(world):
    reward = due_reward(world)
    reward_mark_paid(reward=reward, author=world.admin.user)
    referral_set_status(
        referral=reward.referral, status="not_retained", author=world.recruiter.user
    )
    assert reward_of(reward.referral).state == "paid"


def test_a_departed_hire_hired_again_keeps_its_cancelled_reward(world):
    reward = pending_reward(world)
    reward_record_departure(
        reward=reward, author=world.recruiter.user, left_on=reward.hired_on, reason="Left"
    )
    referral = referral_set_status(
        referral=reward.referral, status="met", author=world.recruiter.user
    )
    referral_set_status(referral=referral, status="hired", author=world.recruiter.user)
    assert reward_of(referral).state == "cancelled"


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 1, 15), 0, dt.date(2026, 1, 15)),
        (dt.date(2026, 1, 15), 3, dt.date(2026, 4, 15)),
        (dt.date(2026, 8, 31), 6, dt.date(2027, 2, 28)),
        (dt.date(2027, 8, 31), 6, dt.date(2028, 2, 29)),
        (dt.date(2026, 11, 30), 12, dt.date(2027, 11, 30)),
    ],
)
def test_probation_months_are_calendar_months(day, months, expected):
    assert add_months(day, months) == expected
