"""The list of companies with their usage: counted in a fixed number of queries."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from coopt.notifications.models import OutboundEmail
from coopt.notifications.services import email_queue_text
from coopt.tenants.services import tenant_create

from .. import factories as f
from ..conftest import World

pytestmark = pytest.mark.django_db


def row_of(response: Any, slug: str) -> Any:
    return next(t for t in response.context["page"] if t.slug == slug)


def test_each_company_shows_its_usage(operator_client: Client, world: World) -> None:
    f.refer(job=world.job, referrer=world.member)
    for to in ("x@example.com", "y@example.com"):
        email_queue_text(tenant=world.acme, to=to, subject="s", text="t", html=None, language="en")
    OutboundEmail.objects.filter(to_email="y@example.com").update(status="failed")
    response = operator_client.get("/")
    assert response.status_code == 200
    acme = row_of(response, "acme")
    assert acme.member_count == 4
    assert acme.job_count == 1
    assert acme.referrals_this_month == 1
    waiting = OutboundEmail.objects.filter(tenant=world.acme, status="pending").count()
    assert waiting >= 1  # the one queued above, and the referral's own e-mails
    assert (acme.emails_pending, acme.emails_failed) == (waiting, 1)
    globex = row_of(response, "globex")
    assert (globex.member_count, globex.referrals_this_month, globex.emails_failed) == (2, 0, 0)


def test_the_list_costs_the_same_queries_for_two_or_twenty_companies(
    operator_client: Client, world: World
) -> None:
    operator_client.get("/")  # warm up the session and the authenticator check
    with CaptureQueriesContext(connection) as few:
        assert operator_client.get("/").status_code == 200
    for number in range(18):
        tenant = tenant_create(name=f"Co {number}", slug=f"co-{number}", domains=[f"co{number}.ex"])
        f.make_member(tenant)
    with CaptureQueriesContext(connection) as many:
        response = operator_client.get("/")
    assert len(response.context["page"]) == 20
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]


def test_the_list_is_paginated(operator_client: Client, world: World) -> None:
    for number in range(30):
        tenant_create(name=f"Co {number}", slug=f"co-{number}")
    first = operator_client.get("/")
    assert len(first.context["page"]) == 25
    second = operator_client.get("/?page=2")
    assert len(second.context["page"]) == 7
