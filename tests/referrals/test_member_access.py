"""Member pages need a signed-in member of this tenant."""

import pytest

from .. import factories as f

pytestmark = pytest.mark.django_db


def member_urls(world) -> list[str]:  # type: ignore[no-untyped-def]
    job = world.job.pk
    return [
        "/jobs/",
        f"/jobs/{job}/",
        f"/jobs/{job}/recommend/",
        f"/jobs/{job}/apply/",
        "/me/",
        "/notifications/",
        "/preferences/",
        "/welcome/",
    ]


def test_anonymous_users_are_redirected_to_sign_in_on_every_member_page(world, acme_client):
    for url in member_urls(world):
        response = acme_client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"/accounts/login/?next={url}", url


def test_anonymous_posts_are_redirected_and_create_nothing(world, acme_client):
    from coopt.referrals.models import Referral

    for url in [f"/jobs/{world.job.pk}/recommend/", f"/jobs/{world.job.pk}/apply/"]:
        response = acme_client.post(url, {"motivation": "x", "first_name": "A"})
        assert response.status_code == 302, url
    assert not Referral.objects.exists()


def test_every_role_may_use_the_member_pages(world):
    for membership in (world.member, world.expert, world.recruiter, world.admin):
        client = world.client_for(membership)
        for url in member_urls(world)[:5]:
            assert client.get(url).status_code == 200, (membership, url)


def test_a_membership_without_role_is_refused(world):
    nobody = f.make_member(world.acme, is_member=False)
    client = world.client_for(nobody)
    for url in member_urls(world)[:5]:
        assert client.get(url).status_code == 403, url
