"""Badges (G3): earned once at a milestone, announced in-app once."""

from django.utils import translation

from coopt.accounts.models import Membership
from coopt.gamification.models import Action, MemberBadge
from coopt.gamification.services import points_award
from coopt.notifications.models import Notification

from .. import factories as f


def badge_keys(member: Membership) -> set[str]:
    return set(MemberBadge.objects.filter(member=member).values_list("key", flat=True))


def test_the_first_referral_earns_a_badge_once(world):
    f.refer(referrer=world.member, job=world.job)
    f.refer(referrer=world.member, job=world.job)
    assert badge_keys(world.member) == {"first_referral"}
    notes = Notification.objects.filter(recipient=world.member, subject_ref="badge:first_referral")
    assert notes.count() == 1
    assert "First referral" in notes.get().text


def test_a_hire_earns_each_badge_of_the_way(world):
    f.refer(
        referrer=world.member,
        job=world.job,
        status="hired",
        via=["met"],
        author=world.recruiter.user,
    )
    assert badge_keys(world.member) == {
        "first_referral",
        "first_confirmed",
        "first_interview",
        "first_hire",
    }


def test_ten_referrals_earn_their_badge_at_the_tenth(world):
    for number in range(9):
        points_award(member=world.member, action=Action.REFERRAL_MADE, ref=f"test:{number}")
    assert "ten_referrals" not in badge_keys(world.member)
    points_award(member=world.member, action=Action.REFERRAL_MADE, ref="test:9")
    points_award(member=world.member, action=Action.REFERRAL_MADE, ref="test:10")
    assert "ten_referrals" in badge_keys(world.member)
    assert MemberBadge.objects.filter(member=world.member, key="ten_referrals").count() == 1


def test_the_announcement_is_in_the_members_language(world):
    world.member.user.language = "fr"
    world.member.user.save(update_fields=["language"])
    with translation.override("en"):
        f.refer(referrer=world.member, job=world.job)
    note = Notification.objects.get(recipient=world.member, subject_ref="badge:first_referral")
    with translation.override("fr"):
        from coopt.gamification.badges import BADGES_BY_KEY

        expected = str(BADGES_BY_KEY["first_referral"].name)
    assert expected in note.text


def test_badges_are_per_member(world):
    colleague = f.make_member(world.acme)
    f.refer(referrer=world.member, job=world.job)
    assert badge_keys(colleague) == set()
