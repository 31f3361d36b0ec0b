"""Rate limits answer 429 with Retry-After (Y6).

Sign-in: at most 5 failures per account and address pair and 20 per IP address in 15
minutes (password, two-factor code and one-time code requests), and a slower limit per
account that never blocks a device the owner signed in on before. Anonymous forms and
links: a limit per IP address each.
"""

import datetime as dt
from collections.abc import Callable

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from coopt.accounts.services import invitation_token
from coopt.accounts.sign_in_limits import ACCOUNT_FAILURES
from coopt.jobs.services import share_link_for
from coopt.referrals.self_service_links import self_service_path
from coopt.referrals.services import consent_confirm

from .. import factories as f
from ..responses import Response

pytestmark = pytest.mark.django_db

ACME = "acme.localhost"
LOGIN = reverse("account_login")
WINDOW = 15 * 60
# An instant that starts an hour (and so every shorter window), to know the waits exactly.
T0 = dt.datetime(2030, 1, 7, 9, 0, tzinfo=dt.UTC)

# One request, sent again and again until the limit answers.
Send = Callable[[], Response]


def client(ip: str = "203.0.113.7", *, language: str = "", forwarded_for: str = "") -> Client:
    environ = {"HTTP_HOST": ACME, "REMOTE_ADDR": ip}
    if language:
        environ["HTTP_ACCEPT_LANGUAGE"] = language
    if forwarded_for:
        environ["HTTP_X_FORWARDED_FOR"] = forwarded_for
    c = Client()
    c.defaults.update(environ)
    return c


def sign_in(c: Client, email: str, password: str = f.PASSWORD) -> Response:
    return c.post(LOGIN, {"login": email, "password": password})


def assert_429(response: Response, *, wait: int | None = None, at_most: int = WINDOW) -> int:
    assert response.status_code == 429
    retry_after = int(response["Retry-After"])
    if wait is not None:
        assert retry_after == wait
    assert 0 < retry_after <= at_most
    assert "Too many attempts" in response.content.decode()
    return retry_after


# --- Sign-in --------------------------------------------------------------------


def test_five_failed_sign_ins_lock_the_account_from_that_address_for_fifteen_minutes(world):
    with time_machine.travel(T0, tick=False) as clock:
        attacker = client()
        for _attempt in range(5):
            response = sign_in(attacker, "member@acme.test", "wrong password")
            assert response.status_code == 200
            assert response.context["form"].errors
        clock.shift(dt.timedelta(minutes=5))
        # Even the right password waits from there: the pair is locked, not the guess.
        locked = sign_in(attacker, "member@acme.test")
        assert_429(locked, wait=10 * 60)
        assert "_auth_user_id" not in attacker.session
        # The owner elsewhere is not locked out by someone else's guesses.
        owner = client("198.51.100.9")
        assert sign_in(owner, "member@acme.test").status_code == 302
        assert owner.session["_auth_user_id"] == str(world.member.user.pk)
        # Another account from the attacker's address is not locked.
        assert sign_in(client(), "expert@acme.test").status_code == 302
        clock.shift(dt.timedelta(minutes=10, seconds=1))
        assert sign_in(client(), "member@acme.test").status_code == 302


def spread_failures(email: str, count: int) -> None:
    """``count`` wrong passwords for one account, 4 from each address (under both limits)."""
    for n in range(count):
        sign_in(client(f"192.0.2.{n // 4 + 1}"), email, "wrong")


def test_guesses_spread_over_many_addresses_lock_the_account_for_unknown_devices(world):
    with time_machine.travel(T0, tick=False) as clock:
        spread_failures("member@acme.test", ACCOUNT_FAILURES)
        clock.shift(dt.timedelta(minutes=10))
        assert_429(sign_in(client("198.51.100.9"), "member@acme.test"), wait=50 * 60, at_most=3600)
        clock.shift(dt.timedelta(minutes=50, seconds=1))
        assert sign_in(client("198.51.100.9"), "member@acme.test").status_code == 302


def test_the_account_limit_never_blocks_the_owners_known_device(world):
    owner = client("198.51.100.9")
    assert sign_in(owner, "member@acme.test").status_code == 302
    owner.post(reverse("account_logout"))
    assert owner.cookies["coopt_device"].value  # kept after signing out
    spread_failures("member@acme.test", ACCOUNT_FAILURES)
    assert sign_in(owner, "member@acme.test").status_code == 302
    # A device known for another account does not count for this one.
    expert_device = client("198.51.100.10")
    assert sign_in(expert_device, "expert@acme.test").status_code == 302
    expert_device.post(reverse("account_logout"))
    assert_429(sign_in(expert_device, "member@acme.test"), at_most=3600)


def test_a_forged_known_device_cookie_does_not_count(world):
    spread_failures("member@acme.test", ACCOUNT_FAILURES)
    forged = client("198.51.100.9")
    forged.cookies["coopt_device"] = str(world.member.user.pk)
    assert_429(sign_in(forged, "member@acme.test"), at_most=3600)


def test_the_pair_limit_ignores_the_case_of_the_address(world):
    attacker = client()
    for email in ("member@acme.test", "MEMBER@acme.test", "Member@Acme.test", "member@ACME.test"):
        assert sign_in(attacker, email, "wrong").status_code == 200
    assert sign_in(attacker, "member@acme.TEST", "wrong").status_code == 200
    assert_429(sign_in(attacker, "member@acme.test"))


def test_a_successful_sign_in_does_not_count_as_a_failure(world):
    for _attempt in range(8):
        c = client()
        assert sign_in(c, "member@acme.test").status_code == 302


def test_twenty_failed_sign_ins_from_one_address_lock_that_address(world):
    with time_machine.travel(T0, tick=False) as clock:
        attacker = client()
        for n in range(20):
            response = sign_in(attacker, f"guess{n % 10}@acme.test", "wrong")
            assert response.status_code == 200
        clock.shift(dt.timedelta(minutes=1))
        assert_429(sign_in(attacker, "member@acme.test"), wait=14 * 60)
        # Another address signs in.
        assert sign_in(client("198.51.100.9"), "member@acme.test").status_code == 302
        clock.shift(dt.timedelta(minutes=14, seconds=1))
        assert sign_in(attacker, "member@acme.test").status_code == 302


def test_an_ipv6_client_is_counted_by_its_network(world):
    for n in range(20):
        sign_in(client(f"2001:db8:1:2::{n + 1:x}"), f"guess{n}@acme.test", "wrong")
    assert_429(sign_in(client("2001:db8:1:2::ffff"), "member@acme.test"))
    assert sign_in(client("2001:db8:1:3::1"), "member@acme.test").status_code == 302


def test_wrong_two_factor_codes_are_limited_too(world):
    recruiter = client()
    response = sign_in(recruiter, "recruiter@acme.test")
    assert response["Location"] == reverse("mfa_authenticate")
    for _attempt in range(5):
        response = recruiter.post(reverse("mfa_authenticate"), {"code": "000000"})
        assert response.status_code == 200
    locked = recruiter.post(reverse("mfa_authenticate"), {"code": f.totp_code()})
    assert_429(locked)
    assert "_auth_user_id" not in recruiter.session


def test_one_time_code_requests_are_limited_per_address(world):
    url = reverse("account_request_login_code")
    with time_machine.travel(T0, tick=False):
        # A fresh client each time: one with a code pending is sent to the code form.
        for _attempt in range(5):
            response = client().post(url, {"email": "member@acme.test"})
            assert response["Location"] == reverse("account_confirm_login_code")
        assert_429(client().post(url, {"email": "member@acme.test"}), wait=WINDOW)
        assert_429(client("198.51.100.9").post(url, {"email": "member@acme.test"}))
        response = client().post(url, {"email": "expert@acme.test"})
        assert response["Location"] == reverse("account_confirm_login_code")


def test_password_reset_requests_get_a_retry_after(world):
    """Allauth's own 429 page gets the header from RetryAfterMiddleware."""
    c = client()
    url = reverse("account_reset_password")
    for _attempt in range(5):
        assert c.post(url, {"email": "member@acme.test"}).status_code == 302
    assert_429(c.post(url, {"email": "member@acme.test"}))


def test_the_429_page_speaks_the_visitors_language(world):
    c = client(language="fr")
    for _attempt in range(5):
        sign_in(c, "member@acme.test", "wrong")
    response = sign_in(c, "member@acme.test")
    assert response.status_code == 429
    assert '<html lang="fr">' in response.content.decode()
    assert response["Content-Language"] == "fr"


# --- Anonymous forms and links --------------------------------------------------


def exhaust(send: Send, limit: int) -> None:
    for n in range(limit):
        response = send()
        assert response.status_code != 429, f"refused after {n} requests"


def check_anonymous_limit(
    send: Send, send_from_elsewhere: Send, *, limit: int, window: int
) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        exhaust(send, limit)
        clock.shift(dt.timedelta(seconds=30))
        assert_429(send(), wait=window - 30, at_most=window)
        assert send_from_elsewhere().status_code != 429
        clock.shift(dt.timedelta(seconds=window - 30))
        assert send().status_code != 429


def test_public_applications_are_limited_per_address(world):
    url = f"/p/jobs/{world.job.pk}/"
    check_anonymous_limit(
        lambda: client().post(url, {}),
        lambda: client("198.51.100.9").post(url, {}),
        limit=20,
        window=60 * 60,
    )
    # Reading the page is not limited.
    assert client().get(url).status_code == 200


def test_the_consent_page_is_limited_per_address(world):
    referral = f.refer(referrer=world.member, job=world.job)
    consent_confirm(referral=referral)
    url = f.consent_path(referral)
    check_anonymous_limit(
        lambda: client().post(url, {"answer": "confirm"}),
        lambda: client("198.51.100.9").post(url, {"answer": "confirm"}),
        limit=20,
        window=WINDOW,
    )


def test_guessing_consent_tokens_is_limited_too(world):
    exhaust(lambda: client().post("/c/not-a-token/", {}), 20)
    assert_429(client().post("/c/another-guess/", {}))


def test_invitations_are_limited_per_address(world):
    invited = f.make_member(world.acme, email="new@acme.test")
    url = reverse("accounts:invitation", args=[invitation_token(invited)])
    mismatch = {"password1": "a long new password", "password2": "different"}
    check_anonymous_limit(
        lambda: client().post(url, mismatch),
        lambda: client("198.51.100.9").post(url, mismatch),
        limit=10,
        window=WINDOW,
    )


def test_share_link_visits_are_limited_per_address(world):
    link = share_link_for(job=world.job, member=world.member)
    url = f"/s/{link.token}/"
    check_anonymous_limit(
        lambda: client().get(url),
        lambda: client("198.51.100.9").get(url),
        limit=60,
        window=10 * 60,
    )


def test_the_privacy_self_service_pages_are_limited_per_address(world):
    referral = f.refer(referrer=world.member, job=world.job, email="jane@example.org")
    consent_confirm(referral=referral)
    path = self_service_path(tenant=world.acme, email="jane@example.org")
    url = path + "correct/"
    data = {"first_name": "Jane", "last_name": "Doe", "phone": ""}
    check_anonymous_limit(
        lambda: client().post(url, data),
        lambda: client("198.51.100.9").post(url, data),
        limit=20,
        window=WINDOW,
    )


def test_a_client_behind_the_trusted_proxy_is_counted_by_its_own_address(world, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    url = f"/p/jobs/{world.job.pk}/"
    proxy = "10.0.0.1"

    def from_client(ip: str) -> Response:
        return client(proxy, forwarded_for=ip).post(url, {})

    exhaust(lambda: from_client("203.0.113.7"), 20)
    assert_429(from_client("203.0.113.7"), at_most=60 * 60)
    assert from_client("203.0.113.8").status_code == 200
