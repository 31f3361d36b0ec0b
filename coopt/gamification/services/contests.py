"""Contests (G3): created by an admin, closed by a scheduled task after their end.

Closing computes the winners (everyone tied at the top score wins; a contest in
which nobody scored has no winner), stores them, and announces the result in-app
to every active member of the tenant. The contest row is locked and marked
``announced_at`` in the same transaction, so a retried or doubled task closes it
once.
"""

from collections import defaultdict
from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from coopt.accounts.models import Membership
from coopt.notifications.language import reader_language
from coopt.notifications.messages import Deferred
from coopt.notifications.services import (
    NotificationRow,
    notification_create_translated,
    notifications_create_many,
)
from coopt.taxonomy.models import Tag
from coopt.tenants.models import Tenant

from ..models import Contest, ContestWinner
from ..names import public_name

NOTIFICATION_BATCH_SIZE = 500


class ContestError(Exception):
    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


class _Joined:
    """A list of names joined in the recipient's language (some names are translated)."""

    def __init__(self, items: list[object]) -> None:
        self.items = items

    def __str__(self) -> str:
        return ", ".join(str(item) for item in self.items)


def _check_family(tenant: Tenant, job_family: Tag | None) -> None:
    if job_family is not None and (
        job_family.tenant_id != tenant.pk or job_family.kind != Tag.Kind.FAMILY
    ):
        raise ContestError(_("Choose a job family of this company."))


@transaction.atomic
def contest_create(
    *,
    tenant: Tenant,
    author: Membership,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    criterion: str,
    prize: str,
    description: str = "",
    job_family: Tag | None = None,
) -> Contest:
    if ends_at <= starts_at:
        raise ContestError(_("The end must come after the start."))
    if ends_at <= timezone.now():
        raise ContestError(_("The end must be in the future."))
    _check_family(tenant, job_family)
    return Contest.objects.create(
        tenant=tenant,
        created_by=author,
        title=title.strip(),
        description=description.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        criterion=criterion,
        job_family=job_family,
        prize=prize.strip(),
    )


@transaction.atomic
def contest_update(*, contest: Contest, **fields: object) -> Contest:
    """Change a contest that is not closed yet."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if contest.winners_computed_at is not None:
        raise ContestError(_("This contest is over; its results can no longer change."))
    for name, value in fields.items():
        setattr(contest, name, value.strip() if isinstance(value, str) else value)
    if contest.ends_at <= contest.starts_at:
        raise ContestError(_("The end must come after the start."))
    _check_family(contest.tenant, contest.job_family)
    contest.save()
    return contest


@transaction.atomic
def contest_delete(*, contest: Contest) -> None:
    """Delete a contest that has not been closed (a closed one is history)."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if contest.winners_computed_at is not None:
        raise ContestError(_("This contest is over; it stays in the history."))
    contest.delete()


def _announce(*, contest: Contest, winners: list[Membership]) -> int:
    """One in-app message per active member, in their language; winners get their own."""
    url = reverse("gamification:contest", args=[contest.pk])
    ref = f"contest:{contest.pk}"
    if winners:
        message: object = Deferred(
            _("The contest “%(title)s” is over. Winners: %(names)s. Prize: %(prize)s."),
            title=contest.title,
            names=_Joined([public_name(member) for member in winners]),
            prize=contest.prize,
        )
    else:
        message = Deferred(
            _("The contest “%(title)s” is over, with no winner this time."), title=contest.title
        )
    winner_ids = {member.pk for member in winners}
    recipients = (
        Membership.objects.filter(tenant_id=contest.tenant_id, is_active=True)
        .exclude(pk__in=winner_ids)
        .select_related("user", "tenant")
    )
    by_language: dict[str, list[Membership]] = defaultdict(list)
    for member in recipients.iterator(chunk_size=NOTIFICATION_BATCH_SIZE):
        by_language[reader_language(member.user.language, member)].append(member)
    rows = []
    for language, members in by_language.items():
        with translation.override(language):
            text = str(message)
        rows += [NotificationRow(recipient_id=m.pk, text=text) for m in members]
    notifications_create_many(
        tenant_id=contest.tenant_id,
        rows=rows,
        url=url,
        subject_ref=ref,
        batch_size=NOTIFICATION_BATCH_SIZE,
    )
    for member in winners:
        notification_create_translated(
            recipient=member,
            message=Deferred(
                _("You won the contest “%(title)s”! Prize: %(prize)s."),
                title=contest.title,
                prize=contest.prize,
            ),
            url=url,
            subject_ref=ref,
        )
    return len(rows) + len(winners)


@transaction.atomic
def contest_close(*, contest_id: int) -> bool:
    """Compute, store and announce the winners of an ended contest, once.

    Returns False when there is nothing to do (not ended, or already closed).
    """
    from ..selectors.contests import contest_standings

    contest = (
        Contest.objects.select_for_update()
        .filter(pk=contest_id, announced_at__isnull=True, ends_at__lte=timezone.now())
        .first()
    )
    if contest is None:
        return False
    standings = contest_standings(contest=contest)
    top = standings[0].score if standings else 0
    winners = [row.member for row in standings if top and row.score == top]
    ContestWinner.objects.bulk_create(
        [ContestWinner(contest=contest, member=member, score=top) for member in winners],
        ignore_conflicts=True,
    )
    _announce(contest=contest, winners=winners)
    contest.winners_computed_at = contest.announced_at = timezone.now()
    contest.save(update_fields=["winners_computed_at", "announced_at"])
    return True


def contests_close_ended() -> int:
    """Close every ended contest not closed yet, each in its own transaction."""
    ids = list(
        Contest.objects.filter(announced_at__isnull=True, ends_at__lte=timezone.now())
        .order_by("ends_at")
        .values_list("pk", flat=True)
    )
    return sum(1 for contest_id in ids if contest_close(contest_id=contest_id))
