"""My referrals and my applications, with consent, status and history (R3, R4, R7)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coopt.referrals.services import consent_decline, mobility_apply, referral_set_status

from .. import factories as f

pytestmark = pytest.mark.django_db


def test_it_shows_my_referrals_with_consent_status_and_history(world):
    awaiting = f.refer(referrer=world.member, job=world.job, first_name="Anna", email="anna@x.org")
    moving = f.refer(
        referrer=world.member,
        job=world.job,
        first_name="Boris",
        email="boris@x.org",
        confirmed=True,
    )
    referral_set_status(referral=moving, status="contacted", author=world.recruiter.user)
    response = world.client_for(world.member).get("/me/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Anna Doe" in html and "Boris Doe" in html
    assert "Awaiting confirmation" in html
    assert "Confirmed" in html
    assert 'class="status status-contacted"' in html
    rows = {r.pk: r for r in response.context["referrals"]}
    assert [c.to_status for c in rows[moving.pk].history.all()] == ["recommended", "contacted"]
    assert [c.to_status for c in rows[awaiting.pk].history.all()] == ["recommended"]
    assert html.count('<li><span class="status status-') >= 3


def test_an_erased_person_shows_as_deleted(world):
    referral = f.refer(referrer=world.member, job=world.job, first_name="Anna")
    consent_decline(referral=referral)
    html = world.client_for(world.member).get("/me/").content.decode()
    assert "Deleted person" in html
    assert "Anna" not in html
    assert "Declined" in html


def test_it_shows_my_applications(world):
    mobility_apply(member=world.member, job=world.job, motivation="I want to grow")
    response = world.client_for(world.member).get("/me/")
    assert [a.job for a in response.context["applications"]] == [world.job]
    assert "You have not applied to a job" not in response.content.decode()


def test_it_does_not_show_other_members_referrals_or_applications(world):
    f.refer(referrer=world.expert, job=world.job, first_name="Secret", email="secret@x.org")
    mobility_apply(member=world.expert, job=world.job, motivation="Mine")
    f.refer(referrer=world.outsider_member, job=world.globex_job, first_name="Foreign")
    response = world.client_for(world.member).get("/me/")
    html = response.content.decode()
    assert list(response.context["referrals"]) == []
    assert list(response.context["applications"]) == []
    assert "Secret" not in html and "Foreign" not in html
    assert "You have not recommended anyone yet." in html
    assert 'href="/jobs/"' in html
    assert "You have not applied to a job" in html


def test_it_shows_the_rules(world):
    html = world.client_for(world.member).get("/me/").content.decode()
    assert "One recommendation per person and per job." in html


def test_it_paginates_my_referrals(world):
    for number in range(23):
        f.refer(referrer=world.member, job=world.job, email=f"p{number}@x.org")
    client = world.client_for(world.member)
    first = client.get("/me/")
    assert len(first.context["referrals"]) == 20
    assert "Page 1 of 2" in first.content.decode()
    assert len(client.get("/me/", {"page": 2}).context["referrals"]) == 3


def test_the_query_count_does_not_grow_with_referrals(world):
    client = world.client_for(world.member)
    jobs = [f.make_job(world.acme, title=f"Job {n}") for n in range(3)]

    def add(count: int, start: int) -> None:
        for number in range(start, start + count):
            f.refer(
                referrer=world.member,
                job=jobs[number % 3],
                email=f"p{number}@x.org",
                status="contacted",
                author=world.recruiter.user,
            )
        for job in jobs[: min(count, 3)]:
            if not job.referrals.filter(applicant=world.member).exists():
                mobility_apply(member=world.member, job=job, motivation="Me")

    add(2, 0)
    client.get("/me/")
    with CaptureQueriesContext(connection) as few:
        client.get("/me/")
    add(18, 2)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/me/")
    assert len(response.context["referrals"]) == 20
    assert len(many) <= len(few)
    # The rewards and points panels read a few rows of their own, whatever the referrals.
    assert len(many) <= 20


def test_anonymous_users_are_sent_to_sign_in(world, acme_client):
    response = acme_client.get("/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/me/")
