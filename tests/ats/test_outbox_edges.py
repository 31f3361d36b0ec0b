"""The push's outbox at its edges: a worker that died mid-send, a suspended company, the
page's actions before anything is configured."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from coopt.ats import tasks
from coopt.ats.models import AtsCandidateLink, AtsConnection
from coopt.ats.services import link_push
from coopt.audit.actors import Actor
from coopt.audit.models import AuditEvent
from coopt.console.services import tenant_suspend
from coopt.jobs.models import Job
from coopt.referrals.services import consent_confirm

from .. import factories as f
from ..conftest import World
from .fake_greenhouse import CANDIDATES, FakeGreenhouse, fixture

pytestmark = pytest.mark.django_db

State = AtsCandidateLink.State


def _queued(world: World, job: Job, capture) -> AtsCandidateLink:
    referral = f.refer(referrer=world.member, job=job, email="jane.doe@example.org")
    with capture(execute=False):
        consent_confirm(referral=referral)
    return AtsCandidateLink.objects.get(referral=referral)


def test_a_claim_left_by_a_dead_worker_is_handed_out_again(
    world: World,
    connection: AtsConnection,
    gh_job: Job,
    greenhouse: FakeGreenhouse,
    django_capture_on_commit_callbacks,
):
    greenhouse.answer("POST", CANDIDATES, status=201, body=fixture("candidate_created"))
    link = _queued(world, gh_job, django_capture_on_commit_callbacks)
    start = timezone.now()
    AtsCandidateLink.objects.filter(pk=link.pk).update(state=State.SENDING, claimed_at=start)

    with time_machine.travel(start + timedelta(minutes=5), tick=False):
        assert link_push(link.pk) == "skipped"  # another worker may still be sending it
    with time_machine.travel(start + timedelta(minutes=11), tick=False):
        assert link_push(link.pk) == "pushed"

    assert len(greenhouse.received) == 1


def test_a_suspended_company_sends_and_syncs_nothing(
    world: World,
    connection: AtsConnection,
    gh_job: Job,
    greenhouse: FakeGreenhouse,
    django_capture_on_commit_callbacks,
):
    link = _queued(world, gh_job, django_capture_on_commit_callbacks)
    tenant_suspend(tenant=world.acme, actor=Actor.system("test"))

    assert link_push(link.pk) == "skipped"
    assert tasks.sync_all() == 0
    assert tasks.sync_connection(connection.pk) == {}
    assert greenhouse.received == []
    link.refresh_from_db()
    assert link.state == State.PENDING


def test_a_sent_candidate_cannot_be_retried(
    world: World,
    connection: AtsConnection,
    gh_job: Job,
    greenhouse: FakeGreenhouse,
    django_capture_on_commit_callbacks,
):
    greenhouse.answer("POST", CANDIDATES, status=201, body=fixture("candidate_created"))
    link = _queued(world, gh_job, django_capture_on_commit_callbacks)
    link_push(link.pk)

    with django_capture_on_commit_callbacks(execute=True):
        page = world.client_for(world.admin).post(
            f"/office/ats/candidates/{link.pk}/retry/", follow=True
        )

    assert "nothing to send again" in page.content.decode()
    assert len(greenhouse.received) == 1


def test_testing_or_syncing_before_saving_says_what_to_do(world: World, greenhouse: FakeGreenhouse):
    client = world.client_for(world.admin)

    tested = client.post("/office/ats/test/", follow=True).content.decode()
    synced = client.post("/office/ats/sync/", follow=True).content.decode()

    assert "Save the connection" in tested
    assert "Enable the connection first" in synced
    assert greenhouse.received == []
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ATS_SYNC_RUN).exists()
