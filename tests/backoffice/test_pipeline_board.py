"""The pipeline board of a job: a column per status, unconfirmed people anonymous (R3, R5)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from coopt.jobs.models import Job
from coopt.referrals.services import (
    consent_decline,
    referral_set_status,
    referral_transfer,
)

from .. import factories as f
from ..conftest import World
from ..responses import Response

pytestmark = pytest.mark.django_db

GRACE: f.Person = {"first_name": "Grace", "last_name": "Hopper", "email": "grace@example.org"}


def board(world: World, job: Job | None = None) -> Response:
    response = world.client_for(world.recruiter).get(
        reverse("backoffice:job_pipeline", args=[(job or world.job).pk])
    )
    assert response.status_code == 200
    return response


def test_awaiting_referrals_show_no_personal_data(world):
    f.refer(
        referrer=world.member,
        job=world.job,
        first_name="Zelda",
        last_name="Secretname",
        email="zelda.secret@example.org",
        phone="+33 6 11 22 33 44",
        relationship="Neighbour since 2010",
        motivation="Brilliant negotiator",
    )
    html = board(world).content.decode()
    for personal in (
        "Zelda",
        "Secretname",
        "zelda.secret",
        "11 22 33 44",
        "Neighbour",
        "Brilliant negotiator",
    ):
        assert personal not in html
    assert "Awaiting confirmation" in html
    assert escape(world.member.display_name) in html
    assert 'data-testid="awaiting-card"' in html


def test_confirmed_referrals_sit_in_the_column_of_their_status(world):
    grace = f.refer(referrer=world.member, job=world.job, confirmed=True, **GRACE)
    alan = f.refer(
        referrer=world.member,
        job=world.job,
        status="met",
        author=world.recruiter.user,
        first_name="Alan",
        last_name="Turing",
        email="alan@example.org",
    )
    response = board(world)
    columns = {column.status: column for column in response.context["board"].columns}
    assert list(columns) == ["recommended", "contacted", "met", "hired", "not_retained"]
    assert [row.referral.pk for row in columns["recommended"].rows] == [grace.pk]
    assert [row.referral.pk for row in columns["met"].rows] == [alan.pk]
    html = response.content.decode()
    assert "Grace Hopper" in html
    assert reverse("backoffice:candidate", args=[alan.pk]) in html


def test_declined_people_are_only_counted(world):
    declined = f.refer(
        referrer=world.member,
        job=world.job,
        first_name="Gone",
        last_name="Person",
        email="gone@example.org",
    )
    consent_decline(referral=declined)
    response = board(world)
    assert response.context["board"].declined == 1
    html = response.content.decode()
    assert "Gone Person" not in html
    assert "1 declined" in html


def test_transferred_people_show_where_they_went(world):
    grace = f.refer(referrer=world.member, job=world.job, confirmed=True, **GRACE)
    buyer = f.make_job(world.acme, title="Senior buyer")
    new = referral_transfer(referral=grace, job=buyer, author=world.recruiter.user)
    html = board(world).content.decode()
    assert 'data-testid="transferred"' in html
    assert "Senior buyer" in html
    assert reverse("backoffice:candidate", args=[new.pk]) in html


def test_an_empty_board_says_what_to_do(world):
    html = board(world).content.decode()
    assert "Nobody has been put forward for this job yet" in html


def test_the_board_moves_a_card_and_comes_back(world):
    grace = f.refer(referrer=world.member, job=world.job, confirmed=True, **GRACE)
    url = reverse("backoffice:job_pipeline", args=[world.job.pk])
    response = world.client_for(world.recruiter).post(
        reverse("backoffice:candidate_status", args=[grace.pk]),
        {"status": "contacted", "next": url},
    )
    assert response["Location"] == url
    grace.refresh_from_db()
    assert grace.status == "contacted"


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_referrals(world: World, start: int, count: int) -> None:
    for number in range(start, start + count):
        referral = f.refer(
            referrer=world.member,
            job=world.job,
            confirmed=number % 3 != 0,
            first_name=f"Person{number}",
            last_name=f"Family{number}",
            email=f"person{number}@example.org",
        )
        if number % 3 == 1:
            referral_set_status(referral=referral, status="met", author=world.recruiter.user)


def test_the_board_does_not_grow_in_queries_with_the_number_of_referrals(world):
    client = world.client_for(world.recruiter)
    url = reverse("backoffice:job_pipeline", args=[world.job.pk])
    client.get(url)
    add_referrals(world, 0, 3)
    few = count_queries(client, url)
    add_referrals(world, 3, 12)
    many = count_queries(client, url)
    assert few == many
    assert many <= 12
