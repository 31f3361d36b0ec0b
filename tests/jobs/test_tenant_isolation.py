"""Another tenant's jobs do not exist here (T3): 404 everywhere, nothing created."""

import pytest

from coopt.jobs.models import ShareLink
from coopt.referrals.models import Referral

from .. import factories as f

pytestmark = pytest.mark.django_db


def job_urls(job_id: int) -> list[str]:
    return [
        f"/jobs/{job_id}/",
        f"/p/jobs/{job_id}/",
        f"/jobs/{job_id}/recommend/",
        f"/jobs/{job_id}/apply/",
    ]


def test_a_globex_member_gets_404_on_acme_jobs_from_their_own_host(world):
    client = world.client_for(world.outsider_member)
    for url in job_urls(world.job.pk):
        assert client.get(url).status_code == 404, url
    # and their own job works, so the 404 is about the tenant
    for url in job_urls(world.globex_job.pk):
        assert client.get(url).status_code == 200, url
    assert not ShareLink.objects.filter(job=world.job).exists()


def test_posting_to_another_tenant_job_is_404_and_creates_nothing(world):
    client = world.client_for(world.outsider_member)
    form = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ada@example.org",
        "relationship": "Friend",
        "motivation": "Sharp",
        "language": "en",
        "consent": "on",
    }
    for url in job_urls(world.job.pk)[1:]:
        assert client.post(url, form).status_code == 404, url
    assert not Referral.objects.exists()


def test_the_globex_staff_also_get_404(world):
    client = world.client_for(world.outsider)
    for url in job_urls(world.job.pk):
        assert client.get(url).status_code == 404, url


def test_a_globex_user_cannot_use_the_acme_host(world):
    for url in [
        "/jobs/",
        f"/jobs/{world.job.pk}/",
        f"/jobs/{world.job.pk}/recommend/",
        f"/jobs/{world.job.pk}/apply/",
        "/me/",
    ]:
        client = world.client_for(world.outsider_member, host="acme.localhost")
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]
        assert "_auth_user_id" not in client.session  # signed out, not just redirected


def test_a_membership_without_any_role_gets_403(world):
    nobody = f.make_member(world.acme, is_member=False)
    client = world.client_for(nobody)
    for url in [
        "/jobs/",
        f"/jobs/{world.job.pk}/",
        f"/jobs/{world.job.pk}/recommend/",
        f"/jobs/{world.job.pk}/apply/",
        "/me/",
    ]:
        assert client.get(url).status_code == 403, url


def test_a_deactivated_member_is_signed_out(world):
    world.member.is_active = False
    world.member.save()
    response = world.client_for(world.member).get("/jobs/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
