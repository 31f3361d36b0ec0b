"""Inviting one person by hand, and the invitation link they receive."""

import re

from django.test import Client
from django.urls import reverse

from coopt.accounts.models import Department, Membership
from coopt.accounts.services import membership_deactivate
from coopt.audit.actors import Actor
from coopt.notifications.models import OutboundEmail
from coopt.taxonomy.models import Tag

from .. import factories as f
from ..responses import Response

URL = reverse("backoffice:member_invite")


def invite(client: Client, **overrides: str) -> Response:
    data = {
        "email": "New.Person@Example.com",
        "first_name": "Nina",
        "last_name": "New",
        "department": "Sales",
        "location": "Lyon",
    }
    data.update(overrides)
    return client.post(URL, data)


def invitation_path(email: OutboundEmail) -> str:
    match = re.search(r"/invitation/[^/\s]+/", email.body_text)
    assert match, email.body_text
    return match.group(0)


def test_it_creates_the_member_and_queues_the_invitation(world):
    response = invite(world.client_for(world.admin), is_expert="on")
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:members")
    membership = Membership.objects.get(tenant=world.acme, user__email="new.person@example.com")
    assert membership.user.get_full_name() == "Nina New"
    assert membership.is_member and membership.is_expert and not membership.is_staff_role
    assert membership.department is not None
    assert membership.department.name == "Sales"
    assert membership.location == Tag.objects.get(tenant=world.acme, name="Lyon")  # the world's
    assert membership.invited_at is not None
    email = OutboundEmail.objects.get(template="invitation")
    assert email.to_email == "new.person@example.com"
    assert email.tenant == world.acme
    assert "Acme" in email.from_email
    assert email.body_text.count("http://acme.localhost/invitation/") == 1


def test_the_invitation_link_sets_the_password_and_signs_in(world):
    invite(world.client_for(world.admin))
    path = invitation_path(OutboundEmail.objects.get(template="invitation"))
    visitor = Client(HTTP_HOST="acme.localhost")
    page = visitor.get(path)
    assert page.status_code == 200
    assert b"new.person@example.com" in page.content
    new_password = "a long and unusual passphrase"
    response = visitor.post(path, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="new.person@example.com")
    assert visitor.session["_auth_user_id"] == str(membership.user.pk)
    membership.refresh_from_db()
    assert membership.joined_at is not None
    assert membership.user.check_password(new_password)
    # Not onboarded yet: the home page leads to the interests form.
    assert visitor.get("/")["Location"] == reverse("accounts:onboarding")


def test_the_invitation_link_does_not_work_on_another_tenant(world):
    invite(world.client_for(world.admin))
    path = invitation_path(OutboundEmail.objects.get(template="invitation"))
    response = Client(HTTP_HOST="globex.localhost").get(path)
    assert response.status_code == 404


def test_a_tampered_invitation_link_is_refused(world):
    invite(world.client_for(world.admin))
    path = invitation_path(OutboundEmail.objects.get(template="invitation"))
    response = Client(HTTP_HOST="acme.localhost").get(path.replace("/invitation/", "/invitation/x"))
    assert response.status_code == 404


def test_staff_roles_can_be_given_at_invitation(world):
    invite(world.client_for(world.admin), is_recruiter="on", is_admin="on")
    membership = Membership.objects.get(user__email="new.person@example.com")
    assert membership.is_recruiter and membership.is_admin


def test_an_existing_member_is_not_invited_twice(world):
    response = invite(world.client_for(world.admin), email="MEMBER@acme.test", is_admin="on")
    assert response.status_code == 200
    assert "is already a member" in str(response.context["form"].errors["email"])
    world.member.refresh_from_db()
    assert not world.member.is_admin
    assert not OutboundEmail.objects.exists()


def test_a_deactivated_member_is_pointed_to_reactivation(world):
    membership_deactivate(membership=world.member, actor=Actor.system())
    response = invite(world.client_for(world.admin), email="member@acme.test")
    assert "Reactivate them" in str(response.context["form"].errors["email"])
    world.member.refresh_from_db()
    assert not world.member.is_active


def test_a_person_from_another_tenant_can_be_invited_here(world):
    invite(world.client_for(world.admin), email="member@globex.test")
    assert Membership.objects.filter(user=world.outsider_member.user).count() == 2
    world.outsider_member.refresh_from_db()
    assert world.outsider_member.is_active


def test_bad_input_is_refused_with_errors_and_changes_nothing(world):
    before = Membership.objects.count(), Department.objects.count()
    response = invite(world.client_for(world.admin), email="not-an-email", first_name="")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "email" in errors and "first_name" in errors
    assert (Membership.objects.count(), Department.objects.count()) == before
    assert not OutboundEmail.objects.exists()


def test_the_form_suggests_existing_departments_and_locations(world):
    f.make_department(world.acme, "Finance")
    f.make_department(world.globex, "Globex only")
    html = world.client_for(world.admin).get(URL).content.decode()
    assert '<option value="Finance">' in html
    assert '<option value="Lyon">' in html
    assert "Globex only" not in html
