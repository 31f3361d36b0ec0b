"""Sessions (Y6): staff sessions expire after 30 minutes idle and 12 hours in all;
members keep the normal session age; a password change or a deactivation ends
the user's other sessions."""

import datetime as dt
from collections.abc import Iterator
from importlib import import_module

import pytest
import time_machine
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from coopt.accounts.models import Membership, User

from .. import factories as f
from ..conftest import World

pytestmark = pytest.mark.django_db

ACME = "acme.localhost"
LOGIN = reverse("account_login")
T0 = dt.datetime(2030, 1, 7, 9, 0, tzinfo=dt.UTC)
NEW_PASSWORD = "a brand new passphrase 42"


def signed_in(client: Client, path: str = "/office/") -> bool:
    response = client.get(path)
    if response.status_code == 200:
        return True
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    return False


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


# --- Staff: idle and absolute limits --------------------------------------------


@pytest.mark.parametrize("persona", ["recruiter", "admin"])
def test_a_staff_session_ends_after_thirty_minutes_idle(world, clock, persona):
    client = world.client_for(getattr(world, persona))
    assert signed_in(client)
    clock.shift(dt.timedelta(minutes=29))
    assert signed_in(client)
    clock.shift(dt.timedelta(minutes=29))  # activity keeps the session alive
    assert signed_in(client)
    clock.shift(dt.timedelta(minutes=30, seconds=1))
    response = client.get(f"/office/jobs/{world.job.pk}/edit/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/office/jobs/{world.job.pk}/edit/"
    assert "_auth_user_id" not in client.session
    assert not signed_in(client)
    assert not Session.objects.exists()


def test_the_sign_in_page_says_why_after_expiry(world, clock):
    client = world.client_for(world.recruiter)
    assert signed_in(client)
    clock.shift(dt.timedelta(minutes=31))
    response = client.get("/office/", follow=True)
    assert "Your session has ended. Please sign in again." in response.content.decode()


def test_a_staff_session_ends_after_twelve_hours_however_active(world, clock):
    client = world.client_for(world.recruiter)
    for _step in range(12 * 3 - 1):
        clock.shift(dt.timedelta(minutes=20))
        assert signed_in(client)
    clock.shift(dt.timedelta(minutes=20, seconds=1))  # 12 h and a second after sign-in
    assert not signed_in(client)


def test_the_clock_starts_again_at_each_sign_in(world, clock):
    client = Client(HTTP_HOST=ACME)
    client.post(LOGIN, {"login": "recruiter@acme.test", "password": f.PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": f.totp_code()})
    assert signed_in(client)
    clock.shift(dt.timedelta(hours=11, minutes=50))
    client.post(reverse("account_logout"))
    assert not signed_in(client)
    client.post(LOGIN, {"login": "recruiter@acme.test", "password": f.PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": f.totp_code()})
    assert signed_in(client)
    clock.shift(dt.timedelta(minutes=20))  # 12 h 10 min after the first sign-in
    assert signed_in(client)


def test_an_expired_htmx_request_sends_the_whole_page_to_sign_in(world, clock):
    client = world.client_for(world.recruiter)
    assert signed_in(client)
    clock.shift(dt.timedelta(minutes=31))
    response = client.get(f"/office/jobs/{world.job.pk}/pipeline/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(f"{LOGIN}?next=")


def test_a_staff_session_is_written_at_most_once_a_minute(world, clock):
    client = world.client_for(world.recruiter)
    assert signed_in(client)
    before = Session.objects.get().session_data
    clock.shift(dt.timedelta(seconds=30))
    assert signed_in(client)
    assert Session.objects.get().session_data == before
    clock.shift(dt.timedelta(seconds=31))
    assert signed_in(client)
    assert Session.objects.get().session_data != before


# --- Members: the normal session age --------------------------------------------


def test_a_member_session_keeps_the_normal_age(world, clock):
    client = world.client_for(world.member)
    assert signed_in(client, "/jobs/")
    clock.shift(dt.timedelta(hours=13))
    assert signed_in(client, "/jobs/")
    clock.shift(dt.timedelta(days=13))
    assert signed_in(client, "/jobs/")
    assert settings.SESSION_COOKIE_AGE == 14 * 24 * 60 * 60


# --- Password change and reset --------------------------------------------------


def sign_in_by_password(email: str) -> Client:
    client = Client(HTTP_HOST=ACME)
    response = client.post(LOGIN, {"login": email, "password": f.PASSWORD})
    assert response.status_code == 302
    return client


def test_a_password_change_ends_every_other_session_of_that_user(world):
    phone = sign_in_by_password("member@acme.test")
    laptop = sign_in_by_password("member@acme.test")
    colleague = sign_in_by_password("expert@acme.test")
    response = laptop.post(
        reverse("account_change_password"),
        {"oldpassword": f.PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert signed_in(laptop, "/jobs/")  # the session that made the change stays
    assert not signed_in(phone, "/jobs/")
    assert signed_in(colleague, "/jobs/")


def test_a_password_reset_by_e_mail_ends_every_session_of_that_user(world):
    phone = sign_in_by_password("member@acme.test")
    user = User.objects.get(email="member@acme.test")
    key = default_token_generator.make_token(user)
    stranger = Client(HTTP_HOST=ACME)
    url = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": key},
    )
    form_url = stranger.get(url)["Location"]
    response = stranger.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert not signed_in(phone, "/jobs/")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


# --- Deactivation ---------------------------------------------------------------


def deactivate(world: World, membership: Membership) -> None:
    response = world.client_for(world.admin).post(
        reverse("backoffice:member_deactivate", args=[membership.pk])
    )
    assert response.status_code == 302


def test_deactivation_ends_every_session_of_the_leaver(world):
    phone = sign_in_by_password("member@acme.test")
    laptop = sign_in_by_password("member@acme.test")
    colleague = sign_in_by_password("expert@acme.test")
    deactivate(world, world.member)
    assert not signed_in(phone, "/jobs/")
    assert not signed_in(laptop, "/jobs/")
    assert signed_in(colleague, "/jobs/")
    remaining = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert str(world.member.user.pk) not in remaining


def test_deactivation_also_clears_cached_sessions(world, settings):
    """Production keeps sessions in Redis and the database (cached_db)."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    store = import_module(settings.SESSION_ENGINE).SessionStore
    laptop = sign_in_by_password("member@acme.test")
    key = laptop.cookies[settings.SESSION_COOKIE_NAME].value
    assert cache.get(store.cache_key_prefix + key) is not None
    deactivate(world, world.member)
    assert cache.get(store.cache_key_prefix + key) is None
    assert not store(session_key=key).exists(key)
    assert not signed_in(laptop, "/jobs/")
