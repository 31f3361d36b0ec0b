"""Targeted sends (D2): deliveries, batches, waves, the cap, progress — in process."""

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from coopt.accounts.models import Membership
from coopt.diffusion import audience as audience_module
from coopt.diffusion import sends
from coopt.diffusion.audience import AudienceSpec, counts, sample
from coopt.diffusion.models import Delivery, DiffusionSettings, Send, Solicitation, Wave
from coopt.diffusion.unsubscribe import member_id_from_token, unsubscribe_url
from coopt.gamification.models import MemberScore
from coopt.jobs.models import Job
from coopt.jobs.services import job_set_status
from coopt.notifications import delivery
from coopt.notifications.models import Notification, OutboundEmail
from coopt.notifications.tasks import relay_outbox
from coopt.taxonomy.models import Tag

from ..conftest import World
from ..factories import make_job, make_member

pytestmark = pytest.mark.django_db


def run_send(send: Send) -> None:
    """What the worker does, in process: prepare, release, batches until done."""
    sends.send_prepare(send_id=send.pk)
    sends.waves_release_due()
    while sends.send_batch(send_id=send.pk, size=2).handled:
        pass


@pytest.fixture
def lyon_followers(world: World) -> list[Membership]:
    lyon = Tag.objects.get(tenant=world.acme, name="Lyon")
    for member in (world.member, world.expert, world.recruiter):
        member.interests.set([lyon])
    return [world.member, world.expert, world.recruiter]


def test_a_send_reaches_each_member_once_by_email_and_in_app(
    world, lyon_followers, django_capture_on_commit_callbacks
):
    send = sends.send_start(job=world.job, spec=AudienceSpec(), author=world.recruiter.user)
    assert send.audience_size == 3
    run_send(send)
    send.refresh_from_db()
    assert send.status == Send.Status.DONE
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.user.email for m in lyon_followers)
    message = mail.outbox[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Account manager" in message.subject
    assert Notification.objects.filter(subject_ref=f"job:{world.job.pk}").count() == 3
    progress = sends.progress_of(send=send)
    assert (progress.sent, progress.queued, progress.failed, progress.deferred) == (3, 0, 0, 0)
    # A second send of the same job reaches nobody: everyone already has it.
    assert counts(job=world.job, spec=AudienceSpec()).already_sent == 3
    with pytest.raises(sends.SendError):
        sends.send_start(job=world.job, spec=AudienceSpec(), author=world.recruiter.user)


def test_members_over_the_cap_are_deferred(world, lyon_followers):
    DiffusionSettings.objects.create(tenant=world.acme, weekly_cap=1)
    Solicitation.objects.create(
        tenant=world.acme, member=world.expert, kind="targeted", created_at=timezone.now()
    )
    send = sends.send_start(job=world.job, spec=AudienceSpec(), author=world.recruiter.user)
    run_send(send)
    assert Delivery.objects.get(member=world.expert).status == Delivery.Status.DEFERRED
    assert sends.progress_of(send=send).deferred == 1
    assert len(mail.outbox) == 2


def test_waves_by_level_go_highest_first_after_the_delay(world, lyon_followers):
    MemberScore.objects.create(tenant=world.acme, member=world.expert, points=400)
    send = sends.send_start(
        job=world.job,
        spec=AudienceSpec(),
        author=world.recruiter.user,
        wave_by=Send.WaveBy.LEVEL,
        wave_delay=timedelta(hours=2),
    )
    run_send(send)
    assert [m.to[0] for m in mail.outbox] == [world.expert.user.email]
    send.refresh_from_db()
    assert send.status == Send.Status.WAITING
    assert list(Wave.objects.filter(send=send).values_list("label", "size")) == [
        ("expert", 1),
        ("beginner", 2),
    ]
    with time_machine.travel(timezone.now() + timedelta(hours=2, minutes=1)):
        assert sends.waves_release_due() == [send.pk]
        while sends.send_batch(send_id=send.pk).handled:
            pass
    send.refresh_from_db()
    assert send.status == Send.Status.DONE
    assert len(mail.outbox) == 3


def test_the_sample_gives_reasons_and_edits_change_the_size(world, lyon_followers):
    assert counts(job=world.job, spec=AudienceSpec()).size == 3
    (first, *_rest) = sample(job=world.job, spec=AudienceSpec())
    assert first.followed == ["Lyon"]
    lyon = Tag.objects.get(tenant=world.acme, name="Lyon")
    assert counts(job=world.job, spec=AudienceSpec(remove_tags=[lyon.pk])).size == 0
    spec = AudienceSpec(add_members=[world.admin.pk], remove_members=[world.member.pk])
    assert counts(job=world.job, spec=spec).size == 3
    world.expert.notify_targeted = False
    world.expert.save()
    world.recruiter.is_active = False
    world.recruiter.save()
    found = counts(job=world.job, spec=AudienceSpec())
    assert (found.size, found.opted_out, found.inactive) == (1, 1, 1)


# --- Batches, overlaps and resumes, driven by hand -----------------------------------
#
# With the ``queued`` fixture the tasks a service queues are recorded instead of run
# (the test settings run tasks eagerly, which would send every batch at once): each
# test plays the broker and the beat itself.


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """The diffusion tasks queued so far, as ``(task name, *ids)``; none of them runs."""
    tasks: list[tuple[Any, ...]] = []
    monkeypatch.setattr(sends, "_enqueue", lambda task, *args: tasks.append((task, *args)))
    return tasks


def followers(world: World, count: int, *, tag: str = "Lyon", **fields: Any) -> list[Membership]:
    """``count`` new members of acme who follow ``tag`` (a location of ``world.job``)."""
    lyon = Tag.objects.get(tenant=world.acme, name=tag)
    found = []
    for _n in range(count):
        member = make_member(world.acme, **fields)
        member.interests.add(lyon)
        found.append(member)
    return found


def started(world: World, job: Job | None = None, **options: Any) -> Send:
    """A send of ``job`` (``world.job``) to its default audience, prepared, first wave out."""
    send = sends.send_start(
        job=job or world.job, spec=AudienceSpec(), author=world.recruiter.user, **options
    )
    assert sends.send_prepare(send_id=send.pk)
    sends.waves_release_due()
    return send


def recipients() -> Counter[str]:
    return Counter(to for message in mail.outbox for to in message.to)


def test_batches_of_a_given_size_hand_out_every_delivery_once_best_first(
    world: World, queued: list[tuple[Any, ...]]
) -> None:
    members = followers(world, 23)
    experts = members[-5:]  # the level adds to the score: these five come first
    MemberScore.objects.bulk_create(
        MemberScore(tenant=world.acme, member=member, points=400) for member in experts
    )
    send = started(world)
    queued.clear()

    batches = []
    while result := sends.send_batch(send_id=send.pk, size=5):
        if not result.handled:
            break
        batches.append(result)
    assert [batch.notified for batch in batches] == [5, 5, 5, 5, 3]
    # Each full batch queues the next one; the last, short one closes the send.
    assert queued == [("send_batch", send.pk)] * 4
    first = set(
        Delivery.objects.filter(email_id__in=batches[0].email_ids or []).values_list(
            "member_id", flat=True
        )
    )
    assert first == {member.pk for member in experts}
    email_ids = [pk for batch in batches for pk in batch.email_ids or []]
    assert len(email_ids) == len(set(email_ids)) == 23
    assert recipients() == Counter(member.user.email for member in members)
    send.refresh_from_db()
    assert send.status == Send.Status.DONE
    assert sends.progress_of(send=send).sent == 23
    # A batch that runs once more (a task handed out twice) finds nothing.
    assert sends.send_batch(send_id=send.pk, size=5).handled == 0
    assert len(mail.outbox) == 23


def test_a_batch_taken_while_the_previous_one_is_e_mailing_notifies_nobody_twice(
    world: World, queued: list[tuple[Any, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The resume (or a redelivered task) starts a batch while the first one's e-mails go
    out, and the relay runs meanwhile: each e-mail is sent once, each member notified once."""
    members = followers(world, 12)
    send = started(world)
    original = sends.deliver_many
    overlapping: list[sends.BatchResult] = []
    entered = threading.Event()

    def deliver_many(message_ids: list[int]) -> dict[str, int]:
        if not entered.is_set():  # the first batch's e-mails: the others overlap them
            entered.set()
            overlapping.append(sends.send_batch(send_id=send.pk, size=5))
            relay_outbox()  # finds the first batch's e-mails, still pending
        return original(message_ids)

    monkeypatch.setattr(sends, "deliver_many", deliver_many)
    first = sends.send_batch(send_id=send.pk, size=5)
    while sends.send_batch(send_id=send.pk, size=5).handled:
        pass

    assert first.notified == overlapping[0].notified == 5
    assert not set(first.email_ids or []) & set(overlapping[0].email_ids or [])
    assert recipients() == Counter(member.user.email for member in members)
    assert Notification.objects.filter(subject_ref=f"job:{world.job.pk}").count() == 12
    assert Solicitation.objects.count() == 12
    outbox = OutboundEmail.objects.filter(subject_ref=f"job:{world.job.pk}")
    assert set(outbox.values_list("status", "attempts")) == {("sent", 1)}


@pytest.mark.django_db(transaction=True)
def test_concurrent_batches_of_one_send_never_notify_a_member_twice(
    world: World, queued: list[tuple[Any, ...]]
) -> None:
    """Eight workers take batches of one send at the same instant, each on its own
    connection (PostgreSQL: SKIP LOCKED hands each its own rows; SQLite: one at a time)."""
    members = followers(world, 40)
    send = started(world)
    workers = 8
    start = threading.Barrier(workers)

    def work(_number: int) -> list[int]:
        handled = []
        try:
            start.wait(timeout=30)
            while result := sends.send_batch(send_id=send.pk, size=3):
                if not result.handled:
                    break
                handled.append(result.handled)
            return handled
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        handled = [n for batch in pool.map(work, range(workers)) for n in batch]

    assert sum(handled) == 40
    assert recipients() == Counter(member.user.email for member in members)
    pks = sorted(member.pk for member in members)
    notified = Notification.objects.filter(subject_ref=f"job:{world.job.pk}")
    assert sorted(notified.values_list("recipient_id", flat=True)) == pks
    assert sorted(Solicitation.objects.values_list("member_id", flat=True)) == pks
    assert set(Delivery.objects.values_list("status", flat=True)) == {"notified"}
    send.refresh_from_db()
    assert send.status == Send.Status.DONE


def test_a_second_send_of_the_job_reaches_only_the_members_not_reached_yet(
    world: World, lyon_followers: list[Membership], queued: list[tuple[Any, ...]]
) -> None:
    first = started(world)
    while sends.send_batch(send_id=first.pk).handled:
        pass
    newcomers = followers(world, 2)

    found = counts(job=world.job, spec=AudienceSpec())
    assert (found.size, found.already_sent) == (2, 3)
    second = started(world)
    while sends.send_batch(send_id=second.pk).handled:
        pass

    assert second.audience_size == 2
    assert set(Delivery.objects.filter(send=second).values_list("member_id", flat=True)) == {
        member.pk for member in newcomers
    }
    assert recipients() == Counter(m.user.email for m in [*lyon_followers, *newcomers])
    assert sends.progress_of(send=second).sent == 2


def test_a_delivery_that_races_in_during_the_preparation_is_kept_and_not_doubled(
    world: World,
    lyon_followers: list[Membership],
    queued: list[tuple[Any, ...]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A digest offers the job to a member between the audience query and the insert of
    the deliveries (on PostgreSQL, another transaction commits in between)."""
    send = sends.send_start(job=world.job, spec=AudienceSpec(), author=world.recruiter.user)
    iter_members = audience_module.iter_members

    def digest_meanwhile(**kwargs: Any) -> Any:
        rows = list(iter_members(**kwargs))
        Delivery.objects.create(
            tenant=world.acme, job=world.job, member=world.member, status="digested"
        )
        return iter(rows)

    monkeypatch.setattr(audience_module, "iter_members", digest_meanwhile)
    assert sends.send_prepare(send_id=send.pk)
    assert Wave.objects.get(send=send).size == 2  # the two deliveries written, not three
    sends.waves_release_due()
    while sends.send_batch(send_id=send.pk).handled:
        pass

    assert Delivery.objects.filter(member=world.member).values_list("send", "status").get() == (
        None,
        "digested",
    )
    assert recipients() == Counter([world.expert.user.email, world.recruiter.user.email])


def test_the_database_refuses_a_second_delivery_of_a_job_to_a_member(
    world: World, queued: list[tuple[Any, ...]]
) -> None:
    Delivery.objects.create(tenant=world.acme, job=world.job, member=world.member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(
            tenant=world.acme, job=world.job, member=world.member, status="digested"
        )
    assert Delivery.objects.filter(job=world.job, member=world.member).count() == 1


def test_two_sends_of_the_job_started_together_reach_each_member_once(
    world: World, lyon_followers: list[Membership], queued: list[tuple[Any, ...]]
) -> None:
    """Both were started before either was prepared: the second finds everyone reached."""
    first = sends.send_start(job=world.job, spec=AudienceSpec(), author=world.recruiter.user)
    second = sends.send_start(job=world.job, spec=AudienceSpec(), author=world.recruiter.user)
    for send in (first, second):
        sends.send_prepare(send_id=send.pk)
    sends.waves_release_due()
    for send in (first, second):
        while sends.send_batch(send_id=send.pk).handled:
            pass

    assert recipients() == Counter(member.user.email for member in lyon_followers)
    second.refresh_from_db()
    assert second.status == Send.Status.DONE
    assert not Delivery.objects.filter(send=second).exists()
    assert sends.progress_of(send=first).sent == 3


@pytest.mark.parametrize("status", [Job.Status.DRAFT, Job.Status.CLOSED])
def test_a_job_that_is_not_published_cannot_be_sent(
    world: World, lyon_followers: list[Membership], queued: list[tuple[Any, ...]], status: str
) -> None:
    lyon = Tag.objects.get(tenant=world.acme, name="Lyon")
    job = make_job(
        world.acme, author=world.recruiter.user, published=status != "draft", locations=[lyon]
    )
    if status == Job.Status.CLOSED:
        job_set_status(job=job, status=Job.Status.CLOSED)
    with pytest.raises(sends.SendError, match="Only a published job can be sent."):
        sends.send_start(job=job, spec=AudienceSpec(), author=world.recruiter.user)
    assert not Send.objects.exists()
    assert queued == []


def test_a_send_to_nobody_or_in_waves_without_a_delay_is_refused(
    world: World, lyon_followers: list[Membership], queued: list[tuple[Any, ...]]
) -> None:
    lyon = Tag.objects.get(tenant=world.acme, name="Lyon")
    with pytest.raises(sends.SendError, match="Nobody is in the audience"):
        sends.send_start(
            job=world.job, spec=AudienceSpec(remove_tags=[lyon.pk]), author=world.recruiter.user
        )
    with pytest.raises(sends.SendError, match="Give the delay between two waves."):
        sends.send_start(
            job=world.job,
            spec=AudienceSpec(),
            author=world.recruiter.user,
            wave_by=Send.WaveBy.LEVEL,
        )
    assert not Send.objects.exists()
    assert queued == []


def test_waves_go_out_one_after_another_each_when_due(
    world: World, queued: list[tuple[Any, ...]]
) -> None:
    beginner, confirmed, expert = followers(world, 3)
    MemberScore.objects.create(tenant=world.acme, member=expert, points=400)
    MemberScore.objects.create(tenant=world.acme, member=confirmed, points=150)
    start = timezone.now()

    def run_batches(send: Send) -> list[str]:
        while sends.send_batch(send_id=send.pk).handled:
            pass
        send.refresh_from_db()
        return [to for message in mail.outbox for to in message.to]

    with time_machine.travel(start, tick=False) as clock:
        send = started(world, wave_by=Send.WaveBy.LEVEL, wave_delay=timedelta(days=1))
        waves = Wave.objects.filter(send=send)
        assert list(waves.values_list("number", "label", "release_at")) == [
            (1, "expert", start),
            (2, "confirmed", start + timedelta(days=1)),
            (3, "beginner", start + timedelta(days=2)),
        ]
        assert run_batches(send) == [expert.user.email]
        assert send.status == Send.Status.WAITING

        clock.shift(timedelta(days=1) - timedelta(seconds=1))  # not due yet
        assert sends.waves_release_due() == []
        assert run_batches(send) == [expert.user.email]
        assert send.status == Send.Status.WAITING

        clock.shift(timedelta(seconds=1))
        assert sends.waves_release_due() == [send.pk]
        assert run_batches(send) == [expert.user.email, confirmed.user.email]
        assert send.status == Send.Status.WAITING

        clock.shift(timedelta(days=1))
        assert sends.waves_release_due() == [send.pk]
        assert sends.waves_release_due() == []  # released once
        assert run_batches(send) == [m.user.email for m in (expert, confirmed, beginner)]
        assert send.status == Send.Status.DONE
        assert send.finished_at == start + timedelta(days=2)
    assert list(waves.values_list("released_at", flat=True)) == [
        start,
        start + timedelta(days=1),
        start + timedelta(days=2),
    ]


def test_the_resume_restarts_only_the_stalled_sends_being_prepared_or_sent(
    world: World, queued: list[tuple[Any, ...]]
) -> None:
    now = timezone.now()
    stalled = now - sends.STALL_AFTER - timedelta(seconds=1)
    alive = now - sends.STALL_AFTER + timedelta(seconds=5)

    def a_send(status: str, heartbeat: Any) -> Send:
        return Send.objects.create(
            tenant=world.acme, job=world.job, status=status, heartbeat_at=heartbeat
        )

    preparing = a_send(Send.Status.PREPARING, stalled)
    sending = a_send(Send.Status.SENDING, stalled)
    lost_at_once = a_send(Send.Status.SENDING, None)
    left_alone = [
        a_send(Send.Status.PREPARING, alive),
        a_send(Send.Status.SENDING, alive),
        a_send(Send.Status.WAITING, stalled),  # the beat releases its next wave
        a_send(Send.Status.DONE, stalled),
    ]

    with time_machine.travel(now, tick=False):
        resumed = sends.sends_resume()
        assert sorted(resumed) == sorted([preparing.pk, sending.pk, lost_at_once.pk])
        assert sorted(queued) == sorted(
            [
                ("prepare_send", preparing.pk),
                ("send_batch", sending.pk),
                ("send_batch", lost_at_once.pk),
            ]
        )
        # Their heartbeat moved: the next minute's resume leaves them to their new task.
        assert sends.sends_resume() == []
    for send in left_alone:
        heartbeat = send.heartbeat_at
        send.refresh_from_db()
        assert send.heartbeat_at == heartbeat


def test_the_email_is_in_the_members_language_and_carries_one_click_unsubscribe(
    world: World, lyon_followers: list[Membership], queued: list[tuple[Any, ...]]
) -> None:
    world.member.user.language = "fr"
    world.member.user.save(update_fields=["language"])
    # The token is signed with the time (to the second): the test's own copy is made at the
    # same instant as the e-mail's.
    with time_machine.travel(timezone.now(), tick=False):
        send = started(world)
        while sends.send_batch(send_id=send.pk).handled:
            pass
        url = unsubscribe_url(member=world.member)

    email = OutboundEmail.objects.get(to_email=world.member.user.email)
    assert email.language == "fr"
    assert "Bonjour" in email.body_text
    assert "Pourquoi vous : Vous suivez Lyon" in email.body_text
    assert "Vous suivez Lyon" in email.body_html
    assert email.headers == {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    assert url in email.body_text and url in email.body_html
    token = url.rstrip("/").rsplit("/", 1)[-1]
    assert member_id_from_token(token=token, tenant_id=world.acme.pk) == world.member.pk
    english = OutboundEmail.objects.get(to_email=world.expert.user.email)
    assert english.language == "en"
    assert "Why you: You follow Lyon" in english.body_text
    # What the SMTP server gets.
    [message] = [m for m in mail.outbox if m.to == [world.member.user.email]]
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_in_app_notification_tells_of_the_job_of_the_email(
    world: World, lyon_followers: list[Membership], queued: list[tuple[Any, ...]]
) -> None:
    world.member.user.language = "fr"
    world.member.user.save(update_fields=["language"])
    send = started(world)
    sends.send_batch(send_id=send.pk)

    for member in lyon_followers:
        notification = Notification.objects.get(recipient=member)
        email = OutboundEmail.objects.get(to_email=member.user.email)
        assert notification.subject_ref == email.subject_ref == f"job:{world.job.pk}"
        assert world.job.title in notification.text and world.job.title in email.subject
        assert notification.url == world.job.get_absolute_url()
        assert world.acme.absolute_url(notification.url) in email.body_text
        why = "Vous suivez Lyon" if member == world.member else "You follow Lyon"
        assert notification.text.endswith(f" — {why}")
        assert why in email.body_text


def test_notifying_a_batch_takes_as_many_queries_for_40_members_as_for_5(
    world: World,
    queued: list[tuple[Any, ...]],
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    few = followers(world, 5)
    first = started(world)
    with CaptureQueriesContext(connection) as notify_few:
        assert sends._notify_batch(send_id=first.pk, size=5).notified == 5
    for member in few:  # out of the second job's audience
        member.interests.clear()
    followers(world, 40)
    lyon = Tag.objects.get(tenant=world.acme, name="Lyon")
    job = make_job(world.acme, author=world.recruiter.user, title="Buyer", locations=[lyon])
    second = started(world, job=job)

    with django_assert_max_num_queries(len(notify_few)):
        assert sends._notify_batch(send_id=second.pk, size=40).notified == 40


def test_e_mailing_a_batch_costs_a_few_queries_per_e_mail_and_nothing_more(
    world: World, queued: list[tuple[Any, ...]]
) -> None:
    """Each e-mail is recorded as sent on its own, as soon as the server took it
    (``delivery.deliver_many``): a fixed few queries per e-mail, nothing else grows."""
    followers(world, 55)
    send = started(world)
    sizes = (5, 10, 40)
    queries = []
    for size in sizes:
        email_ids = sends._notify_batch(send_id=send.pk, size=size).email_ids or []
        with CaptureQueriesContext(connection) as mailing:
            sends.deliver_many(email_ids)
        queries.append(len(mailing))
    per_email = (queries[1] - queries[0]) / (sizes[1] - sizes[0])
    assert 0 < per_email <= 4
    assert queries[2] - queries[1] == per_email * (sizes[2] - sizes[1])
    assert len(mail.outbox) == 55


# --- Members and jobs that change during a send, and a stop ----------------------------


def test_a_member_who_unsubscribes_during_a_send_gets_nothing_more_from_it(
    world: World, lyon_followers: list[Membership], queued: list[tuple[Any, ...]]
) -> None:
    MemberScore.objects.create(tenant=world.acme, member=world.expert, points=400)
    send = started(world, wave_by=Send.WaveBy.LEVEL, wave_delay=timedelta(hours=2))
    while sends.send_batch(send_id=send.pk).handled:
        pass
    assert recipients() == Counter([world.expert.user.email])
    # Between the waves, the member clicks the one-click unsubscribe of another e-mail,
    # and the recruiter is deactivated.
    token = unsubscribe_url(member=world.member).rstrip("/").rsplit("/", 1)[-1]
    client = world.client_for(None)
    assert client.post(reverse("diffusion_public:unsubscribe", args=[token])).status_code == 200
    Membership.objects.filter(pk=world.recruiter.pk).update(is_active=False)

    with time_machine.travel(timezone.now() + timedelta(hours=2, minutes=1)):
        assert sends.waves_release_due() == [send.pk]
        result = sends.send_batch(send_id=send.pk)

    assert (result.notified, result.dropped, result.handled) == (0, 2, 2)
    assert recipients() == Counter([world.expert.user.email])
    send.refresh_from_db()
    assert send.status == Send.Status.DONE
    # Nothing was sent to them: their queued deliveries went, nothing blocks a later send.
    assert list(Delivery.objects.values_list("member_id", flat=True)) == [world.expert.pk]
    assert not Notification.objects.exclude(recipient=world.expert).exists()
    assert sends.progress_of(send=send).total == 1


def test_a_job_closed_during_a_send_is_not_e_mailed_any_more(
    world: World, lyon_followers: list[Membership], queued: list[tuple[Any, ...]]
) -> None:
    MemberScore.objects.create(tenant=world.acme, member=world.expert, points=400)
    send = started(world, wave_by=Send.WaveBy.LEVEL, wave_delay=timedelta(hours=2))
    while sends.send_batch(send_id=send.pk).handled:
        pass
    job_set_status(job=world.job, status=Job.Status.FILLED)

    with time_machine.travel(timezone.now() + timedelta(hours=2, minutes=1)):
        sends.waves_release_due()
        while sends.send_batch(send_id=send.pk).handled:
            pass

    assert recipients() == Counter([world.expert.user.email])
    send.refresh_from_db()
    assert send.status == Send.Status.STOPPED
    # Those not reached have no delivery: a later send of the job (reopened) may reach them.
    assert list(Delivery.objects.values_list("member_id", flat=True)) == [world.expert.pk]
    assert Notification.objects.filter(subject_ref=f"job:{world.job.pk}").count() == 1


def test_a_stopped_send_reaches_nobody_more_and_blocks_no_later_send(
    world: World, lyon_followers: list[Membership], queued: list[tuple[Any, ...]]
) -> None:
    MemberScore.objects.create(tenant=world.acme, member=world.expert, points=400)
    send = started(world, wave_by=Send.WaveBy.LEVEL, wave_delay=timedelta(hours=2))
    while sends.send_batch(send_id=send.pk).handled:
        pass

    assert sends.send_stop(send=send) is True
    assert sends.send_stop(send=send) is False  # once
    with time_machine.travel(timezone.now() + timedelta(hours=2, minutes=1)):
        assert sends.waves_release_due() == []
        assert sends.send_batch(send_id=send.pk).handled == 0  # a batch queued before
        assert sends.sends_resume() == []

    send.refresh_from_db()
    assert send.status == Send.Status.STOPPED
    assert recipients() == Counter([world.expert.user.email])
    found = counts(job=world.job, spec=AudienceSpec())
    assert (found.size, found.already_sent) == (2, 1)
    later = started(world)
    while sends.send_batch(send_id=later.pk).handled:
        pass
    assert recipients() == Counter(member.user.email for member in lyon_followers)


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
def test_a_send_stopped_while_a_batch_is_being_written_stops_without_a_deadlock(
    world: World, queued: list[tuple[Any, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite runs one writer at a time")
    members = followers(world, 10)
    send = started(world)
    locked, go = threading.Event(), threading.Event()
    over_cap = sends.over_cap

    def pause_after_locking(**kwargs: Any) -> set[int]:
        locked.set()  # the batch holds its deliveries' rows
        assert go.wait(30)
        return over_cap(**kwargs)

    monkeypatch.setattr(sends, "over_cap", pause_after_locking)
    errors: list[BaseException] = []

    def run(action: Any) -> None:
        try:
            action()
        except BaseException as error:  # noqa: BLE001 - the test reports it
            errors.append(error)
        finally:
            connections.close_all()

    batch = threading.Thread(target=run, args=(lambda: sends.send_batch(send_id=send.pk, size=5),))
    stop = threading.Thread(target=run, args=(lambda: sends.send_stop(send=send),))
    batch.start()
    try:
        assert locked.wait(10)
        stop.start()  # the recruiter presses "Stop"
        deadline = time.monotonic() + 10
        while not any(
            q.startswith('DELETE FROM "diffusion_delivery"') for q in waiting_statements()
        ):
            assert time.monotonic() < deadline, "the stop never waited on the batch"
            time.sleep(0.02)
    finally:
        go.set()
        batch.join(30)
        stop.join(30)

    assert errors == []
    send.refresh_from_db()
    assert send.status == Send.Status.STOPPED
    reached = {m.to[0] for m in mail.outbox}
    assert len(reached) == len(mail.outbox) == 5  # the batch that was written
    assert set(Delivery.objects.values_list("status", flat=True)) == {"notified"}
    assert {m.user.email for m in members} >= reached


def test_a_slow_smtp_server_never_makes_an_e_mail_of_a_batch_go_twice(
    world: World, queued: list[tuple[Any, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server takes four minutes per message: the last ones are sent more than
    CLAIM_TIMEOUT after the batch was claimed, while the beat's relay runs elsewhere."""
    members = followers(world, 6)
    build = delivery.build
    built: list[int] = []
    relaying = threading.Event()

    with time_machine.travel(timezone.now(), tick=False) as clock:
        send = started(world)

        def slow(message: OutboundEmail) -> Any:
            if relaying.is_set():
                return build(message)
            built.append(message.pk)
            if len(built) > 1:
                clock.shift(timedelta(minutes=4))  # the server's time over the previous one
            if len(built) == 4:
                relaying.set()
                relay_outbox()  # the beat, on another worker
                relaying.clear()
            return build(message)

        monkeypatch.setattr(delivery, "build", slow)
        sends.send_batch(send_id=send.pk)
        relay_outbox()  # whatever was left to it

    assert recipients() == Counter(member.user.email for member in members)
    outbox = OutboundEmail.objects.filter(subject_ref=f"job:{world.job.pk}")
    assert set(outbox.values_list("status", flat=True)) == {"sent"}
