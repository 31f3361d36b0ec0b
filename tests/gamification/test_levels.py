"""Levels (G2): computed from points; thresholds and names per tenant; keys fixed."""

import pytest
from django.utils import translation

from coopt.accounts.models import Membership
from coopt.audit.actors import Actor
from coopt.gamification.levels import level_key_of, levels_of
from coopt.gamification.models import Action, LevelSettings, MemberScore
from coopt.gamification.selectors.points import member_summary
from coopt.gamification.services import (
    LevelSettingsError,
    level_settings_update,
    point_rules_update,
    points_award,
)
from coopt.notifications.models import Notification


def set_points(member: Membership, points: int) -> None:
    MemberScore.objects.update_or_create(
        member=member, defaults={"tenant": member.tenant, "points": points}
    )


@pytest.mark.parametrize(
    ("points", "key"),
    [
        (0, "beginner"),
        (99, "beginner"),
        (100, "confirmed"),
        (299, "confirmed"),
        (300, "expert"),
        (10_000, "expert"),
    ],
)
def test_the_default_thresholds_are_0_100_and_300_inclusive(world, points, key):
    set_points(world.member, points)
    assert level_key_of(member=world.member) == key


def test_a_member_without_points_is_a_beginner(world):
    assert level_key_of(member=world.member) == "beginner"


@pytest.mark.parametrize(
    ("points", "key"), [(49, "beginner"), (50, "confirmed"), (199, "confirmed"), (200, "expert")]
)
def test_the_tenants_thresholds_apply(world, points, key):
    level_settings_update(
        tenant=world.acme, confirmed_threshold=50, expert_threshold=200, actor=Actor.system()
    )
    set_points(world.member, points)
    assert level_key_of(member=world.member) == key


def test_another_tenants_thresholds_do_not_apply(world):
    level_settings_update(
        tenant=world.globex, confirmed_threshold=5, expert_threshold=10, actor=Actor.system()
    )
    set_points(world.member, 20)
    assert level_key_of(member=world.member) == "beginner"


@pytest.mark.parametrize(("confirmed", "expert"), [(0, 100), (100, 100), (300, 100)])
def test_thresholds_that_do_not_increase_are_refused(world, confirmed, expert):
    with pytest.raises(LevelSettingsError):
        level_settings_update(
            tenant=world.acme,
            confirmed_threshold=confirmed,
            expert_threshold=expert,
            actor=Actor.system(),
        )
    assert not LevelSettings.objects.exists()


def test_names_are_the_tenants_or_the_translated_defaults(world):
    level_settings_update(
        tenant=world.acme,
        confirmed_threshold=100,
        expert_threshold=300,
        expert_name="Ambassador",
        actor=Actor.system(),
    )
    with translation.override("fr"):
        names = [level.name for level in levels_of(tenant=world.acme)]
    assert names[2] == "Ambassador"
    assert [level.key for level in levels_of(tenant=world.acme)] == [
        "beginner",
        "confirmed",
        "expert",
    ]


def test_the_summary_shows_the_next_threshold_and_the_way_to_it(world):
    set_points(world.member, 160)
    summary = member_summary(member=world.member)
    assert summary.level.key == "confirmed"
    assert summary.next_level is not None and summary.next_level.threshold == 300
    assert summary.points_to_next == 140
    assert summary.progress_percent == 30  # 60 of the 200 points between the levels


def test_the_top_level_has_no_next_threshold(world):
    set_points(world.member, 300)
    summary = member_summary(member=world.member)
    assert summary.next_level is None
    assert summary.points_to_next == 0


def test_reaching_a_level_is_announced_once(world):
    point_rules_update(tenant_id=world.acme.pk, points={Action.ANSWER: 60}, actor=Actor.system())
    points_award(member=world.member, action=Action.ANSWER, ref="answer:1")
    points_award(member=world.member, action=Action.ANSWER, ref="answer:2")
    points_award(member=world.member, action=Action.ANSWER, ref="answer:3")
    announced = Notification.objects.filter(recipient=world.member, subject_ref="level:confirmed")
    assert announced.count() == 1
    assert "Confirmed" in announced.get().text


def test_the_level_up_message_names_the_level_in_the_members_language(world):
    from coopt.gamification.models import LevelKey

    world.member.user.language = "fr"
    world.member.user.save(update_fields=["language"])
    point_rules_update(tenant_id=world.acme.pk, points={Action.HIRE: 150}, actor=Actor.system())
    with translation.override("en"):
        points_award(member=world.member, action=Action.HIRE, ref="hire:1")
    with translation.override("fr"):
        french = str(LevelKey.CONFIRMED.label)
    note = Notification.objects.get(recipient=world.member, subject_ref="level:confirmed")
    assert french != "Confirmed"  # the catalogue has it (it is also a consent status)
    assert french in note.text


def test_the_level_is_kept_when_the_referral_is_made_before_its_own_points(world):
    from coopt.gamification.levels import level_key_at_referral
    from coopt.gamification.models import ReferralLevel

    from .. import factories as f

    MemberScore.objects.create(tenant=world.acme, member=world.member, points=95)
    referral = f.refer(referrer=world.member, job=world.job)
    assert level_key_of(member=world.member) == "confirmed"  # 95 + 10 for the referral
    kept = ReferralLevel.objects.get(referral=referral)
    assert (kept.member, kept.level, kept.points) == (world.member, "beginner", 95)
    assert level_key_at_referral(referral_id=referral.pk) == "beginner"
