"""A member sponsors someone into the network; the invitee joins from the link (N1)."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from coopt.accounts.models import Membership
from coopt.gamification.models import PointEvent
from coopt.network.models import Sponsorship
from coopt.network.rules import network_rules_for, network_settings_save
from coopt.network.services import SponsorshipRefused, sponsorship_invite
from coopt.notifications.models import OutboundEmail

from ..conftest import World
from .helpers import PASSWORD, invite, join_form, make_network

pytestmark = pytest.mark.django_db

SIGN_UP_CLOSED = "Sign Up Closed"


def test_the_invitation_goes_through_the_outbox_in_the_invitees_language(world: World) -> None:
    make_network(world)
    client = world.client_for(world.member)
    response = client.post(
        "/sponsor/", {"first_name": "Grace", "email": "Grace@Example.org", "language": "fr"}
    )
    assert response.status_code == 302
    message = OutboundEmail.objects.get(template="sponsorship")
    assert message.to_email == "grace@example.org"
    assert message.language == "fr"
    assert "/join/" in message.body_text
    token = message.body_text.split("/join/")[1].split("/")[0]
    sponsorship = Sponsorship.objects.get()
    # Only the hash of the link's key is stored.
    assert token not in sponsorship.token_hash and len(sponsorship.token_hash) == 64


def test_a_member_may_send_five_invitations_a_month_by_default(world: World) -> None:
    make_network(world)
    for number in range(5):
        invite(world.member, f"friend{number}@example.org")
    client = world.client_for(world.member)
    response = client.post(
        "/sponsor/", {"first_name": "Six", "email": "six@example.org", "language": "en"}
    )
    assert response.status_code == 200
    assert "You have sent your 5 invitations for this month" in response.content.decode()
    assert Sponsorship.objects.count() == 5


def test_last_months_invitations_do_not_count_and_the_limit_is_a_tenant_setting(
    world: World,
) -> None:
    make_network(world)
    network_settings_save(tenant=world.acme, sponsorships_per_month=1, one_candidate_per_job=None)
    invite(world.member, "old@example.org")
    Sponsorship.objects.update(created_at=timezone.now() - dt.timedelta(days=40))
    invite(world.member, "new@example.org")
    with pytest.raises(SponsorshipRefused) as refused:
        invite(world.member, "third@example.org")
    assert refused.value.code == "limit"
    assert network_rules_for(tenant=world.acme).sponsorships_per_month == 1


def test_sponsorship_is_for_network_tenants_only(world: World) -> None:
    with pytest.raises(SponsorshipRefused):
        sponsorship_invite(
            member=world.member, email="x@example.org", first_name="X", language="en"
        )
    assert world.client_for(world.member).get("/sponsor/").status_code == 404


def test_the_invitee_signs_up_and_goes_on_to_choose_their_interests(world: World) -> None:
    make_network(world)
    link = invite(world.member, "grace@example.org")
    client = Client(HTTP_HOST="acme.localhost")
    page = client.get(link)
    assert page.status_code == 200
    assert world.member.display_name in page.content.decode()
    response = client.post(link, join_form(employer_domain="@Navy.Example"))
    assert response.status_code == 302
    assert response["Location"] == "/welcome/"
    joined = Membership.objects.get(tenant=world.acme, user__email="grace@example.org")
    assert joined.sponsor == world.member
    assert joined.employer_name == "Navy"
    assert joined.employer_domain == "navy.example"
    assert joined.user.check_password(PASSWORD)
    assert joined.user.language == "fr"
    assert joined.onboarded_at is None  # the onboarding (interests) comes next
    assert client.get("/welcome/").status_code == 200


def test_a_used_link_is_refused(world: World) -> None:
    make_network(world)
    link = invite(world.member, "grace@example.org")
    assert Client(HTTP_HOST="acme.localhost").post(link, join_form()).status_code == 302
    again = Client(HTTP_HOST="acme.localhost").get(link)
    assert again.status_code == 404
    assert "used already" in again.content.decode()


def test_an_expired_link_is_refused(world: World) -> None:
    make_network(world)
    link = invite(world.member, "grace@example.org")
    Sponsorship.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = Client(HTTP_HOST="acme.localhost").post(link, join_form())
    assert response.status_code == 404
    assert "expired" in response.content.decode()
    assert not Membership.objects.filter(user__email="grace@example.org").exists()


def test_the_link_opens_nothing_on_another_companys_site(world: World) -> None:
    make_network(world)
    world.globex.mode = "network"
    world.globex.save(update_fields=["mode"])
    link = invite(world.member, "grace@example.org")
    assert Client(HTTP_HOST="globex.localhost").get(link).status_code == 404


def test_a_network_has_no_open_sign_up(world: World) -> None:
    make_network(world)
    client = Client(HTTP_HOST="acme.localhost")
    response = client.post(
        "/accounts/signup/",
        {"email": "walk-in@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert not Membership.objects.filter(user__email="walk-in@example.org").exists()
    assert SIGN_UP_CLOSED in response.content.decode()


def test_the_sponsor_earns_the_sponsorship_points_once_the_sponsee_joins(world: World) -> None:
    make_network(world)
    link = invite(world.member, "grace@example.org")
    assert not PointEvent.objects.filter(member=world.member, action="sponsorship").exists()
    Client(HTTP_HOST="acme.localhost").post(link, join_form())
    event = PointEvent.objects.get(member=world.member, action="sponsorship")
    assert event.points > 0
