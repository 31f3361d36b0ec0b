"""A stand-in for Greenhouse's servers: the one thing the ATS tests mock.

It replaces the ``fetch`` the connector calls, records every request as Greenhouse would
receive it, and answers each route with a fixture in Greenhouse's documented format
(``fixtures/greenhouse_*.json``). A request to a route nobody set up fails the test.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coopt.lib.outbound import OutboundError, Response

FIXTURES = Path(__file__).parent / "fixtures"
BOARD_JOBS = "https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true"
CANDIDATES = "https://harvest.greenhouse.io/v1/candidates"
APPLICATION = "https://harvest.greenhouse.io/v1/applications/69201605"
USER = "https://harvest.greenhouse.io/v1/users/112"
API_KEY = "a7183e1b7e9ab09b8a5cfa87d1934c3c"
# Basic auth: the key as the user name, an empty password ("<key>:" in base64).
AUTHORIZATION = "Basic YTcxODNlMWI3ZTlhYjA5YjhhNWNmYTg3ZDE5MzRjM2M6"


def fixture(name: str) -> bytes:
    return (FIXTURES / f"greenhouse_{name}.json").read_bytes()


@dataclass(frozen=True)
class Received:
    method: str
    url: str
    headers: dict[str, str]
    body: bytes | None

    @property
    def json(self) -> Any:
        assert self.body is not None
        return json.loads(self.body)


class FakeGreenhouse:
    def __init__(self) -> None:
        self.received: list[Received] = []
        self.routes: dict[tuple[str, str], tuple[int, bytes] | Exception] = {}

    def answer(self, method: str, url: str, status: int = 200, body: bytes = b"{}") -> None:
        self.routes[(method, url)] = (status, body)

    def fail(self, method: str, url: str, error: Exception | None = None) -> None:
        self.routes[(method, url)] = error or OutboundError("timed out")

    def __call__(
        self,
        url: str,
        *,
        method: str = "GET",
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float = 10.0,
        max_bytes: int = 5_000_000,
        max_redirects: int = 3,
    ) -> Response:
        self.received.append(Received(method, url, dict(headers or {}), body))
        route = self.routes.get((method, url))
        assert route is not None, f"Greenhouse has no route {method} {url}"
        if isinstance(route, Exception):
            raise route
        status, answer = route
        return Response(
            status=status, body=answer, url=url, headers={"content-type": "application/json"}
        )
