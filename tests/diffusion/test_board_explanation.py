"""On the member's board and job page: "Why you: ..." (D1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coopt.referrals.models import Referral, Status
from coopt.taxonomy.models import Tag

from .. import factories as f

pytestmark = pytest.mark.django_db


def test_the_board_explains_a_job_matching_my_interests(world):
    lyon = Tag.objects.get(tenant=world.acme, name="Lyon")
    sales = f.make_tag(world.acme, "Sales", kind=Tag.Kind.FAMILY)
    world.member.interests.set([lyon, sales])
    f.make_job(world.acme, title="Sales in Lyon", locations=[lyon], job_family=sales)
    f.make_job(world.acme, title="Unrelated job")
    response = world.client_for(world.member).get("/jobs/")
    html = response.content.decode()
    assert "Why you: You follow Lyon and Sales" in html
    assert "Why you: You follow Lyon</p>" in html  # the fixture's job in Lyon
    assert html.count('data-testid="why-you"') == 2
    jobs = {card.job.title: card.why_you for card in response.context["cards"]}
    assert jobs["Unrelated job"] == ""


def test_without_interests_the_board_explains_nothing(world):
    html = world.client_for(world.member).get("/jobs/").content.decode()
    assert "Why you:" not in html


def test_the_job_page_explains_my_past_successes_in_the_family(world):
    sales = f.make_tag(world.acme, "Sales", kind=Tag.Kind.FAMILY)
    old = f.make_job(world.acme, title="Old sales job", job_family=sales)
    job = f.make_job(world.acme, title="Sales lead", job_family=sales)
    for email in ("a@example.org", "b@example.org"):
        referral = f.refer(referrer=world.member, job=old, email=email)
        Referral.objects.filter(pk=referral.pk).update(status=Status.MET)
    html = world.client_for(world.member).get(f"/jobs/{job.pk}/").content.decode()
    assert "Why you: 2 of your referrals in Sales reached an interview" in html
    # Another member's successes are not mine.
    other = world.client_for(world.expert).get(f"/jobs/{job.pk}/").content.decode()
    assert "Why you:" not in other


def test_the_board_query_count_with_explanations_does_not_grow_with_jobs(world):
    lyon = Tag.objects.get(tenant=world.acme, name="Lyon")
    sales = f.make_tag(world.acme, "Sales", kind=Tag.Kind.FAMILY)
    world.member.interests.set([lyon, sales])
    old = f.make_job(world.acme, title="Old", job_family=sales)
    referral = f.refer(referrer=world.member, job=old, email="a@example.org")
    Referral.objects.filter(pk=referral.pk).update(status=Status.HIRED)
    client = world.client_for(world.member)

    def add_jobs(count: int) -> None:
        for number in range(count):
            f.make_job(world.acme, title=f"Job {number}", locations=[lyon], job_family=sales)

    add_jobs(3)
    client.get("/jobs/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/jobs/").status_code == 200
    add_jobs(20)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/jobs/")
    assert len(response.context["jobs"]) == 20
    assert response.content.decode().count("one of your referrals in Sales") == 20
    assert len(many) <= len(few)
    assert len(many) <= 15
