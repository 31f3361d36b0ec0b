"""The admin's ATS page: settings (the key never shown back), test, sync, retries; admins
only, and only their own company's."""

import pytest

from coopt.ats.models import AtsCandidateLink, AtsConnection
from coopt.ats.services import link_push
from coopt.audit.models import AuditEvent
from coopt.jobs.models import Job
from coopt.referrals.services import consent_confirm

from .. import factories as f
from ..conftest import GLOBEX_HOST, World
from .fake_greenhouse import API_KEY, BOARD_JOBS, CANDIDATES, USER, FakeGreenhouse, fixture

pytestmark = pytest.mark.django_db

URL = "/office/ats/"
FORM = {
    "connector": "greenhouse",
    "enabled": "on",
    "board_token": "acme",
    "api_key": API_KEY,
    "on_behalf_of": "112",
    "credit_referrer_as": "email",
    "pull_jobs": "on",
    "push_candidates": "on",
}


def _failed_link(
    world: World, gh_job: Job, greenhouse: FakeGreenhouse, capture
) -> AtsCandidateLink:
    greenhouse.answer("POST", CANDIDATES, status=422, body=fixture("error"))
    referral = f.refer(referrer=world.member, job=gh_job, email="jane.doe@example.org")
    with capture(execute=True):
        consent_confirm(referral=referral)
    return AtsCandidateLink.objects.get(referral=referral)


def test_the_admin_saves_the_connection_and_the_audit_log_records_it(world: World):
    response = world.client_for(world.admin).post(URL, FORM)

    assert response.status_code == 302
    connection = AtsConnection.objects.get(tenant=world.acme)
    assert connection.enabled
    assert connection.api_key == API_KEY
    event = AuditEvent.objects.get(action=AuditEvent.Action.ATS_CONNECTION_SAVED)
    assert event.details["connector"] == "greenhouse"
    assert "api_key" in event.details["fields"]
    assert API_KEY not in str(event.details)


def test_the_page_shows_only_the_key_s_last_four_characters(
    world: World, connection: AtsConnection
):
    page = world.client_for(world.admin).get(URL).content.decode()

    assert API_KEY not in page
    assert "…4c3c" in page


def test_saving_without_a_new_key_keeps_the_saved_one(world: World, connection: AtsConnection):
    world.client_for(world.admin).post(URL, {**FORM, "api_key": "", "board_token": "acme2"})

    connection.refresh_from_db()
    assert connection.api_key == API_KEY
    assert connection.board_token == "acme2"


def test_sending_candidates_needs_a_key_and_an_acting_user(world: World):
    response = world.client_for(world.admin).post(URL, {**FORM, "api_key": "", "on_behalf_of": ""})

    assert response.status_code == 200
    assert "needs the Harvest API key" in response.content.decode()
    assert not AtsConnection.objects.exists()


def test_testing_the_connection_says_whether_greenhouse_accepts_it(
    world: World, connection: AtsConnection, greenhouse: FakeGreenhouse
):
    greenhouse.answer("GET", BOARD_JOBS, body=fixture("jobs"))
    greenhouse.answer("GET", USER, status=401, body=b"")
    client = world.client_for(world.admin)

    page = client.post(f"{URL}test/", follow=True).content.decode()
    assert "refused the API key" in page

    greenhouse.answer("GET", USER, body=fixture("user"))
    page = client.post(f"{URL}test/", follow=True).content.decode()
    assert "the settings work" in page


def test_sync_now_is_recorded_and_runs(
    world: World,
    connection: AtsConnection,
    greenhouse: FakeGreenhouse,
    django_capture_on_commit_callbacks,
):
    greenhouse.answer("GET", BOARD_JOBS, body=fixture("jobs"))

    with django_capture_on_commit_callbacks(execute=True):
        response = world.client_for(world.admin).post(f"{URL}sync/")

    assert response.status_code == 302
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.ATS_SYNC_RUN, actor=world.admin.user
    ).exists()
    assert Job.objects.filter(tenant=world.acme, external_id="greenhouse:2034567").exists()


def test_retry_now_sends_a_failed_candidate_again(
    world: World,
    connection: AtsConnection,
    gh_job: Job,
    greenhouse: FakeGreenhouse,
    django_capture_on_commit_callbacks,
):
    link = _failed_link(world, gh_job, greenhouse, django_capture_on_commit_callbacks)
    greenhouse.answer("POST", CANDIDATES, status=201, body=fixture("candidate_created"))

    with django_capture_on_commit_callbacks(execute=True):
        response = world.client_for(world.admin).post(f"{URL}candidates/{link.pk}/retry/")

    assert response.status_code == 302
    link.refresh_from_db()
    assert link.state == AtsCandidateLink.State.PUSHED
    assert link_push(link.pk) == "skipped"


@pytest.mark.parametrize("persona", ["recruiter", "member", "expert"])
def test_only_admins_reach_the_page(world: World, persona: str):
    client = world.client_for(getattr(world, persona))

    assert client.get(URL).status_code == 403
    assert client.post(URL, FORM).status_code == 403
    assert client.post(f"{URL}sync/").status_code == 403
    assert not AtsConnection.objects.exists()


def test_another_company_s_admin_cannot_retry_our_candidate(
    world: World,
    connection: AtsConnection,
    gh_job: Job,
    greenhouse: FakeGreenhouse,
    django_capture_on_commit_callbacks,
):
    link = _failed_link(world, gh_job, greenhouse, django_capture_on_commit_callbacks)
    outsider = world.client_for(world.outsider, host=GLOBEX_HOST)

    assert outsider.post(f"{URL}candidates/{link.pk}/retry/").status_code == 404
    page = outsider.get(URL).content.decode()
    assert "Jane" not in page
    assert "4c3c" not in page
    link.refresh_from_db()
    assert link.attempts == 1


def test_another_company_s_sync_does_not_touch_ours(
    world: World, connection: AtsConnection, greenhouse: FakeGreenhouse
):
    outsider = world.client_for(world.outsider, host=GLOBEX_HOST)

    outsider.post(f"{URL}sync/")
    outsider.post(f"{URL}test/")

    assert greenhouse.received == []
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ATS_SYNC_RUN).exists()


def test_the_admin_links_a_job_created_in_coopt_and_its_candidates_go_there(
    world: World,
    connection: AtsConnection,
    greenhouse: FakeGreenhouse,
    django_capture_on_commit_callbacks,
):
    greenhouse.answer("POST", CANDIDATES, status=201, body=fixture("candidate_created"))
    client = world.client_for(world.admin)

    response = client.post(f"{URL}jobs/link/", {"job": world.job.pk, "external_job_id": "2034567"})

    assert response.status_code == 302
    world.job.refresh_from_db()
    assert world.job.external_id == "greenhouse:2034567"
    event = AuditEvent.objects.filter(action=AuditEvent.Action.ATS_CONNECTION_SAVED).latest("pk")
    assert event.details == {"connector": "greenhouse", "job": world.job.pk}
    assert "greenhouse:2034567" in client.get(URL).content.decode()
    referral = f.refer(referrer=world.member, job=world.job, email="jane.doe@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        consent_confirm(referral=referral)
    assert greenhouse.received[0].json["applications"][0]["job_id"] == 2034567


def test_two_jobs_cannot_share_an_ats_job(world: World, connection: AtsConnection, gh_job: Job):
    page = world.client_for(world.admin).post(
        f"{URL}jobs/link/", {"job": world.job.pk, "external_job_id": "2034567"}, follow=True
    )

    assert "already linked" in page.content.decode()
    world.job.refresh_from_db()
    assert world.job.external_id == ""


def test_an_empty_id_unlinks_the_job(world: World, connection: AtsConnection, gh_job: Job):
    world.client_for(world.admin).post(
        f"{URL}jobs/link/", {"job": gh_job.pk, "external_job_id": ""}
    )

    gh_job.refresh_from_db()
    assert gh_job.external_id == ""


def test_another_company_s_job_cannot_be_linked(world: World, connection: AtsConnection):
    world.client_for(world.admin).post(
        f"{URL}jobs/link/", {"job": world.globex_job.pk, "external_job_id": "1"}
    )

    world.globex_job.refresh_from_db()
    assert world.globex_job.external_id == ""
