import pytest

from coopt.ats.models import AtsConnection
from coopt.ats.services import connection_save
from coopt.audit.actors import Actor
from coopt.jobs.models import Job

from .. import factories as f
from ..conftest import World
from .fake_greenhouse import API_KEY, FakeGreenhouse


@pytest.fixture
def greenhouse(monkeypatch: pytest.MonkeyPatch) -> FakeGreenhouse:
    fake = FakeGreenhouse()
    monkeypatch.setattr("coopt.ats.connectors.greenhouse.fetch", fake)
    return fake


@pytest.fixture
def connection(world: World) -> AtsConnection:
    """Acme's Greenhouse, configured by its admin: jobs in, candidates out."""
    return connection_save(
        tenant=world.acme,
        actor=Actor.member(world.admin),
        api_key=API_KEY,
        connector="greenhouse",
        enabled=True,
        board_token="acme",
        on_behalf_of="112",
        credit_referrer_as="email",
        pull_jobs=True,
        push_candidates=True,
    )


@pytest.fixture
def gh_job(world: World) -> Job:
    """A job of Acme linked to Greenhouse's job 2034567."""
    return f.make_job(
        world.acme,
        author=world.recruiter.user,
        title="Data Engineer",
        external_id="greenhouse:2034567",
    )
