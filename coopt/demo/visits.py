"""Visits to the jobs (G1, N6): some members looked at the jobs on a few recent days."""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from coopt.accounts.models import Membership
from coopt.gamification.models import Action, PointEvent
from coopt.gamification.services import points_for_job_visit

DAYS_BACK = 30


def seed_visits(members: list[Membership], rng: random.Random, *, days: int = 12) -> int:
    """Each member visited the jobs on ``days`` of the last 30 days (the monthly cap applies);
    the point events carry the day of the visit."""
    today = timezone.localdate()
    count = 0
    for member in members:
        for back in sorted(rng.sample(range(1, DAYS_BACK), days), reverse=True):
            day = today - timedelta(days=back)
            event = points_for_job_visit(member=member, day=day)
            if event is None:
                continue
            stamp = datetime.combine(day, time(rng.randint(8, 20), rng.randint(0, 59)))
            PointEvent.objects.filter(pk=event.pk, action=Action.VISIT).update(
                created_at=timezone.make_aware(stamp)
            )
            count += 1
    return count
