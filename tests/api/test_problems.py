"""Every error is application/problem+json (RFC 9457), 429s say when to retry."""

from typing import Any

import pytest
from django.test import override_settings

from ..conftest import World
from .conftest import ApiClient, MakeToken

pytestmark = pytest.mark.django_db


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["status"] == status
    assert body["type"].startswith("https://")
    return body


def test_no_token_is_a_problem(world: World) -> None:
    assert_problem(ApiClient(None).get("/jobs"), 401)


def test_an_unknown_object_is_a_problem(world: World, api: ApiClient) -> None:
    assert_problem(api.get("/jobs/999999"), 404)


def test_an_unknown_path_is_a_problem(world: World, api: ApiClient) -> None:
    assert_problem(api.get("/nothing/here"), 404)
    assert_problem(ApiClient(None).get("/nothing/here"), 404)


def test_a_method_not_allowed_is_a_problem(world: World, api: ApiClient) -> None:
    response = api.client.delete("/api/v1/jobs", headers={"Authorization": f"Bearer {api.secret}"})
    assert_problem(response, 405)
    assert "GET" in response["Allow"]


def test_a_request_that_does_not_validate_lists_its_errors(world: World, api: ApiClient) -> None:
    body = assert_problem(api.post("/jobs", {"title": "", "salary_min": -1}), 422)
    fields = {tuple(error["loc"]) for error in body["errors"]}
    assert ("body", "payload", "title") in fields
    assert ("body", "payload", "salary_min") in fields
    assert all(error["msg"] for error in body["errors"])


def test_a_bad_query_parameter_is_a_problem(world: World, api: ApiClient) -> None:
    assert_problem(api.get("/jobs", {"limit": 0}), 422)
    assert_problem(api.get("/jobs", {"status": "nope"}), 422)
    assert_problem(api.get("/jobs", {"cursor": "%%%"}), 400)


def test_a_crash_is_a_problem_that_says_nothing_of_the_cause(
    world: World, api: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr("coopt.api.routers.tags.active_tags", broken)
    body = assert_problem(api.get("/tags"), 500)
    assert "secret internals" not in str(body)


@override_settings(COOPT_API_RATE_LIMIT=3, COOPT_API_RATE_WINDOW=60)
def test_too_many_requests_is_a_429_with_retry_after(world: World, make_token: MakeToken) -> None:
    _token, secret = make_token()
    _other, other_secret = make_token(name="Other")
    client = ApiClient(secret)
    for _ in range(3):
        assert client.get("/tags").status_code == 200
    response = client.get("/tags")
    assert_problem(response, 429)
    assert 1 <= int(response["Retry-After"]) <= 60
    # The limit is the token's: another token of the tenant is not held back.
    assert ApiClient(other_secret).get("/tags").status_code == 200


def test_an_id_too_large_for_the_database_is_a_422(world: World, api: ApiClient) -> None:
    huge = 2**70
    assert_problem(api.get("/referrals", {"job": huge}), 422)
    assert_problem(api.get(f"/jobs/{huge}"), 422)
    assert_problem(api.post("/jobs", {"title": "X", "location_ids": [huge]}), 422)


def test_a_nul_character_is_a_422(world: World, api: ApiClient) -> None:
    assert_problem(api.post("/jobs", {"title": "Bad\x00title"}), 422)
    assert_problem(api.get("/jobs", {"cursor": "a\x00b"}), 422)
