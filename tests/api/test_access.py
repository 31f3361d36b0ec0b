"""Every route of /api/v1/ (the "api/v1/" group of the URLconf walk, declared as a whole):
refused without a token or with another company's, and another company's ids are a 404."""

from typing import Any

import pytest

from coopt.jobs.models import Job

from .. import factories as f
from ..conftest import GLOBEX_HOST, World
from ..rewards.helpers import due_reward
from ..security.urlconf.walk import project_routes
from .conftest import ApiClient, MakeToken

pytestmark = pytest.mark.django_db

OPEN = {"api_v1:openapi-json", "api_v1:openapi-view", "api_v1:not_found", "api_v1:api-root"}
ROUTES = [r for r in project_routes() if r.route.startswith("api/v1/") and r.name not in OPEN]


def _url(route: Any, ids: dict[str, int]) -> str:
    path = route.route.removeprefix("api/v1/")
    for name in route.parameters:
        path = path.replace(f"<{name}>", str(ids[name]))
    return f"/{path}"


@pytest.fixture
def acme_ids(world: World) -> dict[str, int]:
    referral = f.refer(referrer=world.member, job=world.job, confirmed=True)
    return {"job_id": world.job.pk, "referral_id": referral.pk, "reward_id": due_reward(world).pk}


def test_the_walk_finds_the_api_routes() -> None:
    assert len(ROUTES) >= 10
    assert all(route.name.startswith("api_v1:") for route in ROUTES)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_no_token_is_a_401_problem(world: World, acme_ids: dict[str, int], route: Any) -> None:
    client = ApiClient(None)
    url = _url(route, acme_ids)
    for response in (client.get(url), client.post(url, {}), client.patch(url, {})):
        assert response.status_code in (401, 405), (url, response.status_code)
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_another_companys_token_gets_nothing_of_acme(
    world: World, acme_ids: dict[str, int], make_token: MakeToken, route: Any
) -> None:
    _token, globex_secret = make_token(admin=world.outsider)
    url = _url(route, acme_ids)
    on_acme = ApiClient(globex_secret)
    for response in (on_acme.get(url), on_acme.post(url, {}), on_acme.patch(url, {})):
        assert response.status_code in (401, 405), (url, response.status_code)
    on_globex = ApiClient(globex_secret, host=GLOBEX_HOST)
    responses = [on_globex.get(url), on_globex.post(url, {}), on_globex.patch(url, {})]
    if route.parameters:
        assert {r.status_code for r in responses} <= {404, 405, 422}, url
    for response in responses:
        assert "Account manager" not in response.content.decode()
    world.job.refresh_from_db()
    assert world.job.status == Job.Status.PUBLISHED and world.job.title == "Account manager"
