"""A confirmed referral is added to Greenhouse in Harvest's documented format, the member
credited; an unconfirmed one never leaves Coopt; its stage is read back."""

import pytest

from coopt.ats.connectors.base import AtsError, NotConfigured, NotConsented, Pushed, StageRead
from coopt.ats.connectors.greenhouse import GreenhouseConnector
from coopt.ats.models import AtsConnection
from coopt.jobs.models import Job
from coopt.referrals.services import consent_decline

from .. import factories as f
from ..conftest import World
from .fake_greenhouse import (
    APPLICATION,
    AUTHORIZATION,
    BOARD_JOBS,
    CANDIDATES,
    USER,
    FakeGreenhouse,
    fixture,
)

pytestmark = pytest.mark.django_db


def _jane(world: World, job: Job, **kwargs):
    return f.refer(
        referrer=world.member,
        job=job,
        email="jane.doe@example.org",
        phone="+33 6 12 34 56 78",
        **kwargs,
    )


def test_it_posts_the_candidate_with_the_referrer_credited(
    world: World, connection: AtsConnection, gh_job: Job, greenhouse: FakeGreenhouse
):
    greenhouse.answer("POST", CANDIDATES, status=201, body=fixture("candidate_created"))
    referral = _jane(world, gh_job, confirmed=True)

    pushed = GreenhouseConnector(connection).push(referral)

    assert pushed == Pushed(application_id="69201605", candidate_id="57683957")
    [request] = greenhouse.received
    assert (request.method, request.url) == ("POST", CANDIDATES)
    assert request.headers["Authorization"] == AUTHORIZATION
    assert request.headers["On-Behalf-Of"] == "112"
    assert request.headers["Content-Type"] == "application/json"
    assert request.json == {
        "first_name": "Jane",
        "last_name": "Doe",
        "email_addresses": [{"value": "jane.doe@example.org", "type": "personal"}],
        "phone_numbers": [{"value": "+33 6 12 34 56 78", "type": "mobile"}],
        "applications": [
            {"job_id": 2034567, "referrer": {"type": "email", "value": "member@acme.test"}}
        ],
    }


def test_push_candidate_answers_the_application_id(
    world: World, connection: AtsConnection, gh_job: Job, greenhouse: FakeGreenhouse
):
    greenhouse.answer("POST", CANDIDATES, status=201, body=fixture("candidate_created"))

    referral = _jane(world, gh_job, confirmed=True)

    assert GreenhouseConnector(connection).push_candidate(referral) == "69201605"


def test_an_outside_referrer_is_credited_by_name(
    world: World, connection: AtsConnection, gh_job: Job, greenhouse: FakeGreenhouse
):
    greenhouse.answer("POST", CANDIDATES, status=201, body=fixture("candidate_created"))
    connection.credit_referrer_as = AtsConnection.CreditReferrer.OUTSIDE
    referral = _jane(world, gh_job, confirmed=True)

    GreenhouseConnector(connection).push(referral)

    referrer = greenhouse.received[0].json["applications"][0]["referrer"]
    assert referrer == {"type": "outside", "value": world.member.user.get_full_name()}


def test_an_unconfirmed_referral_is_never_sent(
    world: World, connection: AtsConnection, gh_job: Job, greenhouse: FakeGreenhouse
):
    referral = _jane(world, gh_job)

    with pytest.raises(NotConsented):
        GreenhouseConnector(connection).push(referral)
    assert greenhouse.received == []


def test_a_declined_referral_is_never_sent(
    world: World, connection: AtsConnection, gh_job: Job, greenhouse: FakeGreenhouse
):
    referral = consent_decline(referral=_jane(world, gh_job))

    with pytest.raises(NotConsented):
        GreenhouseConnector(connection).push(referral)
    assert greenhouse.received == []


def test_a_job_not_linked_to_greenhouse_is_not_sent(
    world: World, connection: AtsConnection, greenhouse: FakeGreenhouse
):
    referral = _jane(world, world.job, confirmed=True)

    with pytest.raises(NotConfigured, match="not linked"):
        GreenhouseConnector(connection).push(referral)
    assert greenhouse.received == []


def test_greenhouse_refusing_the_candidate_is_an_error_with_its_message(
    world: World, connection: AtsConnection, gh_job: Job, greenhouse: FakeGreenhouse
):
    greenhouse.answer("POST", CANDIDATES, status=422, body=fixture("error"))
    referral = _jane(world, gh_job, confirmed=True)

    with pytest.raises(AtsError) as raised:
        GreenhouseConnector(connection).push(referral)
    assert str(raised.value) == "HTTP 422: Validation error"
    assert "jane" not in str(raised.value).lower()


def test_it_reads_the_stage_and_status_of_the_application(
    connection: AtsConnection, greenhouse: FakeGreenhouse
):
    greenhouse.answer("GET", APPLICATION, body=fixture("application"))
    connector = GreenhouseConnector(connection)

    assert connector.read_stage("69201605") == "Face to Face"
    assert connector.read("69201605") == StageRead(stage="Face to Face", status="active")
    request = greenhouse.received[0]
    assert (request.method, request.url) == ("GET", APPLICATION)
    assert request.headers["Authorization"] == AUTHORIZATION
    assert request.body is None


def test_the_check_reads_the_board_and_the_acting_user(
    connection: AtsConnection, greenhouse: FakeGreenhouse
):
    greenhouse.answer("GET", BOARD_JOBS, body=fixture("jobs"))
    greenhouse.answer("GET", USER, body=fixture("user"))

    GreenhouseConnector(connection).check()

    assert [r.url for r in greenhouse.received] == [BOARD_JOBS, USER]


def test_a_refused_key_fails_the_check(connection: AtsConnection, greenhouse: FakeGreenhouse):
    connection.board_token = ""
    greenhouse.answer("GET", USER, status=401, body=b'{"message": "Invalid Basic Auth"}')

    with pytest.raises(AtsError, match="refused the API key"):
        GreenhouseConnector(connection).check()
