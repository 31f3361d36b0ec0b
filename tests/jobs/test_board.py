"""The member job board: my tenant's open jobs, matching first, tags, search, pages (J4)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coopt.jobs.models import Job
from coopt.jobs.services import job_set_status
from coopt.taxonomy.models import Tag

from .. import factories as f
from ..responses import Response

pytestmark = pytest.mark.django_db


def titles(response: Response) -> list[str]:
    return [job.title for job in response.context["jobs"]]


def test_it_lists_only_published_jobs_of_my_tenant(world):
    f.make_job(world.acme, title="Draft job", published=False)
    closed = f.make_job(world.acme, title="Closed job")
    job_set_status(job=closed, status=Job.Status.CLOSED)
    filled = f.make_job(world.acme, title="Filled job")
    job_set_status(job=filled, status=Job.Status.FILLED)
    response = world.client_for(world.member).get("/jobs/")
    assert response.status_code == 200
    assert titles(response) == ["Account manager"]
    html = response.content.decode()
    for hidden in ("Draft job", "Closed job", "Filled job", "Globex analyst"):
        assert hidden not in html


def test_it_shows_the_reward_and_the_actions_on_each_job(world):
    world.job.reward_note = "1,000 EUR after the probation period"
    world.job.save()
    html = world.client_for(world.member).get("/jobs/").content.decode()
    assert "1,000 EUR after the probation period" in html
    assert f"/jobs/{world.job.pk}/recommend/" in html
    assert f"/jobs/{world.job.pk}/" in html


def test_jobs_matching_my_interests_come_first(world):
    paris = f.make_tag(world.acme, "Paris")
    sales = f.make_tag(world.acme, "Sales", kind=Tag.Kind.FAMILY)
    world.member.interests.set([paris, sales])
    both = f.make_job(world.acme, title="Paris sales", locations=[paris], job_family=sales)
    one = f.make_job(world.acme, title="Paris buyer", locations=[paris])
    # Published last, so first by date: it must still come after the matching ones.
    newest = f.make_job(world.acme, title="Newest unrelated")
    Job.objects.filter(pk=newest.pk).update(published_at=timezone.now() + dt.timedelta(1))
    Job.objects.filter(pk=both.pk).update(published_at=timezone.now() - dt.timedelta(9))
    response = world.client_for(world.member).get("/jobs/")
    assert titles(response) == ["Paris sales", "Paris buyer", "Newest unrelated", "Account manager"]
    assert 'class="tag match"' in response.content.decode()
    assert one.pk


def test_without_interests_the_newest_job_comes_first(world):
    older = f.make_job(world.acme, title="Older")
    Job.objects.filter(pk=older.pk).update(published_at=timezone.now() - dt.timedelta(3))
    f.make_job(world.acme, title="Newer")
    response = world.client_for(world.member).get("/jobs/")
    assert titles(response)[0] == "Newer"
    assert titles(response)[-1] == "Older"


def test_the_tag_filter_keeps_jobs_carrying_the_tag(world):
    paris = f.make_tag(world.acme, "Paris")
    retail = f.make_tag(world.acme, "Retail", kind=Tag.Kind.SECTOR)
    f.make_job(world.acme, title="Paris job", locations=[paris])
    f.make_job(world.acme, title="Retail job", sector=retail)
    f.make_job(world.acme, title="Paris retail job", locations=[paris], sector=retail)
    client = world.client_for(world.member)
    assert sorted(titles(client.get("/jobs/", {"tag": paris.pk}))) == [
        "Paris job",
        "Paris retail job",
    ]
    assert sorted(titles(client.get("/jobs/", {"tag": retail.pk}))) == [
        "Paris retail job",
        "Retail job",
    ]
    both = client.get("/jobs/", {"tag": [paris.pk, retail.pk]})
    assert titles(both) == ["Paris retail job"]


def test_a_tag_of_another_tenant_is_ignored_not_a_crash(world):
    foreign = f.make_tag(world.globex, "Berlin")
    response = world.client_for(world.member).get("/jobs/", {"tag": foreign.pk})
    assert response.status_code == 200
    assert "Account manager" in titles(response)


def test_the_filter_lists_only_my_tenant_tags(world):
    f.make_tag(world.globex, "Berlin")
    html = world.client_for(world.member).get("/jobs/").content.decode()
    assert "Lyon" in html
    assert "Berlin" not in html


def test_search_finds_words_in_the_title_and_the_description(world):
    f.make_job(world.acme, title="Data engineer", description="<p>Python and SQL pipelines</p>")
    f.make_job(world.acme, title="Welder", description="<p>Night shifts in the plant</p>")
    client = world.client_for(world.member)
    assert titles(client.get("/jobs/", {"q": "engineer"})) == ["Data engineer"]
    assert titles(client.get("/jobs/", {"q": "PYTHON"})) == ["Data engineer"]
    assert titles(client.get("/jobs/", {"q": "shifts"})) == ["Welder"]
    assert titles(client.get("/jobs/", {"q": "python sql"})) == ["Data engineer"]
    assert titles(client.get("/jobs/", {"q": "python welder"})) == []


def test_search_puts_matching_interests_first_and_stays_in_my_tenant(world):
    paris = f.make_tag(world.acme, "Paris")
    world.member.interests.set([paris])
    f.make_job(world.acme, title="Sales engineer")
    f.make_job(world.acme, title="Engineer in Paris", locations=[paris])
    f.make_job(world.globex, title="Globex engineer")
    found = titles(world.client_for(world.member).get("/jobs/", {"q": "engineer"}))
    assert found == ["Engineer in Paris", "Sales engineer"]


def test_search_with_odd_characters_does_not_fail(world):
    client = world.client_for(world.member)
    for text in ["c++", "'; drop table", '"unclosed', "a & b | !c", "100%", "—", " "]:
        assert client.get("/jobs/", {"q": text}).status_code == 200, text


def test_it_paginates_long_lists(world):
    for number in range(24):
        f.make_job(world.acme, title=f"Job {number:02}")
    client = world.client_for(world.member)
    first = client.get("/jobs/")
    assert len(first.context["jobs"]) == 20
    assert first.context["page_obj"].paginator.num_pages == 2
    html = first.content.decode()
    assert "Page 1 of 2" in html
    assert 'href="?page=2"' in html
    second = client.get("/jobs/", {"page": 2})
    assert len(second.context["jobs"]) == 5
    assert not set(titles(first)) & set(titles(second))
    assert client.get("/jobs/", {"page": "999"}).status_code == 200
    assert client.get("/jobs/", {"page": "x"}).status_code == 200


def test_the_pages_keep_the_search(world):
    for number in range(25):
        f.make_job(world.acme, title=f"Engineer {number:02}")
    html = world.client_for(world.member).get("/jobs/", {"q": "engineer"}).content.decode()
    assert 'href="?q=engineer&amp;page=2"' in html


def test_the_empty_board_says_what_happens_next(world):
    job_set_status(job=world.job, status=Job.Status.CLOSED)
    response = world.client_for(world.member).get("/jobs/")
    assert titles(response) == []
    assert "There is no open job right now" in response.content.decode()


def test_a_search_without_result_offers_to_show_all_jobs(world):
    response = world.client_for(world.member).get("/jobs/", {"q": "astronaut"})
    html = response.content.decode()
    assert "No job matches this search." in html
    assert 'href="/jobs/"' in html


def test_the_board_query_count_does_not_grow_with_jobs(world):
    paris = f.make_tag(world.acme, "Paris")
    sales = f.make_tag(world.acme, "Sales", kind=Tag.Kind.FAMILY)
    world.member.interests.set([paris])
    client = world.client_for(world.member)

    def add_jobs(count: int) -> None:
        for number in range(count):
            f.make_job(world.acme, title=f"Job {number}", locations=[paris], job_family=sales)

    add_jobs(4)
    client.get("/jobs/")  # warm the session and caches
    with CaptureQueriesContext(connection) as few:
        assert client.get("/jobs/").status_code == 200
    add_jobs(20)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/jobs/")
    assert len(response.context["jobs"]) == 20
    assert len(many) <= len(few)
    assert len(many) <= 15


def test_anonymous_users_are_sent_to_sign_in(world, acme_client):
    response = acme_client.get("/jobs/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/jobs/")


def test_two_locations_show_jobs_in_either_and_kinds_combine(world):
    paris = f.make_tag(world.acme, "Paris")
    lyon = Tag.objects.get(tenant=world.acme, name="Lyon")
    retail = f.make_tag(world.acme, "Retail", kind=Tag.Kind.SECTOR)
    f.make_job(world.acme, title="Paris job", locations=[paris])
    f.make_job(world.acme, title="Lyon retail job", locations=[lyon], sector=retail)
    client = world.client_for(world.member)
    either = client.get("/jobs/", {"tag": [paris.pk, lyon.pk]})
    assert sorted(titles(either)) == ["Account manager", "Lyon retail job", "Paris job"]
    both_kinds = client.get("/jobs/", {"tag": [paris.pk, lyon.pk, retail.pk]})
    assert titles(both_kinds) == ["Lyon retail job"]


def test_a_tag_filter_keeps_the_matching_order(world):
    paris = f.make_tag(world.acme, "Paris")
    lyon = Tag.objects.get(tenant=world.acme, name="Lyon")
    world.member.interests.set([lyon])
    f.make_job(world.acme, title="Paris and Lyon", locations=[paris, lyon])
    newest = f.make_job(world.acme, title="Paris only", locations=[paris])
    Job.objects.filter(pk=newest.pk).update(published_at=timezone.now() + dt.timedelta(1))
    response = world.client_for(world.member).get("/jobs/", {"tag": paris.pk})
    assert titles(response) == ["Paris and Lyon", "Paris only"]
