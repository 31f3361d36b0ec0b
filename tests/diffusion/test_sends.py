"""Targeted sends (D2): deliveries, batches, waves, the cap, progress — in process."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from coopt.diffusion import sends
from coopt.diffusion.audience import AudienceSpec, counts, sample
from coopt.diffusion.models import Delivery, DiffusionSettings, Send, Solicitation, Wave
from coopt.gamification.models import MemberScore
from coopt.jobs.models import Tag
from coopt.notifications.models import Notification

pytestmark = pytest.mark.django_db


def run_send(send: Send) -> None:
    """What the worker does, in process: prepare, release, batches until done."""
    sends.send_prepare(send_id=send.pk)
    sends.waves_release_due()
    while sends.send_batch(send_id=send.pk, size=2).handled:
        pass


@pytest.fixture
def lyon_followers(world):
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
