"""The tenant's identity provider as allauth is served it: only the host's own, built from
its settings, nothing stored."""

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from django.http import HttpRequest
from django.test import RequestFactory

from coopt.audit.actors import Actor
from coopt.sso.middleware import SsoFormActionMiddleware
from coopt.sso.models import SsoSettings
from coopt.sso.providers import OIDC_PROVIDER_ID
from coopt.sso.services import sso_settings_save
from coopt.tenants.models import Tenant
from tests.conftest import ACME_HOST, GLOBEX_HOST, World

from .oidc import CLIENT_ID, CLIENT_SECRET, enable_oidc


def request_on(tenant: Tenant | None) -> HttpRequest:
    request = RequestFactory().get("/accounts/login/")
    request.tenant = tenant  # type: ignore[attr-defined]
    return request


def test_the_hosts_tenant_is_served_its_own_provider(world: World) -> None:
    enable_oidc(world.acme, "https://login.acme.example")

    apps = get_adapter().list_apps(request_on(world.acme))

    assert len(apps) == 1
    app = apps[0]
    assert (app.provider, app.provider_id) == ("openid_connect", OIDC_PROVIDER_ID)
    assert (app.client_id, app.secret) == (CLIENT_ID, CLIENT_SECRET)
    assert app.settings["server_url"] == "https://login.acme.example"
    assert app.pk is None and not SocialApp.objects.exists()


def test_acmes_settings_are_never_served_on_globexs_host(world: World) -> None:
    enable_oidc(world.acme, "https://login.acme.example")
    adapter = get_adapter()

    assert adapter.list_apps(request_on(world.globex)) == []
    assert adapter.list_apps(request_on(world.globex), provider=OIDC_PROVIDER_ID) == []
    assert adapter.list_apps(request_on(None)) == []  # the operator's host


def test_each_tenant_gets_its_own_when_both_have_one(world: World) -> None:
    enable_oidc(world.acme, "https://login.acme.example")
    enable_oidc(world.globex, "https://sso.globex.example")
    adapter = get_adapter()

    acme = adapter.get_app(request_on(world.acme), provider=OIDC_PROVIDER_ID)
    globex = adapter.get_app(request_on(world.globex), provider=OIDC_PROVIDER_ID)

    assert acme.settings["server_url"] == "https://login.acme.example"
    assert globex.settings["server_url"] == "https://sso.globex.example"


def test_settings_turned_off_serve_nothing(world: World) -> None:
    row = enable_oidc(world.acme, "https://login.acme.example")
    sso_settings_save(tenant=world.acme, actor=Actor.system("test"), values={"enabled": False})
    row.refresh_from_db()
    assert not row.enabled
    assert get_adapter().list_apps(request_on(world.acme)) == []


def test_the_sign_in_page_shows_the_button_only_with_sso_on(world: World) -> None:
    from django.test import Client

    acme = Client(HTTP_HOST=ACME_HOST)
    assert "SSO" not in acme.get("/accounts/login/").content.decode()
    enable_oidc(world.acme, "https://login.acme.example")

    page = acme.get("/accounts/login/")

    assert "Sign in with Acme SSO" in page.content.decode()
    assert "https://login.acme.example" in page["Content-Security-Policy"]
    globex = Client(HTTP_HOST=GLOBEX_HOST).get("/accounts/login/")
    assert "SSO" not in globex.content.decode()
    assert "acme.example" not in globex["Content-Security-Policy"]


def test_the_form_action_is_widened_on_sign_in_pages_only(world: World) -> None:
    from django.http import HttpResponse

    enable_oidc(world.acme, "https://login.acme.example/realms/x")
    middleware = SsoFormActionMiddleware(lambda request: HttpResponse())
    signing_in = middleware(request_on(world.acme))
    assert signing_in._csp_config["form-action"] == [  # type: ignore[attr-defined]
        "'self'",
        "https://login.acme.example",
    ]
    office = RequestFactory().get("/office/")
    office.tenant = world.acme  # type: ignore[attr-defined]
    assert not hasattr(middleware(office), "_csp_config")


def test_social_sign_up_and_connections_pages_send_to_sign_in(world: World) -> None:
    from django.test import Client

    for path in (
        "/accounts/3rdparty/",
        "/accounts/3rdparty/signup/",
        "/accounts/3rdparty/login/error/",
        "/accounts/social/connections/",
    ):
        response = Client(HTTP_HOST=ACME_HOST).get(path)
        assert response["Location"] == "/accounts/login/", path
        signed_in = world.client_for(world.member).get(path)
        assert signed_in["Location"] == "/", path


def test_saml_settings_build_a_saml_app(world: World) -> None:
    sso_settings_save(
        tenant=world.acme,
        actor=Actor.system("test"),
        values={
            "protocol": SsoSettings.Protocol.SAML,
            "enabled": True,
            "saml_entity_id": "https://idp.acme.example/entity",
            "saml_sso_url": "https://idp.acme.example/sso",
            "saml_x509_certificate": "MIIC-not-checked-here",
        },
    )
    app = get_adapter().get_app(request_on(world.acme), provider="saml", client_id="acme")
    assert app.settings["idp"] == {
        "entity_id": "https://idp.acme.example/entity",
        "sso_url": "https://idp.acme.example/sso",
        "x509cert": "MIIC-not-checked-here",
    }
    assert get_adapter().list_apps(request_on(world.acme), client_id="globex") == []
