"""Who may use each URL of the project, for every URL the URLconf has.

The URLconf is walked, not listed by hand: a new URL without a line in
``urlconf/declarations.py`` fails ``test_every_url_of_the_project_is_declared``, and a line
whose URL is gone fails ``test_every_declared_url_still_exists``.

Each line gives the URL's access level, the methods it answers, and how to fill its
parameters with real objects of company A (acme), built through the real services. Each
URL is then requested, with each method it declares, by these people; the rules are:

* an anonymous visitor on A's host is sent to sign in, except on public pages (which
  answer them) and token pages (a wrong token is a 404);
* a member of company B (globex: recruiter and admin there), signed in on B's host with A's
  ids or tokens, gets 404; on a page that names nothing of A, they get B's own page, with
  none of A's content in it;
* that member of B on A's host is signed out and sent to sign in (B's account does not
  exist there);
* a member of A without the role gets 403 (or 404 where the object is another member's);
* the right role of A gets the page or the action done: the status its line declares;
* a method a line does not declare is refused with 405.

The levels (see ``urlconf/declarations.py``): public, public-token, no-tenant (the health
probe), member, own-object-of-member, recruiter, admin. A read is tried by every role the
level allows; an action once, by the least of them (a recruiter on a recruiter's page).

A refused request changes nothing of company A: every row of A in the project's tables
(the audit log's record of the refusal aside), its people's accounts, and the company
itself, are compared before and after. ``accounts/`` (allauth) is declared as a whole group,
and checked with its pages that take no parameter.

The operator's host has a URLconf of its own (``config/urls_operator.py``), walked too: each
of its pages is declared in ``OPERATOR_DECLARED``, answers 404 on a company's host, sends
anonymous visitors to sign in and refuses (403) any account that is not the operator's staff.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from ..conftest import ACME_HOST, GLOBEX_HOST, World
from .urlconf.company import MARKERS, CompanyA, company_state
from .urlconf.declarations import (
    DECLARED,
    GROUPS,
    OPERATOR_DECLARED,
    OPERATOR_GROUPS,
    OPERATOR_URLCONF,
    Declared,
    Group,
    Level,
    Plain,
)
from .urlconf.walk import Route, project_routes

pytestmark = pytest.mark.django_db

ROUTES = project_routes()
BAD_TOKEN = "not-a-real-token"


def group_of(route: Route) -> Group | None:
    return next((group for group in GROUPS if route.route.startswith(group.prefix)), None)


# What is requested ----------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    """One URL pattern and one method it answers."""

    name: str
    method: str
    declared: Declared

    def __str__(self) -> str:
        return f"{self.name}-{self.method}"

    @property
    def level(self) -> Level:
        return self.declared.level

    def url(self, company: CompanyA, *, token: str | None = None) -> str:
        args = []
        for arg in self.declared.args:
            if isinstance(arg, Plain):
                args.append(arg.value)
            elif token is not None and arg.endswith("_token"):
                args.append(token)
            else:
                args.append(company.url_value(arg))
        return reverse(self.name, args=args)

    def data(self, company: CompanyA) -> dict[str, Any]:
        call = self.declared.call(self.method)
        return call.data(company) if call.data else {}

    def prepare(self, company: CompanyA) -> None:
        """Build what the request names or shows, before the state of A is read."""
        for name in self.declared.needs:
            getattr(company, name)
        self.url(company)
        self.data(company)

    def send(self, client: Client, company: CompanyA, *, token: str | None = None) -> Any:
        url, data = self.url(company, token=token), self.data(company)
        if self.method == "GET":
            return client.get(url, data)
        return client.post(url, data)


def endpoints(*, where: Callable[[Endpoint], bool] = lambda endpoint: True) -> list[Any]:
    found = [
        Endpoint(name, method, declared)
        for name, declared in DECLARED.items()
        for method in declared.methods
    ]
    return [pytest.param(e, id=str(e)) for e in found if where(e)]


def undeclared_methods() -> list[Any]:
    return [
        pytest.param(Endpoint(name, method, declared), id=f"{name}-{method}")
        for name, declared in DECLARED.items()
        for method in ("GET", "POST")
        if method not in declared.methods
    ]


# People ---------------------------------------------------------------------------------


@pytest.fixture
def company(world: World) -> CompanyA:
    return CompanyA(world)


def person(company: CompanyA, persona: str, host: str = ACME_HOST) -> Client:
    """A client for ``persona``: "anonymous", "nobody" (no role), or a persona of the world."""
    if persona == "anonymous":
        return Client(HTTP_HOST=host)
    if persona in ("nobody", "client_recruiter"):
        membership = getattr(company, persona)
    else:
        membership = getattr(company.world, persona)
    return company.world.client_for(membership, host=host)


# What is checked ------------------------------------------------------------------------


def is_sign_in(response: HttpResponse) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def describe(response: Any) -> str:
    where = f" to {response['Location']}" if response.has_header("Location") else ""
    return f"{response.status_code}{where}"


# The URLconf and the table agree ---------------------------------------------------------


def test_every_url_of_the_project_is_declared() -> None:
    missing = [
        str(route)
        for route in ROUTES
        if group_of(route) is None and (not route.name or route.name not in DECLARED)
    ]
    assert not missing, (
        "These URLs have no declared access level: add a line for each to "
        "tests/security/urlconf/declarations.py (a URL without a name cannot be declared: "
        "name it):\n  " + "\n  ".join(missing)
    )


def test_every_declared_url_still_exists() -> None:
    resolved = {route.name for route in ROUTES if route.name}
    gone = sorted(set(DECLARED) - resolved)
    assert not gone, "Declared, but no longer in the URLconf: " + ", ".join(gone)
    empty = [group.prefix for group in GROUPS if not any(group_of(r) == group for r in ROUTES)]
    assert not empty, "Declared groups that match no URL any more: " + ", ".join(empty)


def test_every_declaration_fills_each_parameter_of_its_url() -> None:
    wrong = [
        f"{route} takes {route.parameters}, declared with {DECLARED[route.name].args}"
        for route in ROUTES
        if route.name in DECLARED and len(route.parameters) != len(DECLARED[route.name].args)
    ]
    assert not wrong, "\n".join(wrong)


# Anonymous visitors ----------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", endpoints(where=lambda e: e.level.sign_in))
def test_anonymous_visitors_are_sent_to_sign_in(company: CompanyA, endpoint: Endpoint) -> None:
    endpoint.prepare(company)
    client = person(company, "anonymous")
    before = company_state(company.tenant)
    response = endpoint.send(client, company)
    back_to = f"{reverse('account_login')}?next={quote(endpoint.url(company))}"
    assert is_sign_in(response), describe(response)
    assert response["Location"].startswith(back_to), describe(response)
    assert company_state(company.tenant) == before


@pytest.mark.parametrize("endpoint", endpoints(where=lambda e: e.level.token))
def test_a_wrong_token_is_a_404(company: CompanyA, endpoint: Endpoint) -> None:
    endpoint.prepare(company)
    client = person(company, "anonymous")
    before = company_state(company.tenant)
    response = endpoint.send(client, company, token=BAD_TOKEN)
    assert response.status_code == 404, describe(response)
    assert company_state(company.tenant) == before


# Another company -------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", endpoints(where=lambda e: e.declared.names_objects_of_a))
def test_another_company_gets_404_on_this_companys_objects(
    company: CompanyA, endpoint: Endpoint
) -> None:
    endpoint.prepare(company)
    client = person(company, "outsider", host=GLOBEX_HOST)
    before = company_state(company.tenant)
    response = endpoint.send(client, company)
    assert response.status_code == 404, describe(response)
    assert company_state(company.tenant) == before


@pytest.mark.parametrize(
    "endpoint",
    endpoints(where=lambda e: e.level.tenant and not e.declared.names_objects_of_a),
)
def test_another_company_on_its_own_host_sees_none_of_this_companys_content(
    company: CompanyA, endpoint: Endpoint
) -> None:
    endpoint.prepare(company)
    client = person(company, "outsider", host=GLOBEX_HOST)
    before = company_state(company.tenant)
    response = endpoint.send(client, company)
    assert response.status_code < 500, describe(response)
    if response.has_header("Location"):
        assert "acme" not in response["Location"], describe(response)
    shown = [marker for marker in MARKERS if marker in body(response)]
    assert not shown, f"company A's content on company B's page: {shown}"
    assert company_state(company.tenant) == before


@pytest.mark.parametrize("endpoint", endpoints(where=lambda e: e.level.tenant))
def test_another_companys_member_is_signed_out_on_this_companys_host(
    company: CompanyA, endpoint: Endpoint
) -> None:
    endpoint.prepare(company)
    client = person(company, "outsider", host=ACME_HOST)
    before = company_state(company.tenant)
    response = endpoint.send(client, company)
    assert response.status_code == 302, describe(response)
    assert response["Location"] == reverse("account_login"), describe(response)
    assert "_auth_user_id" not in client.session
    assert company_state(company.tenant) == before


# Company A's own people -------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", endpoints(where=lambda e: bool(e.level.refused)))
def test_members_without_the_role_are_refused_and_nothing_changes(
    company: CompanyA, endpoint: Endpoint
) -> None:
    endpoint.prepare(company)
    clients = {persona: person(company, persona) for persona in endpoint.level.refused}
    before = company_state(company.tenant)
    answers = {
        persona: endpoint.send(client, company).status_code for persona, client in clients.items()
    }
    assert answers == endpoint.level.refused
    assert company_state(company.tenant) == before


@pytest.mark.parametrize(
    "endpoint", endpoints(where=lambda e: e.level.name in ("recruiter", "admin"))
)
def test_a_client_companys_recruiter_gets_only_what_is_declared_for_them(
    company: CompanyA, endpoint: Endpoint
) -> None:
    """N2: a recruiter of one client company of a network gets a back office page only
    where its line says so, and none of A's jobs (none is their company's) on it."""
    endpoint.prepare(company)
    client = person(company, "client_recruiter")
    before = company_state(company.tenant)
    response = endpoint.send(client, company)
    allowed = endpoint.declared.client_recruiter
    if allowed is not None and endpoint.method == "GET":
        assert response.status_code == allowed, describe(response)
        assert company.job.title not in body(response), "another client's job is shown"
    else:
        assert response.status_code in (403, 404), describe(response)
    assert company_state(company.tenant) == before


@pytest.mark.parametrize("endpoint", endpoints())
def test_the_right_role_gets_the_page_or_the_action_done(
    company: CompanyA, endpoint: Endpoint
) -> None:
    endpoint.prepare(company)
    ok = endpoint.declared.call(endpoint.method).ok
    allowed = endpoint.level.allowed if endpoint.method == "GET" else endpoint.level.allowed[:1]
    # An action of the back office ends on a back office page, on this host.
    lands_in = "/office/" if endpoint.url(company).startswith("/office/") else "/"
    for persona in allowed:
        response = endpoint.send(person(company, persona), company)
        assert response.status_code == ok, f"{persona}: {describe(response)}"
        if response.status_code == 302:
            assert not is_sign_in(response), f"{persona}: {describe(response)}"
            assert response["Location"].startswith(lands_in), f"{persona}: {describe(response)}"


@pytest.mark.parametrize("endpoint", undeclared_methods())
def test_a_method_the_url_does_not_declare_is_refused(
    company: CompanyA, endpoint: Endpoint
) -> None:
    client = person(company, endpoint.level.allowed[0])
    for name in endpoint.declared.needs:
        getattr(company, name)
    url = endpoint.url(company)
    response = client.get(url) if endpoint.method == "GET" else client.post(url)
    assert response.status_code == 405, describe(response)


# The groups declared as a whole ------------------------------------------------------------


def group_pages(prefix: str) -> list[Any]:
    return [
        pytest.param(route, id=route.name or route.route)
        for route in ROUTES
        if route.route.startswith(prefix) and route.name and not route.parameters
    ]


@pytest.mark.parametrize("route", group_pages("accounts/"))
def test_the_sign_in_pages_are_public_or_ask_to_sign_in(world: World, route: Route) -> None:
    response = Client(HTTP_HOST=ACME_HOST).get(reverse(route.name))
    assert response.status_code in (200, 302), describe(response)
    if response.status_code == 302:
        assert response["Location"].startswith("/"), describe(response)
        assert not response["Location"].startswith("/office/"), describe(response)
    assert world.job.title not in body(response), "company A's content on a sign-in page"


# The operator's host ----------------------------------------------------------------------

OPERATOR_ROUTES = project_routes(OPERATOR_URLCONF)


def operator_group_of(route: Route) -> Group | None:
    return next((g for g in OPERATOR_GROUPS if route.route.startswith(g.prefix)), None)


def operator_pages() -> list[Any]:
    return [pytest.param(name, id=name) for name in OPERATOR_DECLARED]


def operator_url(company: CompanyA, name: str) -> str:
    args = [company.world.acme.pk for _arg in OPERATOR_DECLARED[name]]
    return reverse(name, args=args, urlconf=OPERATOR_URLCONF)


def test_every_url_of_the_operator_host_is_declared() -> None:
    missing = [
        str(route)
        for route in OPERATOR_ROUTES
        if operator_group_of(route) is None and route.name not in OPERATOR_DECLARED
    ]
    assert not missing, "Declare these in OPERATOR_DECLARED:\n  " + "\n  ".join(missing)
    resolved = {route.name for route in OPERATOR_ROUTES}
    assert not set(OPERATOR_DECLARED) - resolved, "Declared, but gone from the URLconf"
    for route in OPERATOR_ROUTES:
        if route.name in OPERATOR_DECLARED:
            assert len(route.parameters) == len(OPERATOR_DECLARED[route.name]), str(route)


@pytest.mark.parametrize("name", operator_pages())
def test_operator_pages_do_not_exist_on_a_company_host(company: CompanyA, name: str) -> None:
    url = operator_url(company, name)
    before = company_state(company.world.acme)
    for persona in ("anonymous", "admin"):
        client = person(company, persona)
        if url != "/":  # "/" is the company's own home page there
            assert client.get(url).status_code == 404, f"{persona} GET {url}"
            assert client.post(url).status_code == 404, f"{persona} POST {url}"
    assert company_state(company.world.acme) == before


@pytest.mark.parametrize("name", operator_pages())
def test_operator_pages_send_anonymous_visitors_to_sign_in(company: CompanyA, name: str) -> None:
    client = Client(HTTP_HOST=settings.COOPT_OPERATOR_HOST)
    for response in (
        client.get(operator_url(company, name)),
        client.post(operator_url(company, name)),
    ):
        assert response.status_code == 302, describe(response)
        login = reverse("account_login", urlconf=OPERATOR_URLCONF)
        assert response["Location"].startswith(login), describe(response)


@pytest.mark.parametrize("name", operator_pages())
def test_operator_pages_refuse_accounts_that_are_not_the_operators_staff(
    company: CompanyA, name: str
) -> None:
    url = operator_url(company, name)
    before = company_state(company.world.acme)
    for persona in ("admin", "recruiter", "member"):
        client = Client(HTTP_HOST=settings.COOPT_OPERATOR_HOST)
        client.force_login(getattr(company.world, persona).user)
        assert client.get(url).status_code == 403, f"{persona} GET {url}"
        assert client.post(url).status_code == 403, f"{persona} POST {url}"
    assert company_state(company.world.acme) == before


@pytest.mark.parametrize(
    "route",
    [
        pytest.param(r, id=r.name)
        for r in OPERATOR_ROUTES
        if r.route.startswith("accounts/") and r.name and not r.parameters
    ],
)
def test_the_operator_hosts_sign_in_pages_are_public_or_ask_to_sign_in(
    world: World, route: Route
) -> None:
    client = Client(HTTP_HOST=settings.COOPT_OPERATOR_HOST)
    response = client.get(reverse(route.name, urlconf=OPERATOR_URLCONF))
    assert response.status_code in (200, 302), describe(response)
    assert world.job.title not in body(response)
