"""Two contests for Maison Lumière: one running, one ended with its winners announced."""

from datetime import timedelta

from django.utils import timezone

from coopt.accounts.models import Membership
from coopt.gamification.models import Contest
from coopt.gamification.services.contests import contest_close, contest_create


def seed_contests(*, recruiter: Membership) -> list[Contest]:
    now = timezone.now()
    running = contest_create(
        tenant=recruiter.tenant,
        author=recruiter,
        title="Challenge de l'hiver : qui recommandera le plus ?",
        description="Chaque recommandation compte, quel que soit le poste.",
        starts_at=now - timedelta(days=20),
        ends_at=now + timedelta(days=10),
        criterion=Contest.Criterion.MADE,
        prize="Un week-end pour deux à Annecy",
    )
    ended = contest_create(
        tenant=recruiter.tenant,
        author=recruiter,
        title="Défi de la rentrée : candidatures recommandées",
        starts_at=now - timedelta(days=120),
        ends_at=now + timedelta(minutes=1),
        criterion=Contest.Criterion.MADE,
        prize="Un dîner pour deux",
    )
    # Created in the future, as the service requires, then moved to the past it stands for.
    Contest.objects.filter(pk=ended.pk).update(ends_at=now - timedelta(days=45))
    contest_close(contest_id=ended.pk)
    return [running, ended]
