"""The console exists on the operator's host only, for staff signed in with two factors."""

import time
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from coopt.accounts.models import User

from .. import factories as f
from ..conftest import ACME_HOST, World
from .conftest import OPERATOR_URLCONF, client_as, console_url, make_operator, operator_host

pytestmark = pytest.mark.django_db


def all_console_paths(world: World) -> list[str]:
    return [
        "/",
        console_url("console:tenant_new"),
        console_url("console:suspend", world.acme.pk),
        console_url("console:reactivate", world.acme.pk),
    ]


def test_no_console_page_exists_on_a_tenants_host(world: World) -> None:
    client = world.client_for(world.admin)
    for path in all_console_paths(world)[1:]:
        assert client.get(path).status_code == 404, path
        assert client.post(path).status_code == 404, path
    world.acme.refresh_from_db()
    assert world.acme.is_active


def test_the_old_django_admin_is_gone_from_tenant_hosts(world: World) -> None:
    staff = User.objects.create_user("root@acme.test", f.PASSWORD, is_staff=True, is_superuser=True)
    for client in (Client(HTTP_HOST=ACME_HOST), world.client_for(world.admin)):
        for path in ("/operator/", "/operator/login/", "/operator/tenants/tenant/"):
            assert client.get(path).status_code == 404, path
    assert staff.is_staff  # a staff account has no way in there either


def test_the_operator_host_serves_no_tenant_page(operator_client: Client) -> None:
    for path in ("/jobs/", "/office/", "/privacy/", "/operator/"):
        assert operator_client.get(path).status_code == 404, path


def test_anonymous_visitors_are_sent_to_sign_in(world: World) -> None:
    client = Client(HTTP_HOST=operator_host())
    for path in all_console_paths(world):
        response = client.get(path)
        assert response.status_code == 302, path
        login = reverse("account_login", urlconf=OPERATOR_URLCONF)
        assert response["Location"].startswith(login), path


def test_a_tenant_admin_is_refused(world: World) -> None:
    client = client_as(world.admin.user)
    for path in all_console_paths(world):
        assert client.get(path).status_code == 403, path
        assert client.post(path).status_code == 403, path
    world.acme.refresh_from_db()
    assert world.acme.is_active


def test_a_tenant_member_cannot_even_sign_in_on_the_operator_host(world: World) -> None:
    client = Client(HTTP_HOST=operator_host())
    client.post(
        reverse("account_login", urlconf=OPERATOR_URLCONF),
        {"login": world.member.user.email, "password": f.PASSWORD},
    )
    assert "_auth_user_id" not in client.session


def test_staff_without_totp_must_set_it_up_before_seeing_anything(world: World) -> None:
    staff = make_operator("new@operator.test", with_totp=False)
    client = client_as(staff)
    activate = reverse("mfa_activate_totp", urlconf=OPERATOR_URLCONF)
    for path in all_console_paths(world):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == activate, path
    # allauth asks for the password again, then shows the secret in the operator's brand.
    response = client.get(activate)
    client.post(response["Location"], {"password": f.PASSWORD})
    page = client.get(activate)
    assert page.status_code == 200
    assert b"Coopt" in page.content
    client.post(activate, {"code": f.totp_code(page.context["form"].secret)})
    assert client.get("/").status_code == 200


def test_staff_sign_in_takes_a_password_and_a_totp_code(world: World) -> None:
    make_operator()
    client = Client(HTTP_HOST=operator_host())
    response = client.post(
        reverse("account_login", urlconf=OPERATOR_URLCONF),
        {"login": "ops@operator.test", "password": f.PASSWORD},
    )
    assert response["Location"] == reverse("mfa_authenticate", urlconf=OPERATOR_URLCONF)
    assert "_auth_user_id" not in client.session
    response = client.post(response["Location"], {"code": f.totp_code()})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_the_console_shows_the_operators_brand(operator_client: Client, world: World) -> None:
    response = operator_client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Coopt" in content
    assert "#123456" not in content  # acme's colour: no tenant's stylesheet


def test_an_unknown_company_is_a_404_in_the_console(operator_client: Client) -> None:
    assert operator_client.get(console_url("console:suspend", 999999)).status_code == 404


def test_an_idle_operator_session_ends(operator_client: Client, settings: Any) -> None:
    assert operator_client.get("/").status_code == 200
    with time_machine.travel(time.time() + settings.COOPT_STAFF_SESSION_IDLE + 60):
        response = operator_client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login", urlconf=OPERATOR_URLCONF))
    assert "_auth_user_id" not in operator_client.session
