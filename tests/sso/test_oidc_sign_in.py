"""Signing in through the company's OpenID Connect provider, with Django's test client and a
real provider on loopback: the browser's part (the provider's form) is one POST."""

from urllib.parse import urlsplit

import pytest
import requests
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from coopt.accounts.middleware import MFA_BY_IDP_SESSION_KEY
from coopt.accounts.models import Membership
from coopt.audit.models import AuditEvent
from coopt.sso.providers import OIDC_PROVIDER_ID
from tests.conftest import ACME_HOST, GLOBEX_HOST, World
from tests.factories import make_member

from .oidc import enable_oidc, idp_user

pytestmark = pytest.mark.usefixtures("http_redirects")

LOGIN = reverse("openid_connect_login", kwargs={"provider_id": OIDC_PROVIDER_ID})


def sign_in_at_provider(client: Client, sub: str) -> str:
    """Start at the sign-in button, choose ``sub`` on the provider's form, and come back:
    returns where the product sends the browser after its callback."""
    start = client.post(LOGIN, {"process": "login"})
    assert start.status_code == 302, start.content
    authorize = start["Location"]
    answer = requests.post(authorize, data={"sub": sub}, timeout=10, allow_redirects=False)
    assert answer.status_code == 302, answer.text
    callback = urlsplit(answer.headers["location"])
    assert callback.path == reverse(
        "openid_connect_callback", kwargs={"provider_id": OIDC_PROVIDER_ID}
    )
    back = client.get(f"{callback.path}?{callback.query}")
    assert back.status_code == 302, back.content
    return str(back["Location"])


def test_a_person_of_an_allowed_domain_joins_as_a_member(world: World, oidc_server: str) -> None:
    enable_oidc(world.acme, oidc_server)
    idp_user(
        oidc_server,
        "ines-1",
        email="ines@acme.example",
        email_verified=True,
        given_name="Inès",
        family_name="Duval",
    )
    client = Client(HTTP_HOST=ACME_HOST)

    sign_in_at_provider(client, "ines-1")

    membership = Membership.objects.get(tenant=world.acme, user__email="ines@acme.example")
    assert membership.is_member and not membership.is_staff_role
    assert membership.user.first_name == "Inès"
    assert client.session["_auth_user_id"] == str(membership.user.pk)
    joined = AuditEvent.objects.get(action=AuditEvent.Action.MEMBER_JOINED_BY_SSO)
    assert joined.tenant_id == world.acme.pk
    assert joined.details == {"protocol": "oidc"}


def test_an_existing_member_is_found_by_email_and_no_account_is_stored(
    world: World, oidc_server: str
) -> None:
    enable_oidc(world.acme, oidc_server, domains="")
    idp_user(oidc_server, "member-7", email="MEMBER@acme.test", email_verified=True)
    client = Client(HTTP_HOST=ACME_HOST)

    sign_in_at_provider(client, "member-7")

    assert client.session["_auth_user_id"] == str(world.member.user.pk)
    from allauth.socialaccount.models import SocialAccount

    assert not SocialAccount.objects.exists()
    assert Membership.objects.filter(tenant=world.acme).count() == 4


def test_another_domain_is_refused_with_a_message(world: World, oidc_server: str) -> None:
    enable_oidc(world.acme, oidc_server)
    idp_user(oidc_server, "eve-1", email="eve@elsewhere.example", email_verified=True)
    client = Client(HTTP_HOST=ACME_HOST)

    landed = sign_in_at_provider(client, "eve-1")

    assert landed == reverse("account_login")
    page = client.get(landed)
    assert "does not give access to Acme" in page.content.decode()
    assert "_auth_user_id" not in client.session
    assert not Membership.objects.filter(user__email="eve@elsewhere.example").exists()


def test_an_address_the_provider_did_not_verify_is_refused(world: World, oidc_server: str) -> None:
    enable_oidc(world.acme, oidc_server)
    idp_user(oidc_server, "unverified-1", email="paul@acme.example", email_verified=False)
    client = Client(HTTP_HOST=ACME_HOST)

    landed = sign_in_at_provider(client, "unverified-1")

    assert "did not confirm your e-mail address" in client.get(landed).content.decode()
    assert not Membership.objects.filter(user__email="paul@acme.example").exists()


def test_a_deactivated_member_is_not_let_back_in(world: World, oidc_server: str) -> None:
    enable_oidc(world.acme, oidc_server, domains="acme.test")
    world.member.is_active = False
    world.member.save(update_fields=["is_active"])
    idp_user(oidc_server, "member-8", email="member@acme.test", email_verified=True)
    client = Client(HTTP_HOST=ACME_HOST)

    landed = sign_in_at_provider(client, "member-8")

    assert "Your access to Acme has ended" in client.get(landed).content.decode()
    world.member.refresh_from_db()
    assert not world.member.is_active


def test_a_recruiter_whose_provider_asserted_mfa_skips_totp(world: World, oidc_server: str) -> None:
    enable_oidc(world.acme, oidc_server, trust_idp_mfa=True)
    idp_user(
        oidc_server, "rec-mfa", email="recruiter@acme.test", email_verified=True, amr=["pwd", "mfa"]
    )
    client = Client(HTTP_HOST=ACME_HOST)

    landed = sign_in_at_provider(client, "rec-mfa")

    assert landed != reverse("mfa_authenticate")
    assert client.session["_auth_user_id"] == str(world.recruiter.user.pk)
    assert client.session[MFA_BY_IDP_SESSION_KEY] == str(world.recruiter.user.pk)
    assert client.get(reverse("backoffice:home")).status_code == 200


def test_a_recruiter_without_mfa_at_the_provider_is_asked_for_totp(
    world: World, oidc_server: str
) -> None:
    enable_oidc(world.acme, oidc_server, trust_idp_mfa=True)
    idp_user(oidc_server, "rec-pwd", email="recruiter@acme.test", email_verified=True, amr=["pwd"])
    client = Client(HTTP_HOST=ACME_HOST)

    landed = sign_in_at_provider(client, "rec-pwd")

    assert landed == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def test_mfa_at_the_provider_counts_only_when_the_company_trusts_it(
    world: World, oidc_server: str
) -> None:
    enable_oidc(world.acme, oidc_server, trust_idp_mfa=False)
    idp_user(
        oidc_server, "rec-untrusted", email="recruiter@acme.test", email_verified=True, amr=["mfa"]
    )
    client = Client(HTTP_HOST=ACME_HOST)

    assert sign_in_at_provider(client, "rec-untrusted") == reverse("mfa_authenticate")


def test_a_configured_acr_value_counts_as_mfa(world: World, oidc_server: str) -> None:
    enable_oidc(world.acme, oidc_server, trust_idp_mfa=True, mfa_contexts="urn:acme:loa:2fa")
    idp_user(
        oidc_server,
        "rec-acr",
        email="recruiter@acme.test",
        email_verified=True,
        acr="urn:acme:loa:2fa",
    )
    client = Client(HTTP_HOST=ACME_HOST)

    assert sign_in_at_provider(client, "rec-acr") != reverse("mfa_authenticate")
    assert client.session["_auth_user_id"] == str(world.recruiter.user.pk)


def test_a_new_admin_without_totp_skips_its_set_up_only_with_mfa_at_the_provider(
    world: World, oidc_server: str
) -> None:
    enable_oidc(world.acme, oidc_server, trust_idp_mfa=True, domains="")
    newcomer = make_member(world.acme, email="newadmin@acme.test", is_admin=True, with_totp=False)
    assert not Authenticator.objects.filter(user=newcomer.user).exists()
    idp_user(oidc_server, "adm-mfa", email="newadmin@acme.test", email_verified=True, amr=["otp"])
    with_mfa = Client(HTTP_HOST=ACME_HOST)
    sign_in_at_provider(with_mfa, "adm-mfa")
    assert with_mfa.get(reverse("backoffice:home")).status_code == 200

    idp_user(oidc_server, "adm-pwd", email="newadmin@acme.test", email_verified=True)
    without = Client(HTTP_HOST=ACME_HOST)
    sign_in_at_provider(without, "adm-pwd")
    assert without.get(reverse("backoffice:home"))["Location"] == reverse("mfa_activate_totp")


def test_password_sign_in_closed_to_members_stays_open_to_staff(
    world: World, oidc_server: str
) -> None:
    from tests.factories import PASSWORD, totp_code

    enable_oidc(world.acme, oidc_server, password_sign_in=False)
    member = Client(HTTP_HOST=ACME_HOST)
    refused = member.post(
        reverse("account_login"), {"login": "member@acme.test", "password": PASSWORD}, follow=True
    )
    assert "use the single sign-on button" in refused.content.decode()
    assert "_auth_user_id" not in member.session

    staff = Client(HTTP_HOST=ACME_HOST)
    step = staff.post(reverse("account_login"), {"login": "admin@acme.test", "password": PASSWORD})
    assert step["Location"] == reverse("mfa_authenticate")
    staff.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert staff.session["_auth_user_id"] == str(world.admin.user.pk)


def test_another_companys_host_does_not_answer_for_acmes_provider(
    world: World, oidc_server: str
) -> None:
    enable_oidc(world.acme, oidc_server)
    globex = Client(HTTP_HOST=GLOBEX_HOST)
    assert globex.post(LOGIN, {"process": "login"}).status_code == 404
    callback = reverse("openid_connect_callback", kwargs={"provider_id": OIDC_PROVIDER_ID})
    assert globex.get(f"{callback}?code=x&state=y").status_code == 404
