"""The REST API's list pages (X1): ``GET /api/v1/referrals`` and ``GET /api/v1/jobs``, pages
of 100, followed by their cursors through the tenant's rows.

Each page is one request through the whole stack in this process (middlewares, the token,
the page, its JSON), warm; the medians and 95th percentiles are over every page, and the
query count of a page is the same whatever its depth (keyset on id), which is checked.
"""

import statistics
import time
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from coopt.accounts.models import Membership
from coopt.api.models import Scope
from coopt.api.services import token_create
from coopt.audit.actors import Actor
from coopt.tenants.models import Tenant

from .audience import percentile

PAGE = 100
PAGES = 20
PASSES = 3
RESOURCES = ("referrals", "jobs")


@dataclass
class ApiResult:
    page_ms: dict[str, list[float]] = field(default_factory=dict)
    queries: dict[str, set[int]] = field(default_factory=dict)

    def figures(self) -> list[tuple[str, float, str]]:
        found: list[tuple[str, float, str]] = []
        for resource in RESOURCES:
            timings = self.page_ms[resource]
            found += [
                (f"api_{resource}_median", round(statistics.median(timings), 1), "ms"),
                (f"api_{resource}_p95", round(percentile(timings, 95), 1), "ms"),
                (f"api_{resource}_queries", max(self.queries[resource]), "queries a page"),
            ]
        return found


def _walk(client: Client, resource: str, secret: str, pages: int) -> tuple[list[float], set[int]]:
    """Follow the cursor from the first page; the time and query count of each page."""
    timings: list[float] = []
    counts: set[int] = set()
    url: str | None = f"/api/v1/{resource}?limit={PAGE}"
    headers = {"Authorization": f"Bearer {secret}"}
    while url is not None and len(timings) < pages:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, headers=headers)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content[:300]
        counts.add(len(captured))
        next_url = response.json()["next"]
        url = next_url.split("://", 1)[1].split("/", 1)[1] if next_url else None
        url = f"/{url}" if url else None
    return timings, counts


def measure(
    tenant: Tenant, *, pages: int = PAGES, passes: int = PASSES, log: Any = print
) -> ApiResult:
    admin = Membership.objects.filter(tenant=tenant, is_admin=True, is_active=True).first()
    assert admin is not None, "the bench tenant has no admin"
    secret = token_create(
        tenant=tenant,
        name="bench",
        scopes=list(Scope.values),
        expires_at=None,
        created_by=admin,
        actor=Actor.system("bench"),
    ).secret
    host = tenant.domains.get(is_primary=True).domain
    client = Client(HTTP_HOST=host)
    result = ApiResult()
    with override_settings(COOPT_API_RATE_LIMIT=1_000_000):
        for resource in RESOURCES:
            _walk(client, resource, secret, 1)  # warm: the token's last use, caches
            timings: list[float] = []
            counts: set[int] = set()
            for _pass in range(passes):
                found, seen = _walk(client, resource, secret, pages)
                timings += found
                counts |= seen
            # The token's last use is written at most once a minute: one page may count it.
            assert max(counts) - min(counts) <= 1, f"{resource}: {sorted(counts)} queries"
            result.page_ms[resource] = timings
            result.queries[resource] = counts
            log(f"api: {resource}, {len(timings)} pages of {PAGE}")
    return result
