"""Which tenant a host name serves (T1, T3): custom domain, subdomain, nothing."""

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from pytest_django import Settings

from config.hosts import TenantAllowedHosts, forget_tenant_domains, tenant_domains
from coopt.tenants.models import Domain
from coopt.tenants.selectors import tenant_for_host
from coopt.tenants.services import tenant_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tenant_allowed_hosts(settings: Settings) -> Iterator[None]:
    """The production host check: Django's test setup turns ALLOWED_HOSTS into a plain
    list, so put back the list that also yields the tenants' domains."""
    settings.ALLOWED_HOSTS = TenantAllowedHosts([".localhost", "testserver", "127.0.0.1"])
    cache.clear()  # the domain list is cached across requests
    yield
    cache.clear()


def test_a_subdomain_of_the_base_domain_serves_its_tenant(world):
    assert tenant_for_host("acme.localhost") == world.acme
    assert tenant_for_host("ACME.localhost.") == world.acme
    response = world.client_for(None, host="globex.localhost").get("/")
    assert response.status_code == 200
    assert response.context["tenant"] == world.globex


def test_a_custom_domain_serves_its_tenant(world):
    Domain.objects.create(tenant=world.acme, domain="Careers.Acme.example ")
    forget_tenant_domains()
    assert tenant_for_host("careers.acme.example") == world.acme
    response = Client(HTTP_HOST="careers.acme.example").get("/")
    assert response.status_code == 200
    assert response.context["tenant"] == world.acme
    assert b"Acme" in response.content


def test_a_custom_domain_with_a_port_serves_its_tenant(world):
    Domain.objects.create(tenant=world.globex, domain="jobs.globex.example")
    forget_tenant_domains()
    response = Client(HTTP_HOST="jobs.globex.example:8000").get("/")
    assert response.status_code == 200
    assert response.context["tenant"] == world.globex


def test_the_allowed_hosts_include_every_tenant_domain_and_no_wildcard(world, settings):
    Domain.objects.create(tenant=world.acme, domain="careers.acme.example")
    sleeping = tenant_create(name="Initech", slug="initech", domains=["jobs.initech.example"])
    sleeping.is_active = False
    sleeping.save()
    forget_tenant_domains()
    hosts = list(settings.ALLOWED_HOSTS)
    assert "careers.acme.example" in hosts
    assert "acme.localhost" in hosts
    assert "jobs.initech.example" in hosts  # suspended: its host answers the suspension page
    assert "*" not in hosts


def test_creating_a_tenant_makes_its_domain_allowed_at_once(world):
    assert "jobs.initech.example" not in tenant_domains()  # now cached
    tenant = tenant_create(name="Initech", slug="initech", domains=["jobs.initech.example"])
    response = Client(HTTP_HOST="jobs.initech.example").get("/")
    assert response.status_code == 200
    assert response.context["tenant"] == tenant


def test_an_unknown_subdomain_gets_the_not_found_page(world):
    response = Client(HTTP_HOST="nobody.localhost").get("/jobs/")
    assert response.status_code == 404
    assert b"No company is served at this address" in response.content
    assert b"Acme" not in response.content


def test_a_nested_subdomain_is_not_a_tenant(world):
    response = Client(HTTP_HOST="x.acme.localhost").get("/")
    assert response.status_code == 404


def test_a_host_that_is_no_tenant_domain_is_refused_with_400(world):
    response = Client(HTTP_HOST="evil.example.com").get("/jobs/")
    assert response.status_code == 400
    response = Client(HTTP_HOST="acme.localhost.evil.example.com").get("/")
    assert response.status_code == 400


def test_a_custom_domain_allowed_by_a_static_setting_is_served(world):
    Domain.objects.create(tenant=world.acme, domain="careers.acme.example")
    with override_settings(ALLOWED_HOSTS=["careers.acme.example"]):
        response = Client(HTTP_HOST="careers.acme.example").get("/")
    assert response.status_code == 200
    assert response.context["tenant"] == world.acme


def test_a_suspended_tenant_is_found_and_answers_the_suspension_page(world):
    world.acme.is_active = False
    world.acme.save()
    forget_tenant_domains()
    assert tenant_for_host("acme.localhost") == world.acme
    response = world.client_for(world.member).get("/jobs/")
    assert response.status_code == 503
    assert b"suspended" in response.content


def test_a_suspended_tenant_custom_domain_answers_the_suspension_page(world):
    Domain.objects.create(tenant=world.acme, domain="careers.acme.example")
    world.acme.is_active = False
    world.acme.save()
    forget_tenant_domains()
    response = Client(HTTP_HOST="careers.acme.example").get("/")
    assert response.status_code == 503
    assert world.job.title.encode() not in response.content


def test_bare_localhost_serves_the_fallback_tenant_in_development(world, settings):
    settings.COOPT_FALLBACK_TENANT = "globex"
    assert tenant_for_host("localhost") == world.globex
    assert tenant_for_host("127.0.0.1") == world.globex
    response = Client(HTTP_HOST="127.0.0.1").get("/")
    assert response.status_code == 200
    assert response.context["tenant"] == world.globex


def test_bare_localhost_serves_nothing_without_a_fallback_tenant(world, settings):
    settings.COOPT_FALLBACK_TENANT = ""
    assert tenant_for_host("localhost") is None
    assert Client(HTTP_HOST="127.0.0.1").get("/").status_code == 404


def test_a_globex_session_does_not_work_on_the_acme_host(world):
    client = world.client_for(world.outsider_member, host="acme.localhost")
    response = client.get("/jobs/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    # The session was ended: the globex host asks to sign in again too.
    client.defaults["HTTP_HOST"] = "globex.localhost"
    assert client.get("/jobs/").status_code == 302


def test_responses_vary_on_the_host(world):
    response = world.client_for(world.member).get("/brand.css")
    assert "Host" in response["Vary"]


def test_the_not_found_page_speaks_the_visitor_language(world):
    response = Client(HTTP_HOST="nobody.localhost", HTTP_ACCEPT_LANGUAGE="de").get("/")
    assert response.status_code == 404
    assert '<html lang="de">' in response.content.decode()
