"""``access_contest``: every member of the tenant sees its contests; no one else does."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from coopt.gamification.models import Contest
from coopt.gamification.selectors.contests import access_contest
from coopt.gamification.services import contest_create

from ..conftest import World

pytestmark = pytest.mark.django_db


def _contest(world: World) -> Contest:
    now = timezone.now()
    return contest_create(
        tenant=world.acme,
        author=world.admin,
        title="Spring",
        description="",
        starts_at=now,
        ends_at=now + timedelta(days=30),
        criterion=Contest.Criterion.MADE,
        job_family=None,
        prize="",
    )


def test_every_member_of_the_tenant_reaches_a_contest(world):
    contest = _contest(world)
    assert access_contest(world.member, contest.pk) == contest
    assert access_contest(world.admin, contest.pk) == contest


def test_another_tenants_contest_is_not_found(world):
    contest = _contest(world)
    with pytest.raises(Http404):
        access_contest(world.outsider_member, contest.pk)
