"""The link to a person's data page: only a genuine, fresh link of this tenant opens it."""

import logging
from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.utils import timezone

from coopt.referrals.models import Referral
from coopt.referrals.self_service_links import (
    MAX_AGE,
    SALT,
    InvalidLink,
    person_key_from_token,
    self_service_token,
    self_service_url,
)

from ..conftest import World
from .requests_helpers import JANE, JANE_KEY, anonymous, page_path, refer_jane

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_instant")]


@pytest.fixture
def jane(world: World) -> Referral:
    return refer_jane(world)


def test_the_token_opens_the_normalised_email_of_its_tenant(world):
    token = self_service_token(tenant=world.acme, email=JANE)
    assert person_key_from_token(tenant=world.acme, token=token) == JANE_KEY
    # Any spelling of the address gives the same person.
    other_spelling = self_service_token(tenant=world.acme, email="  JANE.DOE@example.ORG ")
    assert person_key_from_token(tenant=world.acme, token=other_spelling) == JANE_KEY


def test_the_url_is_absolute_on_the_tenant_domain_outside_the_back_office(world):
    url = self_service_url(tenant=world.acme, email=JANE)
    assert url.startswith("http://acme.localhost/privacy/")
    assert "/office/" not in url


def test_a_genuine_link_opens_the_page_without_signing_in(world, jane):
    response = anonymous(world.acme).get(page_path(world.acme))
    assert response.status_code == 200
    assert "Jane" in response.content.decode()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token[:-2],
        lambda token: token + "x",
        lambda token: "not-a-token",
        lambda token: "A" * 43,
    ],
)
def test_an_unknown_or_tampered_link_says_so_on_a_404(world, jane, tamper):
    token = self_service_token(tenant=world.acme, email=JANE)
    response = anonymous(world.acme).get(f"/privacy/{tamper(token)}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'data-testid="link-refused"' in html
    assert "This link does not open anything" in html


def test_a_signed_link_for_another_purpose_or_person_is_a_404(world, jane):
    forged = signing.dumps({"t": world.acme.pk, "e": JANE_KEY}, salt="another.salt")
    assert anonymous(world.acme).get(f"/privacy/{forged}/").status_code == 404
    unsalted = signing.dumps({"t": world.acme.pk, "e": JANE_KEY})
    assert anonymous(world.acme).get(f"/privacy/{unsalted}/").status_code == 404
    sent = signing.dumps({"t": world.acme.pk, "e": JANE_KEY}, salt=SALT, compress=True)
    assert anonymous(world.acme).get(f"/privacy/{sent[:-1]}x/").status_code == 404


def test_a_link_made_for_another_tenant_is_a_404(world, jane):
    refer_jane(world, job=world.globex_job, member=world.outsider_member)
    acme_path = page_path(world.acme)
    globex_path = page_path(world.globex)
    assert anonymous(world.globex).get(acme_path).status_code == 404
    assert anonymous(world.acme).get(globex_path).status_code == 404
    assert anonymous(world.globex).get(globex_path).status_code == 200


def test_every_action_of_another_tenants_link_is_a_404(world, jane):
    token = self_service_token(tenant=world.acme, email=JANE)
    client = anonymous(world.globex)
    for action in ("", "correct/", "erase/", "request/"):
        assert client.get(f"/privacy/{token}/{action}").status_code == 404
    for action in ("download/", "correct/", "erase/", "request/"):
        assert client.post(f"/privacy/{token}/{action}").status_code == 404
    assert jane.__class__.objects.get(pk=jane.pk).personal_data_deleted_at is None


def test_the_link_lasts_six_months_then_says_it_expired(world, jane):
    path = page_path(world.acme)
    client = anonymous(world.acme)
    with time_machine.travel(timezone.now() + MAX_AGE - timedelta(days=1)):
        assert client.get(path).status_code == 200
    with time_machine.travel(timezone.now() + MAX_AGE + timedelta(days=1)):
        response = client.get(path)
        assert response.status_code == 410
        assert "This link has expired" in response.content.decode()
        with pytest.raises(InvalidLink):
            person_key_from_token(tenant=world.acme, token=path.split("/")[2])


def test_the_expired_page_speaks_the_visitors_language(world, jane):
    path = page_path(world.acme)
    client = anonymous(world.acme)
    with time_machine.travel(timezone.now() + MAX_AGE + timedelta(days=1)):
        french = client.get(path, headers={"accept-language": "fr"})
    assert french.status_code == 410
    assert french["Content-Language"] == "fr"


def test_the_salt_of_links_sent_before_is_its_own():
    assert SALT not in {"", "django.core.signing", "django.contrib.sessions"}
    assert MAX_AGE >= timedelta(days=90)


def test_a_signed_link_sent_before_the_tokens_were_random_opens_until_its_six_months(world, jane):
    # Signed as the links were signed: same salt, same payload.
    sent = signing.dumps({"t": world.acme.pk, "e": JANE_KEY}, salt=SALT, compress=True)
    assert person_key_from_token(tenant=world.acme, token=sent) == JANE_KEY
    client = anonymous(world.acme)
    assert client.get(f"/privacy/{sent}/").status_code == 200
    assert anonymous(world.globex).get(f"/privacy/{sent}/").status_code == 404
    with time_machine.travel(timezone.now() + MAX_AGE + timedelta(days=1)):
        response = client.get(f"/privacy/{sent}/")
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()


def test_the_page_is_private_and_never_cached(world, jane):
    response = anonymous(world.acme).get(page_path(world.acme))
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"
    assert "noindex" in response["X-Robots-Tag"]


def test_using_the_page_writes_no_token_or_address_to_the_logs(world, jane, caplog):
    path = page_path(world.acme)
    token = path.split("/")[2]
    client = anonymous(world.acme)
    with caplog.at_level(logging.DEBUG):
        client.get(path)
        client.post(f"{path}download/")
        client.post(f"{path}correct/", {"first_name": "Janet", "last_name": "Doe", "phone": ""})
        client.post(f"{path}erase/")
        client.get(path)
    logged = caplog.text
    assert token not in logged
    assert JANE_KEY not in logged.lower()
    assert "jane.doe" not in logged.lower()
