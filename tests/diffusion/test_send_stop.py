"""Stopping a send: by hand between waves, or because the job closed meanwhile."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from coopt.accounts.models import Membership
from coopt.diffusion import sends
from coopt.diffusion.audience import AudienceSpec
from coopt.diffusion.models import Delivery, Send, Wave
from coopt.gamification.models import MemberScore
from coopt.taxonomy.models import Tag

from ..conftest import World

pytestmark = pytest.mark.django_db


def run_send(send: Send) -> None:
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


def test_a_job_closed_mid_send_stops_it_and_frees_the_others(world, lyon_followers):
    MemberScore.objects.create(tenant=world.acme, member=world.expert, points=400)
    send = sends.send_start(
        job=world.job,
        spec=AudienceSpec(),
        author=world.recruiter.user,
        wave_by=Send.WaveBy.LEVEL,
        wave_delay=timedelta(hours=1),
    )
    run_send(send)  # the first wave: the expert
    world.job.status = "closed"
    world.job.save()
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        sends.waves_release_due()
        sends.send_batch(send_id=send.pk)
    send.refresh_from_db()
    assert send.status == Send.Status.STOPPED
    assert list(Delivery.objects.filter(send=send).values_list("member", flat=True)) == [
        world.expert.pk
    ]
    assert len(mail.outbox) == 1


def test_a_recruiter_can_stop_a_send_between_waves(world, lyon_followers):
    MemberScore.objects.create(tenant=world.acme, member=world.expert, points=400)
    send = sends.send_start(
        job=world.job,
        spec=AudienceSpec(),
        author=world.recruiter.user,
        wave_by=Send.WaveBy.LEVEL,
        wave_delay=timedelta(hours=1),
    )
    run_send(send)
    assert sends.send_stop(send=send) is True
    assert sends.send_stop(send=send) is False
    assert not Wave.objects.filter(send=send, released_at__isnull=True).exists()
    assert sends.progress_of(send=send).total == 1
