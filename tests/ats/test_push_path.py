"""The person confirms → an outbox row in that transaction → the push after the commit;
failures retried with backoff and shown; stages read back by the sync."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from coopt.ats import tasks
from coopt.ats.models import AtsCandidateLink, AtsConnection
from coopt.ats.services import connection_save, connection_sync, link_push
from coopt.audit.actors import Actor
from coopt.jobs.models import Job
from coopt.referrals.models import Referral
from coopt.referrals.services import consent_confirm, referral_erase_personal_data

from .. import factories as f
from ..conftest import World
from .fake_greenhouse import APPLICATION, BOARD_JOBS, CANDIDATES, FakeGreenhouse, fixture

pytestmark = pytest.mark.django_db

State = AtsCandidateLink.State


def _awaiting(world: World, job: Job) -> Referral:
    return f.refer(referrer=world.member, job=job, email="jane.doe@example.org")


def test_confirming_sends_the_candidate_after_the_commit(
    world: World,
    connection: AtsConnection,
    gh_job: Job,
    greenhouse: FakeGreenhouse,
    django_capture_on_commit_callbacks,
):
    greenhouse.answer("POST", CANDIDATES, status=201, body=fixture("candidate_created"))
    referral = _awaiting(world, gh_job)
    assert not AtsCandidateLink.objects.exists()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        consent_confirm(referral=referral)
        # Written with the confirmation; nothing sent before the commit.
        link = AtsCandidateLink.objects.get(referral=referral)
        assert link.state == State.PENDING
        assert greenhouse.received == []
    for callback in callbacks:
        callback()

    link.refresh_from_db()
    assert link.state == State.PUSHED
    assert link.external_candidate_id == "57683957"
    assert link.external_application_id == "69201605"
    assert link.pushed_at is not None
    assert len(greenhouse.received) == 1


def test_a_referral_is_sent_once(
    world: World,
    connection: AtsConnection,
    gh_job: Job,
    greenhouse: FakeGreenhouse,
    django_capture_on_commit_callbacks,
):
    greenhouse.answer("POST", CANDIDATES, status=201, body=fixture("candidate_created"))
    referral = _awaiting(world, gh_job)
    with django_capture_on_commit_callbacks(execute=True):
        consent_confirm(referral=referral)
    link = AtsCandidateLink.objects.get(referral=referral)

    # A task delivered twice, and a second confirmation, send nothing more.
    assert tasks.push_candidate(link.pk) == "skipped"
    with django_capture_on_commit_callbacks(execute=True):
        consent_confirm(referral=referral)

    assert AtsCandidateLink.objects.filter(referral=referral).count() == 1
    assert len(greenhouse.received) == 1


def test_nothing_is_queued_without_an_enabled_connection(
    world: World, gh_job: Job, greenhouse: FakeGreenhouse, django_capture_on_commit_callbacks
):
    connection_save(
        tenant=world.acme,
        actor=Actor.member(world.admin),
        connector="greenhouse",
        enabled=False,
        push_candidates=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        consent_confirm(referral=_awaiting(world, gh_job))

    assert not AtsCandidateLink.objects.exists()
    assert greenhouse.received == []


def test_nothing_is_queued_when_pushing_is_off(
    world: World,
    connection: AtsConnection,
    gh_job: Job,
    greenhouse: FakeGreenhouse,
    django_capture_on_commit_callbacks,
):
    connection_save(tenant=world.acme, actor=Actor.system("test"), push_candidates=False)
    with django_capture_on_commit_callbacks(execute=True):
        consent_confirm(referral=_awaiting(world, gh_job))

    assert not AtsCandidateLink.objects.exists()


def test_another_company_s_confirmation_goes_to_no_one(
    world: World, connection: AtsConnection, greenhouse: FakeGreenhouse
):
    f.refer(referrer=world.outsider_member, job=world.globex_job, confirmed=True)

    assert not AtsCandidateLink.objects.exists()


def test_a_failed_push_is_retried_with_backoff_then_sent(
    world: World,
    connection: AtsConnection,
    gh_job: Job,
    greenhouse: FakeGreenhouse,
    django_capture_on_commit_callbacks,
):
    greenhouse.fail("POST", CANDIDATES)
    greenhouse.answer("GET", BOARD_JOBS, body=fixture("jobs"))
    greenhouse.answer("GET", APPLICATION, body=fixture("application"))
    referral = _awaiting(world, gh_job)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            consent_confirm(referral=referral)
        link = AtsCandidateLink.objects.get(referral=referral)
        assert link.state == State.PENDING
        assert link.attempts == 1
        assert link.last_error == "Greenhouse could not be reached (OutboundError)"
        assert link.next_attempt_at == start + timedelta(minutes=1)
        # Not due yet: the sync leaves it.
        connection_sync(connection_id=connection.pk)
        assert len([r for r in greenhouse.received if r.url == CANDIDATES]) == 1

    greenhouse.answer("POST", CANDIDATES, status=201, body=fixture("candidate_created"))
    with time_machine.travel(start + timedelta(minutes=2), tick=False):
        counts = connection_sync(connection_id=connection.pk)

    link.refresh_from_db()
    assert counts["pushed"] == 1
    assert link.state == State.PUSHED
    assert link.attempts == 2
    assert link.last_error == ""


def test_a_push_failing_for_48_hours_is_given_up_and_shown(
    world: World,
    connection: AtsConnection,
    gh_job: Job,
    greenhouse: FakeGreenhouse,
    django_capture_on_commit_callbacks,
):
    greenhouse.answer("POST", CANDIDATES, status=422, body=fixture("error"))
    referral = _awaiting(world, gh_job)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            consent_confirm(referral=referral)
    link = AtsCandidateLink.objects.get(referral=referral)

    with time_machine.travel(start + timedelta(hours=49), tick=False):
        assert link_push(link.pk) == "failed"

    link.refresh_from_db()
    assert link.state == State.FAILED
    assert link.last_error == "HTTP 422: Validation error"
    page = world.client_for(world.admin).get("/office/ats/")
    assert "HTTP 422: Validation error" in page.content.decode()
    assert "Retry now" in page.content.decode()


def test_a_referral_erased_before_its_push_is_never_sent(
    world: World,
    connection: AtsConnection,
    gh_job: Job,
    greenhouse: FakeGreenhouse,
    django_capture_on_commit_callbacks,
):
    referral = _awaiting(world, gh_job)
    with django_capture_on_commit_callbacks(execute=False):
        referral = consent_confirm(referral=referral)
    referral_erase_personal_data(referral=referral)
    link = AtsCandidateLink.objects.get(referral=referral)

    assert link_push(link.pk) == "skipped"

    link.refresh_from_db()
    assert link.state == State.SKIPPED
    assert greenhouse.received == []


def test_the_sync_reads_the_stage_back_and_the_page_shows_it(
    world: World,
    connection: AtsConnection,
    gh_job: Job,
    greenhouse: FakeGreenhouse,
    django_capture_on_commit_callbacks,
):
    greenhouse.answer("POST", CANDIDATES, status=201, body=fixture("candidate_created"))
    greenhouse.answer("GET", BOARD_JOBS, body=fixture("jobs"))
    greenhouse.answer("GET", APPLICATION, body=fixture("application"))
    with django_capture_on_commit_callbacks(execute=True):
        consent_confirm(referral=_awaiting(world, gh_job))

    counts = connection_sync(connection_id=connection.pk)

    link = AtsCandidateLink.objects.get()
    assert counts["stages_read"] == 1
    assert (link.stage, link.ats_status) == ("Face to Face", "active")
    page = world.client_for(world.admin).get("/office/ats/").content.decode()
    assert "Face to Face" in page
    assert "Jane Doe" in page


def test_a_hired_or_rejected_application_is_not_read_again(
    world: World,
    connection: AtsConnection,
    gh_job: Job,
    greenhouse: FakeGreenhouse,
    django_capture_on_commit_callbacks,
):
    greenhouse.answer("POST", CANDIDATES, status=201, body=fixture("candidate_created"))
    greenhouse.answer("GET", BOARD_JOBS, body=fixture("jobs"))
    greenhouse.answer(
        "GET", APPLICATION, body=fixture("application").replace(b'"active"', b'"hired"')
    )
    with django_capture_on_commit_callbacks(execute=True):
        consent_confirm(referral=_awaiting(world, gh_job))
    connection_sync(connection_id=connection.pk)

    counts = connection_sync(connection_id=connection.pk)

    assert "stages_read" not in counts
    assert AtsCandidateLink.objects.get().ats_status == "hired"


def test_the_periodic_task_syncs_every_enabled_connection(
    world: World, connection: AtsConnection, greenhouse: FakeGreenhouse
):
    greenhouse.answer("GET", BOARD_JOBS, body=fixture("jobs"))

    assert tasks.sync_all() == 1

    connection.refresh_from_db()
    assert connection.last_sync_counts["jobs_created"] == 2
