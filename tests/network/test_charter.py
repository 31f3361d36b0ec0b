"""The ethics charter and the terms, versioned: accepted at sign-up and before the next
referral once a new version is out (R6)."""

import pytest
from django.test import Client

from coopt.audit.actors import Actor
from coopt.network.charters import charter_publish, charters_pending
from coopt.network.models import CharterAcceptance, CharterVersion

from ..conftest import World
from .helpers import invite, join_form, make_network

pytestmark = pytest.mark.django_db


def publish(
    world: World, kind: str = CharterVersion.Kind.CHARTER, text: str = "Be fair."
) -> CharterVersion:
    return charter_publish(
        tenant=world.acme,
        kind=kind,
        texts={"en": text, "fr": "Soyez loyal."},
        actor=Actor.member(world.admin),
    )


def test_admins_publish_numbered_versions(world: World) -> None:
    client = world.client_for(world.admin)
    for _number in range(2):
        response = client.post(
            "/office/network/charter/", {"kind": "charter", "text_en": "One candidate per job."}
        )
        assert response.status_code == 302
    versions = list(CharterVersion.objects.filter(tenant=world.acme).order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[1].texts == {"en": "One candidate per job."}
    assert versions[1].published_by == world.admin.user
    assert world.client_for(world.recruiter).get("/office/network/charter/").status_code == 403


def test_nothing_published_asks_nothing(world: World) -> None:
    response = world.client_for(world.member).get(f"/jobs/{world.job.pk}/recommend/")
    assert response.status_code == 200
    assert charters_pending(member=world.member) == []


def test_a_new_version_is_accepted_before_the_next_referral_and_the_member_comes_back(
    world: World,
) -> None:
    publish(world)
    publish(world, kind=CharterVersion.Kind.TERMS, text="Points: 10 per referral.")
    client = world.client_for(world.member)
    recommend = f"/jobs/{world.job.pk}/recommend/"
    response = client.get(recommend)
    assert response.status_code == 302
    assert response["Location"] == f"/charter/?next={recommend.replace('/', '%2F')}"
    page = client.get(response["Location"]).content.decode()
    assert "Be fair." in page and "Points: 10 per referral." in page
    refused = client.post("/charter/", {"next": recommend})
    assert refused.status_code == 200
    accepted = client.post("/charter/", {"next": recommend, "accept": "on"})
    assert accepted["Location"] == recommend
    rows = CharterAcceptance.objects.filter(membership=world.member)
    assert sorted(row.version.version for row in rows) == [1, 1]
    assert all(row.accepted_at is not None for row in rows)
    assert client.get(recommend).status_code == 200
    # A third version of the charter: asked again, for it alone.
    publish(world, text="Be fair, version 2.")
    assert client.get(recommend).status_code == 302
    assert [v.version for v in charters_pending(member=world.member)] == [2]


def test_the_charter_is_shown_in_the_invitees_language_and_accepted_at_sign_up(
    world: World,
) -> None:
    make_network(world)
    publish(world)
    link = invite(world.member, "grace@example.org")
    client = Client(HTTP_HOST="acme.localhost", HTTP_ACCEPT_LANGUAGE="fr")
    client.cookies["django_language"] = "fr"
    assert "Soyez loyal." in client.get(link).content.decode()
    refused = client.post(link, join_form())
    assert refused.status_code == 200
    joined = client.post(link, join_form(accept="on"))
    assert joined.status_code == 302
    acceptance = CharterAcceptance.objects.get(membership__user__email="grace@example.org")
    assert acceptance.version.version == 1
    assert charters_pending(member=acceptance.membership) == []


def test_another_companys_charter_is_not_asked(world: World) -> None:
    publish(world)
    response = world.client_for(world.outsider_member).get(
        f"/jobs/{world.globex_job.pk}/recommend/"
    )
    assert response.status_code == 200
