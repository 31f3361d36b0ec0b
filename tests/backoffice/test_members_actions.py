"""Leavers, returns, roles and invitations sent again from the members list."""

from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from coopt.accounts.models import Membership
from coopt.accounts.services import membership_deactivate
from coopt.audit.actors import Actor
from coopt.notifications.models import OutboundEmail

from .. import factories as f
from ..responses import Response


def url(name: str, membership: Membership) -> str:
    return reverse(f"backoffice:{name}", args=[membership.pk])


def messages_of(response: Response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_deactivation_ends_the_leavers_access_and_keeps_their_history(world):
    referral = f.refer(referrer=world.member, job=world.job)
    leaver_client = world.client_for(world.member)
    assert leaver_client.get(reverse("jobs:board")).status_code == 200
    assert Session.objects.count() == 1

    response = world.client_for(world.admin).post(url("member_deactivate", world.member))

    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:members")
    world.member.refresh_from_db()
    assert not world.member.is_active
    assert world.member.deactivated_at is not None
    referral.refresh_from_db()
    assert referral.referrer == world.member
    # The leaver's own session is gone; the admin's is not.
    assert not [
        s
        for s in Session.objects.all()
        if s.get_decoded().get("_auth_user_id") == str(world.member.user.pk)
    ]
    after = leaver_client.get(reverse("jobs:board"))
    assert after.status_code == 302
    assert after["Location"].startswith(reverse("account_login"))


def test_deactivation_says_what_happened_and_returns_to_the_filtered_list(world):
    client = world.client_for(world.admin)
    back = reverse("backoffice:members") + "?q=member&page=1"
    response = client.post(url("member_deactivate", world.member), {"next": back}, follow=True)
    assert response.redirect_chain[-1][0] == back
    assert any("is deactivated" in m for m in messages_of(response))


def test_the_return_address_must_be_the_members_list(world):
    client = world.client_for(world.admin)
    response = client.post(
        url("member_reactivate", world.member), {"next": "https://evil.example/office/members/"}
    )
    assert response["Location"] == reverse("backoffice:members")
    response = client.post(url("member_reactivate", world.member), {"next": "/accounts/logout/"})
    assert response["Location"] == reverse("backoffice:members")


def test_an_admin_cannot_deactivate_themself(world):
    client = world.client_for(world.admin)
    response = client.post(url("member_deactivate", world.admin), follow=True)
    assert "You cannot deactivate yourself." in messages_of(response)
    world.admin.refresh_from_db()
    assert world.admin.is_active


def test_reactivation_restores_access(world):
    membership_deactivate(membership=world.member, actor=Actor.system())
    response = world.client_for(world.admin).post(
        url("member_reactivate", world.member), follow=True
    )
    world.member.refresh_from_db()
    assert world.member.is_active and world.member.deactivated_at is None
    assert any("is active again" in m for m in messages_of(response))
    assert world.client_for(world.member).get(reverse("jobs:board")).status_code == 200


def test_roles_are_set_from_the_checkboxes(world):
    client = world.client_for(world.admin)
    client.post(url("member_roles", world.member), {"is_expert": "on", "is_recruiter": "on"})
    world.member.refresh_from_db()
    assert (world.member.is_expert, world.member.is_recruiter, world.member.is_admin) == (
        True,
        True,
        False,
    )
    assert world.member.is_member
    client.post(url("member_roles", world.member), {"is_admin": "on"})
    world.member.refresh_from_db()
    assert (world.member.is_expert, world.member.is_recruiter, world.member.is_admin) == (
        False,
        False,
        True,
    )


def test_a_new_admin_gets_into_the_back_office_and_a_demoted_one_does_not(world):
    client = world.client_for(world.admin)
    client.post(url("member_roles", world.recruiter), {"is_recruiter": "on", "is_admin": "on"})
    recruiter_client = world.client_for(world.recruiter)
    assert recruiter_client.get(reverse("backoffice:members")).status_code == 200
    client.post(url("member_roles", world.recruiter), {"is_recruiter": "on"})
    assert recruiter_client.get(reverse("backoffice:members")).status_code == 403


def test_an_admin_cannot_remove_their_own_admin_role(world):
    client = world.client_for(world.admin)
    response = client.post(url("member_roles", world.admin), {"is_expert": "on"}, follow=True)
    assert "You cannot remove your own admin role." in messages_of(response)
    world.admin.refresh_from_db()
    assert world.admin.is_admin and not world.admin.is_expert


def test_an_admin_may_change_their_other_roles(world):
    client = world.client_for(world.admin)
    client.post(url("member_roles", world.admin), {"is_admin": "on", "is_expert": "on"})
    world.admin.refresh_from_db()
    assert world.admin.is_admin and world.admin.is_expert


def test_resending_an_invitation_queues_a_new_email(world):
    client = world.client_for(world.admin)
    response = client.post(url("member_resend_invitation", world.member), follow=True)
    email = OutboundEmail.objects.get(template="invitation")
    assert email.to_email == "member@acme.test"
    assert email.tenant == world.acme
    assert "/invitation/" in email.body_text
    world.member.refresh_from_db()
    assert world.member.invited_at is not None
    assert any("new invitation" in m for m in messages_of(response))


def test_a_deactivated_member_is_not_invited_again(world):
    membership_deactivate(membership=world.member, actor=Actor.system())
    response = world.client_for(world.admin).post(
        url("member_resend_invitation", world.member), follow=True
    )
    assert not OutboundEmail.objects.exists()
    assert "Reactivate this member before inviting them again." in messages_of(response)


def test_a_member_who_joined_is_offered_no_invitation(world):
    Membership.objects.filter(pk=world.member.pk).update(joined_at=timezone.now())
    client = world.client_for(world.admin)
    page = client.get(reverse("backoffice:members")).content.decode()
    assert url("member_resend_invitation", world.member) not in page
    assert url("member_resend_invitation", world.expert) in page  # not joined yet
    response = client.post(url("member_resend_invitation", world.member), follow=True)
    assert not OutboundEmail.objects.exists()
    assert any("has joined already" in m for m in messages_of(response))
