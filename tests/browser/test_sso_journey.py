"""Single sign-on in Chromium against a real OpenID Connect provider on loopback: the
sign-in page's button, the provider's own form, and back to the product (M2). The other
single sign-on tests are in tests/sso/."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from coopt.accounts.models import Membership
from coopt.tenants.models import Tenant
from tests import factories as f
from tests.sso.oidc import enable_oidc, idp_user, running_provider

from .helpers import desktop_context, shot, tenant_url

pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="module")
def idp_issuer() -> Iterator[str]:
    """A real OpenID Connect provider on loopback (tests/sso/oidc.py)."""
    yield from running_provider()


@pytest.fixture
def acme(transactional_db: None, idp_issuer: str, settings: Settings) -> Tenant:
    settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
    tenant = f.make_tenant("acme", "Acme")
    f.make_tag(tenant, "Lyon")
    enable_oidc(tenant, idp_issuer, domains="acme.example", trust_idp_mfa=True)
    return tenant


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = desktop_context(browser)
    yield context.new_page()
    context.close()


def sso_sign_in(page: Page, base: str, sub: str) -> None:
    """The button on the sign-in page, then the provider's form: a subject, Authorize."""
    page.goto(base + "/accounts/login/")
    page.get_by_role("button", name="Sign in with Acme SSO").click()
    page.get_by_placeholder("Subject").fill(sub)
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.wait_for_load_state()


def test_a_newcomer_signs_in_with_the_company_account_and_joins(
    page: Page, live_server: LiveServer, acme: Tenant, idp_issuer: str, screens: Path
) -> None:
    idp_user(
        idp_issuer,
        "zoe-browser",
        email="zoe@acme.example",
        email_verified=True,
        given_name="Zoé",
        family_name="Martin",
    )
    base = tenant_url(live_server)

    page.goto(base + "/accounts/login/")
    shot(page, screens, "1-sign-in-page")
    page.get_by_role("button", name="Sign in with Acme SSO").click()
    expect(page.get_by_role("heading", name="Authorize Client")).to_be_visible()
    assert page.url.startswith(idp_issuer)
    shot(page, screens, "2-provider-form")
    page.get_by_placeholder("Subject").fill("zoe-browser")
    page.get_by_role("button", name="Authorize", exact=True).click()

    expect(page).to_have_url(base + "/welcome/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome to Acme")
    shot(page, screens, "3-signed-in")
    membership = Membership.objects.get(tenant=acme, user__email="zoe@acme.example")
    assert membership.is_active and membership.is_member
    assert membership.user.first_name == "Zoé"


def test_an_address_of_another_domain_is_refused(
    page: Page, live_server: LiveServer, acme: Tenant, idp_issuer: str, screens: Path
) -> None:
    idp_user(idp_issuer, "eve-browser", email="eve@elsewhere.example", email_verified=True)
    base = tenant_url(live_server)

    sso_sign_in(page, base, "eve-browser")

    expect(page).to_have_url(base + "/accounts/login/")
    expect(page.locator(".message.error, .error").first).to_contain_text(
        "Your e-mail address does not give access to Acme"
    )
    shot(page, screens, "refused")
    assert not Membership.objects.filter(user__email="eve@elsewhere.example").exists()


def test_a_recruiter_with_mfa_at_the_provider_skips_totp(
    page: Page, live_server: LiveServer, acme: Tenant, idp_issuer: str
) -> None:
    f.make_member(acme, email="rita@acme.test", is_recruiter=True)  # with the product's TOTP
    idp_user(idp_issuer, "rita-mfa", email="rita@acme.test", email_verified=True, amr=["mfa"])
    base = tenant_url(live_server)

    sso_sign_in(page, base, "rita-mfa")

    assert "/accounts/" not in page.url, page.url
    page.goto(base + "/office/")
    expect(page).to_have_url(base + "/office/")
    expect(page.locator("nav.office-nav")).to_be_visible()


def test_a_recruiter_without_mfa_at_the_provider_is_asked_for_totp(
    page: Page, live_server: LiveServer, acme: Tenant, idp_issuer: str
) -> None:
    f.make_member(acme, email="rob@acme.test", is_recruiter=True)
    idp_user(idp_issuer, "rob-pwd", email="rob@acme.test", email_verified=True, amr=["pwd"])
    base = tenant_url(live_server)

    sso_sign_in(page, base, "rob-pwd")

    expect(page).to_have_url(base + "/accounts/2fa/authenticate/")
    expect(page.locator("input[name=code]")).to_be_visible()
    page.goto(base + "/office/")  # not signed in until the code is given: back to the step
    expect(page).to_have_url(base + "/accounts/2fa/authenticate/")
