"""The pipeline list of a job: a table, a status filter and a bulk status change (R5)."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coopt.notifications.models import OutboundEmail
from coopt.referrals.models import Referral, StatusChange
from coopt.referrals.services import referral_transfer

from .. import factories as f
from ..conftest import World
from ..responses import Response

pytestmark = pytest.mark.django_db

GRACE: f.Person = {"first_name": "Grace", "last_name": "Hopper", "email": "grace@example.org"}
ALAN: f.Person = {"first_name": "Alan", "last_name": "Turing", "email": "alan@example.org"}
# Awaiting her answer: nothing about her may show.
ZELDA: f.Person = {"first_name": "Zelda", "last_name": "Secretname", "email": "zelda@example.org"}


def list_url(world: World) -> str:
    return reverse("backoffice:job_pipeline_list", args=[world.job.pk])


def messages_of(response: Response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_list_shows_confirmed_people_and_hides_the_others(world):
    f.refer(referrer=world.member, job=world.job, confirmed=True, **GRACE)
    f.refer(referrer=world.member, job=world.job, **ZELDA)
    response = world.client_for(world.recruiter).get(list_url(world))
    html = response.content.decode()
    assert "Grace Hopper" in html
    assert "Zelda" not in html
    assert "Secretname" not in html
    assert "zelda@" not in html
    assert html.count('data-testid="awaiting-row"') == 1
    assert html.count('name="referrals"') == 1  # only the confirmed person can be selected


def test_the_list_filters_by_status(world):
    f.refer(referrer=world.member, job=world.job, confirmed=True, **GRACE)
    f.refer(referrer=world.member, job=world.job, **ZELDA)
    client = world.client_for(world.recruiter)
    awaiting = client.get(list_url(world), {"status": "awaiting"})
    assert [row.visible for row in awaiting.context["rows"]] == [False]
    recommended = client.get(list_url(world), {"status": "recommended"})
    assert [row.referral.full_name for row in recommended.context["rows"]] == ["Grace Hopper"]
    hired = client.get(list_url(world), {"status": "hired"})
    assert "Nobody has this status." in hired.content.decode()


def test_bulk_change_moves_the_selected_people_and_counts(world):
    grace = f.refer(referrer=world.member, job=world.job, confirmed=True, **GRACE)
    alan = f.refer(referrer=world.member, job=world.job, confirmed=True, **ALAN)
    untouched = f.refer(referrer=world.member, job=world.job, confirmed=True)
    response = world.client_for(world.recruiter).post(
        list_url(world), {"referrals": [grace.pk, alan.pk], "status": "contacted"}
    )
    assert response.status_code == 302
    assert response["Location"] == list_url(world)
    assert "2 changed, 0 skipped." in messages_of(response)
    statuses = dict(Referral.objects.values_list("pk", "status"))
    assert statuses == {grace.pk: "contacted", alan.pk: "contacted", untouched.pk: "recommended"}
    changes = StatusChange.objects.filter(to_status="contacted", author=world.recruiter.user)
    assert changes.count() == 2
    assert OutboundEmail.objects.filter(template="candidate-status").count() == 2


def test_bulk_change_writes_no_second_history_line_for_people_already_there(world):
    grace = f.refer(referrer=world.member, job=world.job, confirmed=True, **GRACE)
    alan = f.refer(referrer=world.member, job=world.job, confirmed=True, **ALAN)
    client = world.client_for(world.recruiter)
    client.post(list_url(world), {"referrals": [grace.pk], "status": "met"})
    response = client.post(list_url(world), {"referrals": [grace.pk, alan.pk], "status": "met"})
    # Already "met" is no change for the service, but it is no failure either.
    assert messages_of(response)[-1] == "2 changed, 0 skipped."
    assert StatusChange.objects.filter(referral=grace, to_status="met").count() == 1


def test_bulk_change_refuses_people_who_cannot_move(world):
    grace = f.refer(referrer=world.member, job=world.job, confirmed=True, **GRACE)
    waiting = f.refer(referrer=world.member, job=world.job, **ZELDA)
    response = world.client_for(world.recruiter).post(
        list_url(world), {"referrals": [grace.pk, waiting.pk], "status": "hired"}
    )
    assert response.status_code == 400
    assert any("cannot be changed here" in message for message in messages_of(response))
    assert Referral.objects.get(pk=grace.pk).status == "recommended"
    assert Referral.objects.get(pk=waiting.pk).status == "recommended"


def test_bulk_change_refuses_people_of_another_job(world):
    other_job = f.make_job(world.acme, title="Buyer")
    elsewhere = f.refer(referrer=world.member, job=other_job, confirmed=True)
    response = world.client_for(world.recruiter).post(
        list_url(world), {"referrals": [elsewhere.pk], "status": "hired"}
    )
    assert response.status_code == 400
    assert Referral.objects.get(pk=elsewhere.pk).status == "recommended"


def test_bulk_change_without_a_selection_says_so(world):
    f.refer(referrer=world.member, job=world.job, confirmed=True)
    response = world.client_for(world.recruiter).post(list_url(world), {"status": "met"})
    assert response.status_code == 400
    assert "Select at least one person." in messages_of(response)


def test_transferred_people_show_where_they_went(world):
    grace = f.refer(referrer=world.member, job=world.job, confirmed=True, **GRACE)
    buyer = f.make_job(world.acme, title="Senior buyer")
    new = referral_transfer(referral=grace, job=buyer, author=world.recruiter.user)
    html = world.client_for(world.recruiter).get(list_url(world)).content.decode()
    assert "Transferred" in html
    assert "Senior buyer" in html
    assert reverse("backoffice:candidate", args=[new.pk]) in html
    assert 'name="referrals"' not in html  # a transferred file cannot be moved


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_referrals(world: World, start: int, count: int) -> None:
    for number in range(start, start + count):
        f.refer(
            referrer=world.member,
            job=world.job,
            confirmed=number % 3 != 0,
            first_name=f"Person{number}",
            last_name=f"Family{number}",
            email=f"person{number}@example.org",
        )


def test_the_list_does_not_grow_in_queries_with_the_number_of_referrals(world):
    client = world.client_for(world.recruiter)
    url = list_url(world)
    client.get(url)
    add_referrals(world, 0, 3)
    few = count_queries(client, url)
    add_referrals(world, 3, 12)
    many = count_queries(client, url)
    assert few == many
    assert many <= 12
