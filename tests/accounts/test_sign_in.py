"""Sign-in through allauth inside a tenant (M2): password, one-time code, two-factor."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from coopt.audit.actors import Actor
from coopt.notifications.models import OutboundEmail

from .. import factories as f
from ..conftest import World
from ..responses import Response

ACME = "acme.localhost"
LOGIN = reverse("account_login")


def sign_in(client: Client, email: str, password: str = f.PASSWORD) -> Response:
    return client.post(LOGIN, {"login": email, "password": password})


def signed_in_as(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def test_the_sign_in_page_carries_the_tenants_brand(world):
    html = Client(HTTP_HOST=ACME).get(LOGIN).content.decode()
    assert "Acme" in html
    assert "Globex" not in html


def test_a_member_signs_in_with_a_password(world):
    client = Client(HTTP_HOST=ACME)
    response = sign_in(client, "member@acme.test")
    assert response.status_code == 302
    assert signed_in_as(client) == str(world.member.user.pk)
    # Onboarded members land on the job board.
    assert client.get("/")["Location"] == reverse("jobs:board")
    assert client.get(reverse("jobs:board")).status_code == 200


def test_the_email_is_not_case_sensitive(world):
    client = Client(HTTP_HOST=ACME)
    sign_in(client, "MEMBER@Acme.test")
    assert signed_in_as(client) == str(world.member.user.pk)


def test_a_wrong_password_is_refused(world):
    client = Client(HTTP_HOST=ACME)
    response = sign_in(client, "member@acme.test", "wrong password")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert signed_in_as(client) is None


def test_a_globex_only_user_cannot_sign_in_on_acme(world):
    client = Client(HTTP_HOST=ACME)
    response = sign_in(client, "member@globex.test")
    assert signed_in_as(client) is None
    assert response.status_code == 302
    assert response["Location"] == reverse("account_inactive")
    assert client.get(reverse("jobs:board"))["Location"].startswith(LOGIN)


def test_the_same_user_signs_in_on_their_own_tenant(world):
    client = Client(HTTP_HOST="globex.localhost")
    sign_in(client, "member@globex.test")
    assert signed_in_as(client) == str(world.outsider_member.user.pk)


def test_a_deactivated_member_cannot_sign_in(world):
    from coopt.accounts.services import membership_deactivate

    membership_deactivate(membership=world.member, actor=Actor.system())
    client = Client(HTTP_HOST=ACME)
    sign_in(client, "member@acme.test")
    assert signed_in_as(client) is None


def test_a_session_from_globex_does_not_open_acme(world):
    client = world.client_for(world.outsider_member, host=ACME)
    response = client.get(reverse("jobs:board"))
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert signed_in_as(client) is None


def test_the_open_session_of_a_deactivated_member_is_signed_out(world):
    world.member.is_active = False
    world.member.save()
    client = world.client_for(world.member)
    response = client.get(reverse("jobs:board"))
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert signed_in_as(client) is None


def test_requesting_a_login_code_queues_an_email_that_signs_in(
    world, django_capture_on_commit_callbacks
):
    client = Client(HTTP_HOST=ACME)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_request_login_code"), {"email": "member@acme.test"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_confirm_login_code")
    email = OutboundEmail.objects.get(to_email="member@acme.test")
    assert email.tenant == world.acme
    assert "Acme" in email.from_email
    assert email.template == "login_code"
    assert [m.to for m in mail.outbox] == [["member@acme.test"]]  # delivered by the task
    found = re.search(r"^\s*([A-Z0-9-]{6,})\s*$", email.body_text, re.MULTILINE)
    assert found is not None
    code = found.group(1)
    client.post(reverse("account_confirm_login_code"), {"code": code})
    assert signed_in_as(client) == str(world.member.user.pk)


@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_the_login_code_email_names_the_company(world, language):
    world.member.user.language = language
    world.member.user.save(update_fields=["language"])
    Client(HTTP_HOST=ACME).post(
        reverse("account_request_login_code"), {"email": "member@acme.test"}
    )
    body = OutboundEmail.objects.get(to_email="member@acme.test").body_text
    assert body.count("Acme") >= 2  # the greeting and the closing line
    assert "  !" not in body
    assert "acme.localhost" in body


def test_a_login_code_for_an_unknown_address_sends_no_code(world):
    client = Client(HTTP_HOST=ACME)
    response = client.post(reverse("account_request_login_code"), {"email": "nobody@acme.test"})
    assert response.status_code == 302  # no hint on the page whether the address exists
    assert not OutboundEmail.objects.filter(template="login_code").exists()
    assert signed_in_as(client) is None


def test_a_recruiter_without_totp_is_sent_to_activate_it(world):
    recruiter = f.make_member(
        world.acme, email="new.recruiter@acme.test", is_recruiter=True, with_totp=False
    )
    client = Client(HTTP_HOST=ACME)
    sign_in(client, recruiter.user.email)
    assert signed_in_as(client) == str(recruiter.user.pk)
    for path in ("/", reverse("backoffice:home"), reverse("jobs:board")):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp"), path

    # allauth asks for the password again before two-factor setup, then shows it.
    activate = client.get(reverse("mfa_activate_totp"))
    assert activate["Location"].startswith(reverse("account_reauthenticate"))
    client.post(activate["Location"], {"password": f.PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    client.post(reverse("mfa_activate_totp"), {"code": f.totp_code(page.context["form"].secret)})
    assert client.get(reverse("backoffice:home")).status_code == 200


def test_the_setup_page_keeps_its_secret_while_the_browser_loads_the_brand(world):
    """The set-up page loads the brand's stylesheet, logo and favicon: they answer as files,
    not as a redirect to the set-up page, which would draw a new secret behind the shown one."""
    admin = f.make_member(world.acme, is_admin=True, with_totp=False)
    client = Client(HTTP_HOST=ACME)
    sign_in(client, admin.user.email)
    activate = client.get(reverse("mfa_activate_totp"))
    client.post(activate["Location"], {"password": f.PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    shown = page.context["form"].secret
    assert client.get(reverse("brand_css")).status_code == 200
    for path in (reverse("tenants:logo"), reverse("tenants:favicon")):
        assert client.get(path).status_code in (200, 404), path  # a file, or none set
    response = client.post(reverse("mfa_activate_totp"), {"code": f.totp_code(shown)})
    assert response.status_code == 302
    assert client.get(reverse("backoffice:home")).status_code == 200


def test_an_admin_without_totp_is_sent_to_activate_it_from_the_back_office(world):
    admin = f.make_member(world.acme, is_admin=True, with_totp=False)
    response = world.client_for(admin).get(reverse("backoffice:members"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_a_recruiter_with_totp_must_give_a_code_to_sign_in(world):
    client = Client(HTTP_HOST=ACME)
    response = sign_in(client, "recruiter@acme.test")
    assert response["Location"] == reverse("mfa_authenticate")
    assert signed_in_as(client) is None
    client.post(reverse("mfa_authenticate"), {"code": f.totp_code()})
    assert signed_in_as(client) == str(world.recruiter.user.pk)
    assert client.get(reverse("backoffice:home")).status_code == 200


def test_the_signed_in_message_speaks_the_users_language_not_the_browsers(world: World) -> None:
    world.member.user.language = "fr"
    world.member.user.save(update_fields=["language"])
    client = Client(HTTP_HOST=ACME, HTTP_ACCEPT_LANGUAGE="de")
    response = client.post(
        reverse("account_login"),
        {"login": "member@acme.test", "password": f.PASSWORD},
        follow=True,
    )
    texts = [str(message) for message in response.context["messages"]]
    assert texts == [f"Connexion avec {world.member.user.get_full_name()} réussie."], texts
    assert 'lang="fr"' in response.content.decode()
