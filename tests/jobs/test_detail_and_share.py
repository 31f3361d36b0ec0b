"""Job detail with the member's tracked link, and the link itself (J4, J5)."""

import pytest

from coopt.jobs.models import Job, ShareLink
from coopt.jobs.services import job_set_status, share_link_for

from .. import factories as f

pytestmark = pytest.mark.django_db


def test_the_detail_page_shows_the_job_and_my_share_link(world):
    world.job.reward_note = "800 EUR"
    world.job.save()
    response = world.client_for(world.member).get(f"/jobs/{world.job.pk}/")
    assert response.status_code == 200
    link = ShareLink.objects.get(job=world.job, member=world.member)
    assert link.tenant == world.acme
    html = response.content.decode()
    assert response.context["share_url"] == f"http://acme.localhost/s/{link.token}/"
    assert f'value="http://acme.localhost/s/{link.token}/"' in html
    assert "Account manager" in html
    assert "Sell our products." in html
    assert "800 EUR" in html
    assert f"/jobs/{world.job.pk}/recommend/" in html
    assert f"/jobs/{world.job.pk}/apply/" in html


def test_there_is_one_share_link_per_member_and_job(world):
    client = world.client_for(world.member)
    first = client.get(f"/jobs/{world.job.pk}/").context["share_url"]
    second = client.get(f"/jobs/{world.job.pk}/").context["share_url"]
    assert first == second
    assert ShareLink.objects.filter(job=world.job, member=world.member).count() == 1
    other = world.client_for(world.expert).get(f"/jobs/{world.job.pk}/").context["share_url"]
    assert other != first
    assert ShareLink.objects.filter(job=world.job).count() == 2


def test_a_draft_or_closed_job_has_no_detail_page(world):
    draft = f.make_job(world.acme, title="Draft", published=False)
    client = world.client_for(world.member)
    assert client.get(f"/jobs/{draft.pk}/").status_code == 404
    job_set_status(job=world.job, status=Job.Status.CLOSED)
    assert client.get(f"/jobs/{world.job.pk}/").status_code == 404
    assert not ShareLink.objects.exists()


def test_the_detail_page_needs_a_signed_in_member(world, acme_client):
    response = acme_client.get(f"/jobs/{world.job.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_tracked_link_counts_a_visit_and_opens_the_public_page(world, acme_client):
    link = share_link_for(job=world.job, member=world.member)
    response = acme_client.get(f"/s/{link.token}/")
    assert response.status_code == 302
    assert response["Location"] == f"/p/jobs/{world.job.pk}/?ref={link.token}"
    acme_client.get(f"/s/{link.token}/")
    link.refresh_from_db()
    assert link.visits == 2
    page = acme_client.get(response["Location"])
    assert page.status_code == 200
    assert f'name="ref" value="{link.token}"' in page.content.decode()


def test_an_unknown_or_closed_tracked_link_is_404(world, acme_client):
    assert acme_client.get("/s/not-a-token/").status_code == 404
    link = share_link_for(job=world.job, member=world.member)
    job_set_status(job=world.job, status=Job.Status.CLOSED)
    assert acme_client.get(f"/s/{link.token}/").status_code == 404
    link.refresh_from_db()
    assert link.visits == 0


def test_a_tracked_link_of_another_tenant_is_404_on_this_host(world, acme_client):
    link = share_link_for(job=world.globex_job, member=world.outsider_member)
    assert acme_client.get(f"/s/{link.token}/").status_code == 404
    link.refresh_from_db()
    assert link.visits == 0
