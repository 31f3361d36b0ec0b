"""Who may reach each page and action: members for their pages, admins of this tenant
for the back office; another tenant's objects are 404; anonymous visitors sign in."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coopt.gamification.models import Contest
from coopt.gamification.services import contest_create

MEMBER_PAGES = ["/points/", "/points/history/", "/leaderboard/", "/contests/"]
OFFICE_PAGES = [
    "/office/gamification/",
    "/office/gamification/levels/",
    "/office/gamification/contests/",
    "/office/gamification/contests/new/",
]


def make_contest(tenant, author) -> Contest:  # type: ignore[no-untyped-def]
    now = timezone.now()
    return contest_create(
        tenant=tenant,
        author=author,
        title="Contest",
        starts_at=now - dt.timedelta(days=1),
        ends_at=now + dt.timedelta(days=5),
        criterion="made",
        prize="A bike",
    )


@pytest.fixture
def acme_contest(world) -> Contest:  # type: ignore[no-untyped-def]
    return make_contest(world.acme, world.admin)


@pytest.mark.parametrize("url", MEMBER_PAGES)
@pytest.mark.parametrize("persona", ["member", "expert", "recruiter", "admin"])
def test_every_persona_opens_the_member_pages(world, url, persona):
    assert world.client_for(getattr(world, persona)).get(url).status_code == 200


@pytest.mark.parametrize("url", [*MEMBER_PAGES, *OFFICE_PAGES, "/contests/1/"])
def test_anonymous_visitors_are_sent_to_sign_in(world, acme_client, url):
    response = acme_client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_anonymous_visitors_cannot_post_the_privacy_choice(world, acme_client):
    response = acme_client.post("/points/privacy/", {"display": "anonymous"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("url", OFFICE_PAGES)
def test_an_admin_opens_each_office_page(world, url):
    assert world.client_for(world.admin).get(url).status_code == 200


@pytest.mark.parametrize("url", OFFICE_PAGES)
@pytest.mark.parametrize("persona", ["member", "expert", "recruiter"])
def test_other_roles_get_403_on_each_office_page(world, url, persona):
    assert world.client_for(getattr(world, persona)).get(url).status_code == 403


@pytest.mark.parametrize("persona", ["member", "recruiter"])
def test_other_roles_cannot_change_anything(world, acme_contest, persona):
    client = world.client_for(getattr(world, persona))
    assert client.post("/office/gamification/", {"hire": "999"}).status_code == 403
    assert client.post("/office/gamification/levels/", {}).status_code == 403
    assert client.post(f"/office/gamification/contests/{acme_contest.pk}/", {}).status_code == 403
    delete = f"/office/gamification/contests/{acme_contest.pk}/delete/"
    assert client.post(delete).status_code == 403
    assert Contest.objects.filter(pk=acme_contest.pk).exists()


@pytest.mark.parametrize("url", [*MEMBER_PAGES, *OFFICE_PAGES])
def test_a_globex_user_cannot_use_the_acme_host(world, url):
    client = world.client_for(world.outsider, host="acme.localhost")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")


@pytest.mark.parametrize(
    "url",
    [
        "/contests/{pk}/",
        "/office/gamification/contests/{pk}/",
    ],
)
def test_another_tenants_contest_is_404(world, acme_contest, url):
    client = world.client_for(world.outsider)  # admin of globex, on their own host
    assert client.get(url.format(pk=acme_contest.pk)).status_code == 404


def test_another_tenants_admin_cannot_edit_or_delete_a_contest(world, acme_contest):
    client = world.client_for(world.outsider)
    edit = client.post(f"/office/gamification/contests/{acme_contest.pk}/", {"title": "Mine"})
    delete = client.post(f"/office/gamification/contests/{acme_contest.pk}/delete/")
    assert edit.status_code == delete.status_code == 404
    assert Contest.objects.get(pk=acme_contest.pk).title == "Contest"


def test_a_tenants_pages_show_its_own_contests_only(world, acme_contest):
    theirs = make_contest(world.globex, world.outsider)
    page = world.client_for(world.member).get("/contests/")
    assert [c for c, _top in page.context["running"]] == [acme_contest]
    office = world.client_for(world.outsider).get("/office/gamification/contests/")
    assert list(office.context["contests"]) == [theirs]


def test_the_delete_action_only_takes_post(world, acme_contest):
    client = world.client_for(world.admin)
    response = client.get(f"/office/gamification/contests/{acme_contest.pk}/delete/")
    assert response.status_code == 405
    assert Contest.objects.filter(pk=acme_contest.pk).exists()
