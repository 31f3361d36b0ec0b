"""Waves in network mode (D2): every targeted send goes by level, highest first, the delay
of the network's rules apart, whatever path starts it; internal mode keeps the choice."""

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from coopt.accounts.models import Membership
from coopt.diffusion import sends
from coopt.diffusion.audience import AudienceSpec
from coopt.diffusion.models import Send, Wave
from coopt.gamification.models import MemberScore
from coopt.jobs.models import Job
from coopt.network.models import NetworkSettings
from coopt.network.rules import network_settings_save
from coopt.taxonomy.models import Tag

from .. import factories as f
from ..conftest import World
from ..network.helpers import make_network

pytestmark = pytest.mark.django_db
START = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
DAY = timedelta(hours=24)  # the default delay of a network
EXPERT_POINTS, CONFIRMED_POINTS = 400, 150  # default thresholds: 100 and 300


@pytest.fixture
def lyon(world: World) -> Tag:
    return Tag.objects.get(tenant=world.acme, name="Lyon")


def referrer(world: World, lyon: Tag, email: str, points: int = 0) -> Membership:
    member = f.make_member(world.acme, email=email)
    member.interests.add(lyon)
    if points:
        MemberScore.objects.create(tenant=world.acme, member=member, points=points)
    return member


@pytest.fixture
def levels(world: World, lyon: Tag) -> dict[str, Membership]:
    """One referrer of each level following Lyon (``world.job``'s location), in a network."""
    make_network(world)
    return {
        "expert": referrer(world, lyon, "expert@net.test", EXPERT_POINTS),
        "confirmed": referrer(world, lyon, "confirmed@net.test", CONFIRMED_POINTS),
        "beginner": referrer(world, lyon, "beginner@net.test"),
    }


def start(world: World, job: Job | None = None, **options: Any) -> Send:
    """A send started and prepared as the worker would, its first wave due."""
    send = sends.send_start(
        job=job or world.job, spec=AudienceSpec(), author=world.recruiter.user, **options
    )
    assert sends.send_prepare(send_id=send.pk)
    return send


def deliver_due() -> list[int]:
    """What the beat and the workers do at this minute: release the due waves, send them."""
    released = sends.waves_release_due()
    for send_id in released:
        while sends.send_batch(send_id=send_id).handled:
            pass
    return released


def received() -> list[str]:
    return sorted(to for message in mail.outbox for to in message.to)


def test_experts_first_then_confirmed_after_the_delay_then_beginners_after_twice(
    world: World, levels: dict[str, Membership]
) -> None:
    with time_machine.travel(START, tick=False) as clock:
        send = start(world)
        assert deliver_due() == [send.pk]
        assert received() == ["expert@net.test"]

        clock.move_to(START + DAY - timedelta(minutes=1))
        assert deliver_due() == []  # nothing goes early
        assert received() == ["expert@net.test"]

        clock.move_to(START + DAY)
        assert deliver_due() == [send.pk]
        assert received() == ["confirmed@net.test", "expert@net.test"]

        clock.move_to(START + 2 * DAY - timedelta(minutes=1))
        assert deliver_due() == []
        assert len(mail.outbox) == 2

        clock.move_to(START + 2 * DAY)
        assert deliver_due() == [send.pk]
    assert received() == ["beginner@net.test", "confirmed@net.test", "expert@net.test"]
    send.refresh_from_db()
    assert send.status == Send.Status.DONE
    waves = Wave.objects.filter(send=send)
    assert [(w.label, w.size, w.release_at - START) for w in waves] == [
        ("expert", 1, timedelta(0)),
        ("confirmed", 1, DAY),
        ("beginner", 1, 2 * DAY),
    ]


def test_a_member_whose_level_changed_between_waves_is_sent_the_job_once(
    world: World, lyon: Tag, levels: dict[str, Membership]
) -> None:
    climber = levels["beginner"]
    with time_machine.travel(START, tick=False) as clock:
        send = start(world)
        deliver_due()
        # Between two waves the beginner becomes an expert and the expert a beginner.
        MemberScore.objects.create(tenant=world.acme, member=climber, points=EXPERT_POINTS)
        MemberScore.objects.filter(member=levels["expert"]).update(points=0)
        for hours in (1, 24, 25, 48, 72):
            clock.move_to(START + timedelta(hours=hours))
            deliver_due()
            if hours < 48:  # kept in the wave of the level it had when the send was prepared
                assert "beginner@net.test" not in received()
    assert Counter(received()) == Counter(
        {"expert@net.test": 1, "confirmed@net.test": 1, "beginner@net.test": 1}
    )
    send.refresh_from_db()
    assert send.status == Send.Status.DONE
    # A new send of the job reaches nobody: each of them already has it.
    with pytest.raises(sends.SendError):
        sends.send_start(job=world.job, spec=AudienceSpec(), author=world.recruiter.user)


def test_the_service_imposes_the_waves_whatever_the_caller_asks(
    world: World, levels: dict[str, Membership]
) -> None:
    at_once = start(world)
    assert (at_once.wave_by, at_once.wave_delay) == (Send.WaveBy.LEVEL, DAY)
    other = f.make_job(world.acme, title="Buyer", locations=[Tag.objects.get(name="Lyon")])
    asked = start(world, other, wave_by=Send.WaveBy.LEVEL, wave_delay=timedelta(hours=1))
    assert (asked.wave_by, asked.wave_delay) == (Send.WaveBy.LEVEL, DAY)
    third = f.make_job(world.acme, title="Cashier", locations=[Tag.objects.get(name="Lyon")])
    unset = start(world, third, wave_by=Send.WaveBy.NONE, wave_delay=None)
    assert Wave.objects.filter(send=unset).count() == 3


def test_a_change_of_the_tenants_delay_applies_to_the_sends_started_after_it(
    world: World, lyon: Tag, levels: dict[str, Membership]
) -> None:
    with time_machine.travel(START, tick=False) as clock:
        before = start(world)
        network_settings_save(
            tenant=world.acme,
            sponsorships_per_month=5,
            one_candidate_per_job=None,
            wave_delay_hours=2,
        )
        later = f.make_job(world.acme, title="Buyer", locations=[lyon])
        after = start(world, later)
        assert (before.wave_delay, after.wave_delay) == (DAY, timedelta(hours=2))
        deliver_due()
        clock.move_to(START + timedelta(hours=2))
        assert deliver_due() == [after.pk]  # the earlier send still waits for its day
        clock.move_to(START + timedelta(hours=4))
        assert deliver_due() == [after.pk]
        clock.move_to(START + DAY)
        assert deliver_due() == [before.pk]
    assert sorted(Wave.objects.filter(send=after).values_list("release_at", flat=True)) == [
        START,
        START + timedelta(hours=2),
        START + timedelta(hours=4),
    ]


def test_a_network_without_settings_waits_the_default_day(
    world: World, levels: dict[str, Membership]
) -> None:
    assert not NetworkSettings.objects.filter(tenant=world.acme).exists()
    assert start(world).wave_delay == DAY


def test_internal_mode_still_sends_everyone_at_once_unless_asked(world: World, lyon: Tag) -> None:
    assert world.acme.mode != "network"
    NetworkSettings.objects.create(tenant=world.acme, wave_delay_hours=2)
    referrer(world, lyon, "high@acme.test", EXPERT_POINTS)
    referrer(world, lyon, "new@acme.test")
    send = start(world)
    assert (send.wave_by, send.wave_delay) == (Send.WaveBy.NONE, None)
    assert Wave.objects.filter(send=send).count() == 1
    other = f.make_job(world.acme, title="Buyer", locations=[lyon])
    chosen = start(world, other, wave_by=Send.WaveBy.LEVEL, wave_delay=timedelta(hours=5))
    assert chosen.wave_delay == timedelta(hours=5)


# --- The send form in network mode ----------------------------------------------------


def editor_url(job: Job) -> str:
    return reverse("diffusion:editor", args=[job.pk])


def form_values(lyon: Tag, **extra: Any) -> dict[str, Any]:
    return {"edited": "1", "tags": [lyon.pk], **extra}


def test_the_editor_states_the_networks_waves_and_offers_no_choice(
    world: World, lyon: Tag, levels: dict[str, Membership]
) -> None:
    page = world.client_for(world.recruiter).get(editor_url(world.job)).content.decode()
    assert 'data-testid="network-waves"' in page
    assert "the confirmed members 24 hours later, the beginners 24 hours after them" in page
    assert "Everyone at once" not in page
    assert 'name="wave_by"' not in page and 'name="wave_delay_hours"' not in page


def test_the_confirmation_states_the_waves_of_the_network(
    world: World, lyon: Tag, levels: dict[str, Membership]
) -> None:
    network_settings_save(
        tenant=world.acme, sponsorships_per_month=5, one_candidate_per_job=None, wave_delay_hours=6
    )
    client = world.client_for(world.recruiter)
    page = client.get(editor_url(world.job), form_values(lyon, review="1")).content.decode()
    assert "In waves by level, highest first, 6 hours apart." in page
    assert "This network sends every job this way." in page
    assert "Everyone at once." not in page


@pytest.mark.parametrize(
    "asked", [{"wave_by": ""}, {"wave_by": "level", "wave_delay_hours": "1"}, {}]
)
def test_a_send_from_the_form_goes_in_the_networks_waves(
    world: World, lyon: Tag, levels: dict[str, Membership], asked: dict[str, str]
) -> None:
    data = form_values(lyon, confirm="1", **asked)
    response = world.client_for(world.recruiter).post(editor_url(world.job), data)
    assert response.status_code == 302
    send = Send.objects.get()
    assert (send.wave_by, send.wave_delay) == (Send.WaveBy.LEVEL, DAY)
