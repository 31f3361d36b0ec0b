"""Points (G1): awarded once per member, action and thing, from the tenant's table."""

import pytest
from django.db.models import Sum

from coopt.audit.actors import Actor
from coopt.gamification.levels import points_of
from coopt.gamification.models import Action, PointEvent, PointRule
from coopt.gamification.services import (
    point_rules_update,
    points_award,
    points_for_referral_event,
)
from coopt.referrals.services import referral_set_status

from .. import factories as f


def test_the_same_event_twice_counts_once(world):
    first = points_award(member=world.member, action=Action.ANSWER, ref="answer:7")
    second = points_award(member=world.member, action=Action.ANSWER, ref="answer:7")
    assert first is not None and first.points == 5
    assert second is None
    assert PointEvent.objects.filter(member=world.member).count() == 1
    assert points_of(member=world.member) == 5


def test_answers_and_sponsorships_are_ready_for_their_features(world):
    points_award(member=world.member, action=Action.ANSWER, ref="answer:1")
    points_award(member=world.member, action=Action.ANSWER, ref="answer:2")
    points_award(member=world.member, action=Action.SPONSORSHIP, ref="sponsorship:9")
    assert points_of(member=world.member) == 5 + 5 + 10


def test_an_unknown_action_is_refused(world):
    with pytest.raises(ValueError, match="Unknown action"):
        points_award(member=world.member, action="lottery", ref="x")
    assert not PointEvent.objects.exists()


def test_the_point_table_is_seeded_with_the_defaults_on_first_use(world):
    assert not PointRule.objects.filter(tenant=world.acme).exists()
    points_award(member=world.member, action=Action.HIRE, ref="test:1")
    rules = dict(PointRule.objects.filter(tenant=world.acme).values_list("action", "points"))
    assert rules == {
        "referral_made": 10,
        "referral_confirmed": 20,
        "interview": 30,
        "hire": 100,
        "referral_forwarded": 30,
        "sponsee_forwarded": 20,
        "share": 2,
        "answer": 5,
        "sponsorship": 10,
        "visit": 1,
    }
    assert not PointRule.objects.filter(tenant=world.globex).exists()


def test_a_referral_earns_points_at_each_step_of_its_way(world):
    f.refer(
        referrer=world.member,
        job=world.job,
        status="hired",
        via=["met"],
        author=world.recruiter.user,
    )
    events = PointEvent.objects.filter(member=world.member)
    assert sorted(events.values_list("action", flat=True)) == sorted(
        ["referral_made", "referral_confirmed", "interview", "hire"]
    )
    assert set(events.values_list("ref", flat=True)) == {
        f"referral:{events[0].referral_id}:{event}"
        for event in ("made", "confirmed", "met", "hired")
    }
    assert points_of(member=world.member) == 10 + 20 + 30 + 100


def test_a_status_reached_twice_counts_once(world):
    referral = f.refer(
        referrer=world.member, job=world.job, status="met", author=world.recruiter.user
    )
    author = world.recruiter.user
    referral = referral_set_status(referral=referral, status="contacted", author=author)
    referral_set_status(referral=referral, status="met", author=author)
    assert PointEvent.objects.filter(member=world.member, action=Action.INTERVIEW).count() == 1
    assert points_of(member=world.member) == 10 + 20 + 30


def test_a_retried_referral_event_counts_once(world):
    referral = f.refer(referrer=world.member, job=world.job)
    points_for_referral_event(referral=referral, event="made")
    points_for_referral_event(referral=referral, event="made")
    assert PointEvent.objects.filter(member=world.member).count() == 1


def test_contacted_and_not_retained_earn_nothing(world):
    referral = f.refer(referrer=world.member, job=world.job, confirmed=True)
    author = world.recruiter.user
    referral = referral_set_status(referral=referral, status="contacted", author=author)
    referral_set_status(referral=referral, status="not_retained", author=author)
    assert set(PointEvent.objects.values_list("action", flat=True)) == {
        "referral_made",
        "referral_confirmed",
    }


def test_an_action_worth_0_points_is_recorded_but_adds_nothing(world):
    point_rules_update(
        tenant_id=world.acme.pk, points={Action.REFERRAL_MADE: 0}, actor=Actor.system()
    )
    f.refer(referrer=world.member, job=world.job)
    event = PointEvent.objects.get(member=world.member)
    assert event.points == 0
    assert points_of(member=world.member) == 0


def test_a_changed_table_applies_to_new_points_only(world):
    points_award(member=world.member, action=Action.ANSWER, ref="answer:1")
    changed = point_rules_update(
        tenant_id=world.acme.pk, points={Action.ANSWER: 50}, actor=Actor.system()
    )
    points_award(member=world.member, action=Action.ANSWER, ref="answer:2")
    assert changed == [Action.ANSWER]
    assert list(PointEvent.objects.order_by("id").values_list("points", flat=True)) == [5, 50]
    assert points_of(member=world.member) == 55


def test_the_cached_total_matches_the_sum_of_the_events(world):
    f.refer(
        referrer=world.member,
        job=world.job,
        status="hired",
        via=["met"],
        author=world.recruiter.user,
    )
    points_award(member=world.member, action=Action.ANSWER, ref="answer:1")
    total = PointEvent.objects.filter(member=world.member).aggregate(t=Sum("points"))["t"]
    assert points_of(member=world.member) == total


def test_each_tenant_has_its_own_table(world):
    point_rules_update(tenant_id=world.acme.pk, points={Action.HIRE: 500}, actor=Actor.system())
    points_award(member=world.outsider_member, action=Action.HIRE, ref="test:1")
    assert points_of(member=world.outsider_member) == 100
