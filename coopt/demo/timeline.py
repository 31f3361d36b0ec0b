"""Dating the demo in the past: the services write "now", a live tenant has weeks of history.

Only timestamps move, and their order is kept: a referral starts after its job
was published, each step follows the previous one, and a closed job's stories
end before it closed.
"""

import random
from datetime import datetime, timedelta

from django.utils import timezone

from coopt.accounts.models import Membership, User
from coopt.gamification.models import Action, PointEvent
from coopt.jobs.models import Job
from coopt.notifications.models import Notification
from coopt.referrals.models import Referral, Source, Status, StatusChange

from .referrals import Played


def backdate_memberships(memberships: list[Membership], rng: random.Random, days: int) -> None:
    """Invitations went out ``days`` ago; people joined and onboarded over the next weeks."""
    now = timezone.now()
    for membership in memberships:
        invited = now - timedelta(days=days, hours=rng.randint(0, 72))
        joined = invited + timedelta(hours=rng.randint(2, 24 * 20))
        Membership.objects.filter(pk=membership.pk).update(
            invited_at=invited,
            joined_at=joined,
            onboarded_at=joined + timedelta(minutes=6),
            created_at=invited - timedelta(minutes=30),
        )
        User.objects.filter(pk=membership.user_id, date_joined__gt=invited).update(
            date_joined=invited - timedelta(minutes=30)
        )


def _paced(rng: random.Random, start: datetime, end: datetime, count: int) -> list[datetime]:
    """``count`` steps after ``start``, a few days apart, squeezed to finish by ``end``."""
    gaps = [timedelta(days=rng.uniform(3, 9)) for _ in range(count)]
    total = sum(gaps, timedelta())
    room = max(end - start, timedelta(hours=count))  # never before ``start``
    if total > room:
        gaps = [gap * (room / total) for gap in gaps]
    stamps, moment = [], start
    for gap in gaps:
        moment += gap
        stamps.append(moment)
    return stamps


def _set_history(referral: Referral, stamps: list[datetime]) -> None:
    history = StatusChange.objects.filter(referral=referral).order_by("id")
    for change, stamp in zip(history, stamps, strict=True):
        StatusChange.objects.filter(pk=change.pk).update(created_at=stamp)


def backdate_story(played: Played, rng: random.Random) -> None:
    """Date one story; run after its job was dated."""
    story, made = played.story, played.referrals
    now = timezone.now()
    job = Job.objects.get(pk=made[0].job_id)
    start = now - timedelta(days=story.days_ago, hours=rng.randint(1, 9))
    if job.published_at is not None:
        start = max(start, job.published_at + timedelta(hours=2))
    end = now - timedelta(hours=rng.randint(3, 20))
    if job.closed_at is not None:
        end = min(end, job.closed_at - timedelta(hours=2))
    is_referral = made[0].source == Source.REFERRAL
    answered = start + min(timedelta(hours=rng.randint(5, 40)), (end - start) * 0.2)
    first_steps = _paced(rng, answered, end, len(story.steps) + bool(story.transfer_to))
    _set_history(made[0], [start, *first_steps])
    fields: dict[str, object] = {"created_at": start, "consent_requested_at": start}
    if made[0].consent_answered_at is not None:
        fields["consent_answered_at"] = answered if is_referral else start
    Referral.objects.filter(pk=made[0].pk).update(**fields)
    events = [answered if is_referral else start, *first_steps]
    last = first_steps[-1] if first_steps else answered
    if len(made) == 2:
        transfer_at = first_steps[-1]
        events.pop()  # a transfer sends no message
        later = _paced(rng, transfer_at, end, len(story.steps_after_transfer))
        _set_history(made[1], [transfer_at, *later])
        Referral.objects.filter(pk=made[1].pk).update(
            created_at=transfer_at, consent_requested_at=start, consent_answered_at=answered
        )
        events += later
        last = later[-1] if later else transfer_at
    for referral in made:
        referral.notes.update(created_at=last + timedelta(minutes=40))
        _backdate_points(referral.pk)
    # Messages follow the answer and each step; align from the end if some were not sent.
    ids = played.notification_ids
    for notification_id, stamp in zip(ids, events[-len(ids) :] if ids else [], strict=False):
        Notification.objects.filter(pk=notification_id).update(created_at=stamp)


# The pipeline step that earns each kind of points.
POINTS_STATUS = {Action.INTERVIEW: Status.MET, Action.HIRE: Status.HIRED}


def _backdate_points(referral_id: int) -> None:
    """The referrer's points carry the dates of the steps that earned them."""
    referral = Referral.objects.get(pk=referral_id)
    when = {
        Action.REFERRAL_MADE: referral.created_at,
        Action.REFERRAL_CONFIRMED: referral.consent_answered_at,
    }
    for action, status in POINTS_STATUS.items():
        change = referral.history.filter(to_status=status).order_by("created_at").first()
        when[action] = change.created_at if change is not None else None
    for action, stamp in when.items():
        if stamp is not None:
            PointEvent.objects.filter(referral=referral, action=action).update(created_at=stamp)
