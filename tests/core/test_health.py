"""The load balancers' probe answers without a tenant (O2)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_health_answers_200_json_without_a_tenant_host():
    response = Client().get("/health/")  # Host "testserver": no tenant there
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}


def test_health_answers_on_a_bare_ip_address(settings):
    settings.COOPT_FALLBACK_TENANT = ""
    response = Client(HTTP_HOST="127.0.0.1").get("/health/")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_health_answers_on_a_tenant_host_too(world):
    response = Client(HTTP_HOST="acme.localhost").get("/health/")
    assert response.status_code == 200


def test_other_pages_without_a_tenant_host_get_404():
    assert Client().get("/jobs/").status_code == 404


def test_health_accepts_only_get():
    assert Client().post("/health/").status_code == 405
