"""The rewards access helpers: the tenant comes from the member, and who sees what is
folded in (the pages' role checks stand in front of them as well)."""

import pytest
from django.http import Http404

from coopt.rewards.selectors import access_charity, access_member, access_own_reward, access_reward

from .helpers import add_charity, due_reward

pytestmark = pytest.mark.django_db


def test_recruiters_and_admins_reach_any_reward_of_their_tenant(world):
    reward = due_reward(world)
    assert access_reward(world.recruiter, reward.pk) == reward
    assert access_reward(world.admin, reward.pk) == reward


def test_a_member_reaches_only_their_own_reward(world):
    reward = due_reward(world)
    assert access_reward(world.member, reward.pk) == reward
    with pytest.raises(Http404):
        access_reward(world.expert, reward.pk)


def test_nobody_reaches_another_members_reward_as_their_own(world):
    reward = due_reward(world)
    assert access_own_reward(world.member, reward.pk) == reward
    with pytest.raises(Http404):
        access_own_reward(world.admin, reward.pk)


def test_another_tenants_reward_is_not_found(world):
    reward = due_reward(world)
    with pytest.raises(Http404):
        access_reward(world.outsider, reward.pk)


def test_an_inactive_charity_is_reached_by_admins_only(world):
    charity = add_charity(world.acme, is_active=False)
    assert access_charity(world.admin, charity.pk) == charity
    with pytest.raises(Http404):
        access_charity(world.member, charity.pk)
    with pytest.raises(Http404):
        access_charity(world.outsider, charity.pk)


def test_admins_reach_every_member_and_others_only_themselves(world):
    assert access_member(world.admin, world.member.pk) == world.member
    assert access_member(world.member, world.member.pk) == world.member
    with pytest.raises(Http404):
        access_member(world.recruiter, world.member.pk)
    with pytest.raises(Http404):
        access_member(world.outsider, world.member.pk)
