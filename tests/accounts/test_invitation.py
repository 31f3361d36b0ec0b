"""The invitation page at /invitation/<token>/ (M1)."""

from django.test import Client
from django.urls import reverse

from coopt.accounts.models import Membership
from coopt.accounts.services import invitation_token, member_create, membership_deactivate
from coopt.audit.actors import Actor

from ..conftest import World

PASSWORD = "a long and unusual passphrase"


def invited(world: World) -> Membership:
    return member_create(tenant=world.acme, email="ivy@acme.test", first_name="Ivy")


def url(membership: Membership) -> str:
    return reverse("accounts:invitation", args=[invitation_token(membership)])


def test_accepting_sets_the_password_and_signs_in(world):
    membership = invited(world)
    client = Client(HTTP_HOST="acme.localhost")
    assert b"Welcome, Ivy" in client.get(url(membership)).content
    response = client.post(url(membership), {"password1": PASSWORD, "password2": PASSWORD})
    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(membership.user.pk)
    membership.user.refresh_from_db()
    assert membership.user.check_password(PASSWORD)
    # The password works for the next sign-in too.
    other = Client(HTTP_HOST="acme.localhost")
    other.post(reverse("account_login"), {"login": "ivy@acme.test", "password": PASSWORD})
    assert other.session["_auth_user_id"] == str(membership.user.pk)


def test_different_or_weak_passwords_are_refused(world):
    membership = invited(world)
    client = Client(HTTP_HOST="acme.localhost")
    response = client.post(url(membership), {"password1": PASSWORD, "password2": PASSWORD + "x"})
    assert "The two passwords differ." in response.content.decode()
    response = client.post(url(membership), {"password1": "123", "password2": "123"})
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session
    membership.user.refresh_from_db()
    assert not membership.user.has_usable_password()


def test_a_leavers_invitation_no_longer_works(world):
    membership = invited(world)
    link = url(membership)
    membership_deactivate(membership=membership, actor=Actor.system())
    response = Client(HTTP_HOST="acme.localhost").post(
        link, {"password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 404
    membership.user.refresh_from_db()
    assert not membership.user.has_usable_password()


def test_an_acme_invitation_does_not_work_on_globex(world):
    response = Client(HTTP_HOST="globex.localhost").get(url(invited(world)))
    assert response.status_code == 404


def test_an_invitation_link_works_only_once(world):
    membership = member_create(tenant=world.acme, email="once@acme.test", first_name="Once")
    link = url(membership)
    client = world.client_for(None)
    first = client.post(
        link, {"password1": "a fine long password 1", "password2": "a fine long password 1"}
    )
    assert first.status_code == 302
    again = world.client_for(None).post(
        link, {"password1": "another long password 2", "password2": "another long password 2"}
    )
    assert again.status_code == 404
    membership.user.refresh_from_db()
    assert membership.user.check_password("a fine long password 1")


def test_an_admin_cannot_deactivate_themself_or_drop_their_own_admin_role(world):
    import pytest

    from coopt.accounts.services import (
        MembershipChangeRefused,
        membership_set_roles,
    )

    with pytest.raises(MembershipChangeRefused):
        membership_deactivate(membership=world.admin, actor=Actor.member(world.admin))
    with pytest.raises(MembershipChangeRefused):
        membership_set_roles(
            membership=world.admin,
            is_expert=False,
            is_recruiter=False,
            is_admin=False,
            actor=Actor.member(world.admin),
        )
    world.admin.refresh_from_db()
    assert world.admin.is_active and world.admin.is_admin
