"""The frequency cap (D6): one count across targeted e-mails and digests, per member and
rolling seven days, set by each tenant; what goes beyond is deferred, never dropped."""

import threading
import time
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import connection, connections
from django.utils import timezone

from coopt.accounts.models import Membership
from coopt.diffusion import sends
from coopt.diffusion.audience import AudienceSpec
from coopt.diffusion.cap import WINDOW, over_cap, recent_counts, weekly_cap_of
from coopt.diffusion.models import (
    DEFAULT_WEEKLY_CAP,
    Delivery,
    DiffusionSettings,
    Send,
    Solicitation,
)
from coopt.diffusion.selectors import progress_by_send
from coopt.jobs.models import Job
from coopt.notifications.models import Notification, OutboundEmail
from coopt.taxonomy.models import Tag

from ..conftest import World
from ..factories import make_job

pytestmark = pytest.mark.django_db

TARGETED = Solicitation.Kind.TARGETED
DIGEST = Solicitation.Kind.DIGEST


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """The diffusion tasks queued, recorded instead of run: the tests run each step."""
    tasks: list[tuple[Any, ...]] = []
    monkeypatch.setattr(sends, "_enqueue", lambda task, *args: tasks.append((task, *args)))
    return tasks


@pytest.fixture
def lyon_followers(world: World) -> list[Membership]:
    lyon = Tag.objects.get(tenant=world.acme, name="Lyon")
    for member in (world.member, world.expert, world.recruiter):
        member.interests.set([lyon])
    return [world.member, world.expert, world.recruiter]


def solicit(member: Membership, kind: str, at: Any, period: str = "") -> Solicitation:
    return Solicitation.objects.create(
        tenant=member.tenant, member=member, kind=kind, created_at=at, period=period
    )


def lyon_job(world: World, title: str) -> Job:
    lyon = Tag.objects.get(tenant=world.acme, name="Lyon")
    return make_job(world.acme, author=world.recruiter.user, title=title, locations=[lyon])


def send_all(world: World, job: Job) -> Send:
    """Start, prepare and run a send of ``job`` to its whole audience, in process."""
    send = sends.send_start(job=job, spec=AudienceSpec(), author=world.recruiter.user)
    sends.send_prepare(send_id=send.pk)
    sends.waves_release_due()
    while sends.send_batch(send_id=send.pk).handled:
        pass
    send.refresh_from_db()
    return send


def recipients() -> Counter[str]:
    return Counter(to for message in mail.outbox for to in message.to)


def test_the_cap_counts_the_solicitations_of_the_last_seven_rolling_days(world: World) -> None:
    now = timezone.now()
    member = world.member
    solicit(member, TARGETED, now - WINDOW)  # exactly seven days ago: out
    solicit(member, TARGETED, now - WINDOW + timedelta(seconds=1))
    solicit(member, DIGEST, now - timedelta(days=3), period="2026-W01")
    solicit(member, TARGETED, now - timedelta(hours=1))
    solicit(world.expert, TARGETED, now - timedelta(days=8))

    with time_machine.travel(now, tick=False) as clock:
        assert recent_counts(member_ids=[member.pk, world.expert.pk]) == {member.pk: 3}
        assert over_cap(tenant=world.acme, member_ids=[member.pk, world.expert.pk]) == {member.pk}
        clock.shift(timedelta(seconds=1))  # the oldest of the three leaves the window
        assert recent_counts(member_ids=[member.pk]) == {member.pk: 2}
        assert over_cap(tenant=world.acme, member_ids=[member.pk]) == set()
        clock.shift(timedelta(days=7))
        assert recent_counts(member_ids=[member.pk]) == {}


def test_each_tenant_sets_its_own_cap(world: World) -> None:
    assert weekly_cap_of(tenant=world.acme) == DEFAULT_WEEKLY_CAP == 3
    DiffusionSettings.objects.create(tenant=world.acme, weekly_cap=1)
    assert weekly_cap_of(tenant=world.acme) == 1
    assert weekly_cap_of(tenant=world.globex) == DEFAULT_WEEKLY_CAP
    now = timezone.now()
    for member in (world.member, world.outsider_member):
        solicit(member, TARGETED, now - timedelta(days=1))

    assert over_cap(tenant=world.acme, member_ids=[world.member.pk]) == {world.member.pk}
    assert over_cap(tenant=world.globex, member_ids=[world.outsider_member.pk]) == set()


def test_digests_and_targeted_e_mails_count_together(world: World) -> None:
    DiffusionSettings.objects.create(tenant=world.acme, weekly_cap=2)
    now = timezone.now()
    solicit(world.member, DIGEST, now - timedelta(days=2), period="2026-W01")
    solicit(world.member, TARGETED, now - timedelta(days=1))
    solicit(world.expert, DIGEST, now - timedelta(days=2), period="2026-W01")
    solicit(world.recruiter, TARGETED, now - timedelta(days=2))

    ids = [world.member.pk, world.expert.pk, world.recruiter.pk]
    assert over_cap(tenant=world.acme, member_ids=ids) == {world.member.pk}


def test_members_at_the_cap_are_deferred_to_their_digest_and_counted(
    world: World, lyon_followers: list[Membership], queued: list[tuple[Any, ...]]
) -> None:
    DiffusionSettings.objects.create(tenant=world.acme, weekly_cap=2)
    now = timezone.now()
    solicit(world.expert, DIGEST, now - timedelta(days=6), period="2026-W01")
    solicit(world.expert, TARGETED, now - timedelta(days=1))

    send = send_all(world, world.job)

    expert = Delivery.objects.get(member=world.expert)
    assert (expert.status, expert.email_id) == ("deferred", None)
    assert recipients() == Counter([world.member.user.email, world.recruiter.user.email])
    assert not Notification.objects.filter(recipient=world.expert).exists()
    # A deferred job is not a solicitation: the cap counts only what was sent.
    assert Solicitation.objects.filter(member=world.expert).count() == 2
    assert Solicitation.objects.filter(member=world.member, kind=TARGETED).count() == 1
    progress = sends.progress_of(send=send)
    assert (progress.sent, progress.deferred, progress.queued, progress.total) == (2, 1, 0, 3)
    assert progress_by_send(send_ids=[send.pk])[send.pk] == progress
    assert sends.deferred_count(job=world.job) == 1
    assert send.status == Send.Status.DONE
    # Once the digest has offered it, it is still counted as deferred for the recruiter.
    Delivery.objects.filter(pk=expert.pk).update(status=Delivery.Status.DIGESTED)
    assert sends.progress_of(send=send).deferred == 1
    assert sends.deferred_count(job=world.job) == 1


def test_a_targeted_e_mail_counts_toward_the_cap_until_it_is_a_week_old(
    world: World, lyon_followers: list[Membership], queued: list[tuple[Any, ...]]
) -> None:
    DiffusionSettings.objects.create(tenant=world.acme, weekly_cap=1)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        first = send_all(world, world.job)
        clock.shift(timedelta(days=6, hours=23))
        second = send_all(world, lyon_job(world, "Buyer"))
        clock.shift(timedelta(hours=1, seconds=1))
        third = send_all(world, lyon_job(world, "Planner"))

    assert sends.progress_of(send=first).sent == 3
    assert sends.progress_of(send=second).deferred == 3
    assert sends.progress_of(send=third).sent == 3
    assert len(mail.outbox) == 6
    assert OutboundEmail.objects.filter(template="job-targeted").count() == 6


def waiting_statements() -> list[str]:
    """PostgreSQL: the statements of other sessions waiting on a lock."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT query FROM pg_stat_activity WHERE datname = current_database()"
            " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return [query for (query,) in cursor.fetchall()]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_batches_at_once_never_take_a_member_over_the_cap(
    world: World,
    lyon_followers: list[Membership],
    queued: list[tuple[Any, ...]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two sends of two jobs to the same members, their batches on two workers at once."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite runs one writer at a time")
    DiffusionSettings.objects.create(tenant=world.acme, weekly_cap=1)
    sends_ = []
    for job in (world.job, lyon_job(world, "Buyer")):
        send = sends.send_start(job=job, spec=AudienceSpec(), author=world.recruiter.user)
        sends.send_prepare(send_id=send.pk)
        sends_.append(send)
    sends.waves_release_due()
    counted, go = threading.Event(), threading.Event()
    original = sends.over_cap

    def first_counts_then_waits(**kwargs: Any) -> set[int]:
        capped = original(**kwargs)
        if threading.current_thread().name == "first":
            counted.set()
            assert go.wait(30)
        return capped

    monkeypatch.setattr(sends, "over_cap", first_counts_then_waits)
    errors: list[BaseException] = []

    def batch(send: Send) -> None:
        try:
            sends.send_batch(send_id=send.pk)
        except BaseException as error:  # noqa: BLE001 - the test reports it
            errors.append(error)
        finally:
            connections.close_all()

    first = threading.Thread(target=batch, args=(sends_[0],), name="first")
    second = threading.Thread(target=batch, args=(sends_[1],), name="second")
    first.start()
    try:
        assert counted.wait(10)
        second.start()
        # The second batch either ends, or waits for the first (a fixed cap locks).
        deadline = time.monotonic() + 10
        while second.is_alive() and not waiting_statements():
            assert time.monotonic() < deadline
            time.sleep(0.02)
    finally:
        go.set()
        first.join(30)
        second.join(30)

    assert errors == []
    per_member = Counter(Solicitation.objects.values_list("member_id", flat=True))
    assert per_member == Counter({member.pk: 1 for member in lyon_followers})
    assert len(mail.outbox) == 3
    assert sum(sends.progress_of(send=send).deferred for send in sends_) == 3
