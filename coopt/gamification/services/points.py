"""Points (G1): awarded once per member, action and thing; levels and badges follow.

``points_award`` is the entry point for the point table's actions: referral events, share
links, and later answers (Q&A) and sponsorships (network) all come through it; the points
of a points-kind reward come through ``points_for_reward``. The database rule
"one (member, action, ref)" makes it idempotent: a retried task, a double click
or two workers at once insert one row; the loser's insert fails inside a
savepoint and changes nothing.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopt.accounts.models import Membership, User
from coopt.audit.actors import Actor
from coopt.audit.services import Action as AuditAction
from coopt.audit.services import audit_record
from coopt.jobs.models import ShareLink
from coopt.notifications.messages import Deferred
from coopt.notifications.services import notification_create_translated
from coopt.referrals.models import Referral

from ..badges import Badge, badges_for_action
from ..levels import level_for_points, levels_of, points_of
from ..limits import point_settings_of
from ..models import (
    DEFAULT_POINTS,
    Action,
    MemberBadge,
    MemberScore,
    PointEvent,
    PointRule,
    PointSettings,
    ReferralLevel,
)

# What each referral event (coopt.referrals.services.events) is worth.
REFERRAL_EVENT_ACTIONS: dict[str, str] = {
    "made": Action.REFERRAL_MADE,
    "confirmed": Action.REFERRAL_CONFIRMED,
    "met": Action.INTERVIEW,
    "hired": Action.HIRE,
    "forwarded": Action.REFERRAL_FORWARDED,
}


def point_rules_seed(*, tenant_id: int) -> None:
    """Create the tenant's point table with the defaults, keeping any row already there."""
    PointRule.objects.bulk_create(
        [
            PointRule(tenant_id=tenant_id, action=action, points=points)
            for action, points in DEFAULT_POINTS.items()
        ],
        ignore_conflicts=True,
    )


def _points_for(*, tenant_id: int, action: str) -> int:
    points = (
        PointRule.objects.filter(tenant_id=tenant_id, action=action)
        .values_list("points", flat=True)
        .first()
    )
    if points is None:
        point_rules_seed(tenant_id=tenant_id)
        return DEFAULT_POINTS[action]
    return points


def _locked_score(member: Membership) -> MemberScore:
    """The member's score row, locked until the transaction ends (created if missing)."""
    score = MemberScore.objects.select_for_update().filter(member=member).first()
    if score is None:
        MemberScore.objects.get_or_create(member=member, defaults={"tenant_id": member.tenant_id})
        score = MemberScore.objects.select_for_update().get(member=member)
    return score


def _points_url() -> str:
    return reverse("gamification:points")


def _add_to_score(*, member: Membership, points: int) -> None:
    score = _locked_score(member)
    levels = levels_of(tenant=member.tenant)
    before = level_for_points(points=score.points, levels=levels)
    score.points += points
    score.save(update_fields=["points", "updated_at"])
    after = level_for_points(points=score.points, levels=levels)
    if after.threshold > before.threshold:
        notification_create_translated(
            recipient=member,
            message=Deferred(_("You reached the level “%(level)s”. Well done!"), level=after.name),
            url=_points_url(),
            subject_ref=f"level:{after.key}",
        )


def _badge_award(*, member: Membership, badge: Badge) -> bool:
    try:
        with transaction.atomic():
            MemberBadge.objects.create(tenant_id=member.tenant_id, member=member, key=badge.key)
    except IntegrityError:
        return False
    notification_create_translated(
        recipient=member,
        message=Deferred(
            _("New badge: “%(badge)s”. %(why)s"), badge=badge.name, why=badge.description
        ),
        url=_points_url(),
        subject_ref=f"badge:{badge.key}",
    )
    return True


def _badges_check(*, member: Membership, action: str) -> None:
    candidates = badges_for_action(action)
    if not candidates:
        return
    earned = set(MemberBadge.objects.filter(member=member).values_list("key", flat=True))
    candidates = [badge for badge in candidates if badge.key not in earned]
    if not candidates:
        return
    done = PointEvent.objects.filter(member=member, action=action).count()
    for badge in candidates:
        if done >= badge.count:
            _badge_award(member=member, badge=badge)


@transaction.atomic
def points_award(
    *, member: Membership, action: str, ref: str, referral: Referral | None = None
) -> PointEvent | None:
    """Award ``member`` the tenant's points for ``action`` on ``ref`` (e.g.
    ``"referral:42:made"``, ``"answer:7"``), once: None if it was awarded before.

    The event is recorded even when the action is worth 0 points, so contests can
    count it. The score, level and badges are updated in the same transaction.
    """
    if action not in DEFAULT_POINTS:  # a reward's points come through points_for_reward
        raise ValueError(f"Unknown action {action!r}")
    points = _points_for(tenant_id=member.tenant_id, action=action)
    try:
        with transaction.atomic():
            event = PointEvent.objects.create(
                tenant_id=member.tenant_id,
                member=member,
                action=action,
                points=points,
                ref=ref[:120],
                referral=referral,
            )
    except IntegrityError:
        return None
    if points:
        _add_to_score(member=member, points=points)
    _badges_check(member=member, action=action)
    return event


def points_for_referral_event(*, referral: Referral, event: str) -> None:
    """Points for the referrer when their referral is made, confirmed, met or hired.

    Called inside the referral services' transaction. Other events (contacted,
    not retained) and referrals without a referring member earn nothing.
    """
    action = REFERRAL_EVENT_ACTIONS.get(event)
    if action is None:
        return
    referrer = referral.referrer  # no query when there is none
    if referrer is None:
        return
    if event == "made":
        _level_at_referral(referral=referral, referrer=referrer)
    points_award(
        member=referrer,
        action=action,
        ref=f"referral:{referral.pk}:{event}",
        referral=referral,
    )
    if action == Action.REFERRAL_FORWARDED and referrer.sponsor_id is not None:
        # The sponsor's points for the sponsee's first forwarded referral: once per sponsee.
        sponsor = Membership.objects.filter(pk=referrer.sponsor_id, is_active=True).first()
        if sponsor is not None:
            points_award(
                member=sponsor,
                action=Action.SPONSEE_FORWARDED,
                ref=f"sponsee:{referrer.pk}:first_forwarded",
            )


def _level_at_referral(*, referral: Referral, referrer: Membership) -> None:
    """Keep the referrer's level as it is when they recommend someone, before this
    referral's own points: a bounty by level (W1) pays that level, whatever comes after."""
    points = points_of(member=referrer)
    level = level_for_points(points=points, levels=levels_of(tenant=referrer.tenant))
    ReferralLevel.objects.bulk_create(
        [ReferralLevel(referral=referral, member=referrer, level=level.key, points=points)],
        ignore_conflicts=True,
    )


def visit_ref(day: date) -> str:
    return f"visit:{day.isoformat()}"


@transaction.atomic
def points_for_job_visit(*, member: Membership, day: date | None = None) -> PointEvent | None:
    """A member looked at the jobs: the visit points, once a day and for at most the
    tenant's number of days in the calendar month (``PointSettings``). None when the day
    counted already or the month's days are used up.

    The day is the site's local date. The event's ref is the day (``visit:2026-12-07``), so
    the (member, action, ref) rule counts one visit a day even under concurrent requests;
    nothing is written once the day counted or the month is full.
    """
    if not member.is_active:
        return None
    day = day or timezone.localdate()
    if PointEvent.objects.filter(member=member, action=Action.VISIT, ref=visit_ref(day)).exists():
        return None
    month = PointEvent.objects.filter(
        member=member, action=Action.VISIT, ref__startswith=f"visit:{day:%Y-%m}-"
    )
    if month.count() >= point_settings_of(tenant_id=member.tenant_id).visit_days_per_month:
        return None
    return points_award(member=member, action=Action.VISIT, ref=visit_ref(day))


def points_for_share_visit(*, link: ShareLink, visitor: User | None) -> PointEvent | None:
    """A member's tracked job link was opened: the share counts once, on the first
    visit by someone else (the member following their own link earns nothing)."""
    member = link.member
    if not member.is_active or (visitor is not None and visitor.pk == member.user_id):
        return None
    ref = f"share:{link.pk}"
    if PointEvent.objects.filter(member=member, action=Action.SHARE, ref=ref).exists():
        return None
    return points_award(member=member, action=Action.SHARE, ref=ref)


@transaction.atomic
def point_rules_update(
    *,
    tenant_id: int,
    points: dict[str, int],
    actor: Actor,
    visit_days_per_month: int | None = None,
) -> list[str]:
    """Set the points per action (and the days of job visits that count a month); returns
    what changed. Points already awarded keep their value. Recorded in the audit log, with
    the actions changed."""
    point_rules_seed(tenant_id=tenant_id)
    changed = []
    for rule in PointRule.objects.select_for_update().filter(tenant_id=tenant_id):
        new = points.get(rule.action)
        if new is not None and new != rule.points:
            rule.points = new
            rule.save(update_fields=["points"])
            changed.append(rule.action)
    if visit_days_per_month is not None:
        settings, _created = PointSettings.objects.select_for_update().get_or_create(
            tenant_id=tenant_id
        )
        if settings.visit_days_per_month != visit_days_per_month:
            settings.visit_days_per_month = visit_days_per_month
            settings.save(update_fields=["visit_days_per_month"])
            changed.append("visit_days_per_month")
    audit_record(
        actor=actor,
        tenant_id=tenant_id,
        action=AuditAction.SETTINGS_CHANGED,
        target=f"tenant:{tenant_id}",
        details={"section": "points", "fields": sorted(changed)},
    )
    return changed


@transaction.atomic
def points_for_reward(
    *, member: Membership, reward_id: int, points: int, referral: Referral | None = None
) -> int:
    """Bring the points that reward ``reward_id`` credited ``member`` to ``points``: its
    points when it is due, 0 when it is cancelled. Returns the change (0 if none).

    Idempotent by construction: it adds the difference between ``points`` and what the
    reward's events already add up to, under the lock on the member's score, so a retried
    task, a repeated status change or two workers at once credit once. Each change is an
    event of its own (``reward:<id>:<n>``), so the history shows a credit and its reversal.
    """
    _locked_score(member)  # serialise the reward's changes for this member
    prefix = f"reward:{reward_id}:"
    events = PointEvent.objects.filter(member=member, action=Action.REWARD, ref__startswith=prefix)
    credited = events.aggregate(total=Sum("points"))["total"] or 0
    change = points - credited
    if not change:
        return 0
    PointEvent.objects.create(
        tenant_id=member.tenant_id,
        member=member,
        action=Action.REWARD,
        points=change,
        ref=f"{prefix}{events.count() + 1}",
        referral=referral,
    )
    _add_to_score(member=member, points=change)
    return change
