"""Playing referral stories through the real services.

A story is a person put forward for a job (by a member, through a member's link,
by themself, or a member applying internally), what they answered, and the steps
the recruiter took. The services create every row and enforce every rule; only
the timestamps are moved afterwards (``timeline``), so the demo looks like weeks
of activity.
"""

import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from coopt.accounts.models import Membership, User
from coopt.jobs.models import Job, ShareLink
from coopt.jobs.services import share_link_for
from coopt.notifications.models import Notification, OutboundEmail
from coopt.referrals.models import Consent, Referral, Source
from coopt.referrals.services import (
    ApplicationData,
    ReferralData,
    application_submit,
    consent_confirm,
    consent_decline,
    mobility_apply,
    note_add,
    referral_erase_personal_data,
    referral_set_status,
    referral_submit,
    referral_transfer,
    reminder_add,
    reminder_complete,
)

from .people import email_for

DEMO = "@demo"  # the demo member
ANY = "@any"  # a member picked at random


@dataclass(frozen=True)
class Story:
    job: str
    person: tuple[str, str, str]  # first name, last name, language
    days_ago: int
    referrer: str = ANY  # DEMO, ANY, or "" for nobody
    source: str = Source.REFERRAL
    # CONFIRMED or DECLINED: the person answered; AWAITING: not yet; EXPIRED: no answer
    # in time, so the seed expires it once it is dated (see ``expire``).
    consent: str = Consent.CONFIRMED
    steps: tuple[tuple[str, str], ...] = ()  # (status, comment) after the answer
    note: str = ""
    reminder: tuple[int, str, bool] | None = None  # (due in days, text, done)
    transfer_to: str = ""  # a job key: transferred after the steps
    steps_after_transfer: tuple[tuple[str, str], ...] = ()
    email_domain: str = ""  # the same person twice: give the same domain


@dataclass
class Cast:
    """Who plays the stories."""

    recruiter: Membership
    demo_member: Membership
    pool: list[Membership]
    jobs: dict[str, Job]
    rng: random.Random
    texts: "Texts"
    referrals: list[Referral] = field(default_factory=list)


@dataclass(frozen=True)
class Texts:
    """What members write, in the tenant's language."""

    relationships: tuple[str, ...]
    motivations: tuple[str, ...]
    mobility_motivation: str


def mark_outbox_sent(tenant_ids: list[int]) -> int:
    """The demo's e-mails count as already sent, so that a worker does not send them now."""
    return OutboundEmail.objects.filter(
        tenant_id__in=tenant_ids, status=OutboundEmail.Status.PENDING
    ).update(status=OutboundEmail.Status.SENT, sent_at=timezone.now())


def expire(referral: Referral) -> Referral:
    """What the scheduled expiry does to one unanswered request (scoped to this referral)."""
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        referral.consent = Consent.EXPIRED
        referral.save(update_fields=["consent", "updated_at"])
        return referral_erase_personal_data(referral=referral)


def _referrer(cast: Cast, story: Story) -> Membership | None:
    if story.referrer == DEMO:
        return cast.demo_member
    if story.referrer == ANY:
        return cast.rng.choice(cast.pool)
    return None


def _phone(rng: random.Random) -> str:
    # 06 39 98 xx xx is reserved by ARCEP for fiction.
    return f"+33 6 39 98 {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}"


def _submit(cast: Cast, story: Story) -> Referral:
    rng = cast.rng
    first, last, language = story.person
    domain = story.email_domain or rng.choice(("example.org", "example.com", "example.net"))
    email = email_for(first, last, domain)
    job = cast.jobs[story.job]
    referrer = _referrer(cast, story)
    if story.source == Source.MOBILITY:
        return mobility_apply(
            member=cast.demo_member, job=job, motivation=cast.texts.mobility_motivation
        )
    if story.source in (Source.SHARE_LINK, Source.APPLICATION):
        link: ShareLink | None = None
        if referrer is not None:
            link = share_link_for(job=job, member=referrer)
            ShareLink.objects.filter(pk=link.pk).update(visits=F("visits") + rng.randint(3, 12))
        application = ApplicationData(
            first_name=first,
            last_name=last,
            email=email,
            phone=_phone(rng),
            motivation=rng.choice(cast.texts.motivations),
            language=language,
        )
        return application_submit(job=job, data=application, share_link=link)
    assert referrer is not None
    data = ReferralData(
        first_name=first,
        last_name=last,
        email=email,
        phone=_phone(rng),
        relationship=rng.choice(cast.texts.relationships),
        motivation=rng.choice(cast.texts.motivations),
        language=language,
    )
    return referral_submit(member=referrer, job=job, data=data)


def _walk(referral: Referral, steps: tuple[tuple[str, str], ...], author: User) -> Referral:
    for status, comment in steps:
        referral = referral_set_status(
            referral=referral, status=status, author=author, comment=comment
        )
    return referral


@dataclass
class Played:
    """A story once played: the referrals it made and the in-app messages it caused."""

    story: Story
    referrals: list[Referral]
    notification_ids: list[int]


def _last_notification_id() -> int:
    return Notification.objects.aggregate(last=Max("id"))["last"] or 0


def play(cast: Cast, story: Story) -> Played:
    """Run one story; it makes two referrals when the person is transferred."""
    author = cast.recruiter.user
    before = _last_notification_id()
    referral = _submit(cast, story)
    if story.source == Source.REFERRAL:
        mark_outbox_sent([referral.tenant_id])  # the request went out before the answer came
        if story.consent == Consent.CONFIRMED:
            referral = consent_confirm(referral=referral)
        elif story.consent == Consent.DECLINED:
            referral = consent_decline(referral=referral)
    referral = _walk(referral, story.steps, author)
    if story.note:
        note_add(referral=referral, author=author, body=story.note)
    if story.reminder:
        due_in, text, done = story.reminder
        reminder = reminder_add(
            referral=referral,
            owner=cast.recruiter,
            due_on=timezone.localdate() + timedelta(days=due_in),
            text=text,
        )
        if done:
            reminder_complete(reminder=reminder)
    made = [referral]
    if story.transfer_to:
        new = referral_transfer(referral=referral, job=cast.jobs[story.transfer_to], author=author)
        made.append(_walk(new, story.steps_after_transfer, author))
    notification_ids = list(
        Notification.objects.filter(id__gt=before, tenant_id=referral.tenant_id)
        .order_by("id")
        .values_list("id", flat=True)
    )
    return Played(story=story, referrals=made, notification_ids=notification_ids)
