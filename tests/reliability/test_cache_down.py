"""The cache's Redis down (the documented production set-up: broker and cache on one Redis):
every page still answers, sessions and submissions still work, rate limits are off while it
is away (a stated choice), and the error is logged. A private redis-server is stopped."""

import logging

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from coopt.lib import cache as resilient
from coopt.notifications.models import OutboundEmail
from coopt.referrals.models import Referral

from .. import factories as f
from ..conftest import ACME_HOST, World
from ..integration.worker import publishing_to
from .redis_server import RedisServer

pytestmark = pytest.mark.django_db(transaction=True)

REFERRAL = {
    "first_name": "Jane",
    "last_name": "Doe",
    "email": "jane.doe@example.org",
    "phone": "",
    "relationship": "Former colleague",
    "motivation": "She closed our biggest account.",
    "language": "en",
}
APPLICATION = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "email": "ada@example.org",
    "phone": "",
    "motivation": "",
    "consent": "on",
}


@pytest.fixture
def production_cache(settings: Settings, redis_server: RedisServer) -> RedisServer:
    """The cache and sessions as config/settings/prod.py sets them, on a private Redis."""
    settings.CACHES = {
        "default": {
            "BACKEND": "coopt.lib.cache.ResilientRedisCache",
            "LOCATION": redis_server.url(db=1),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    resilient._last_logged = -resilient.LOG_EVERY  # log the first error of this test
    return redis_server


def test_the_site_keeps_serving_while_the_cache_and_broker_redis_is_down(
    world: World, production_cache: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    member = Client(HTTP_HOST=ACME_HOST)
    assert (
        member.post(
            reverse("account_login"), {"login": "member@acme.test", "password": f.PASSWORD}
        ).status_code
        == 302
    )
    cache.set("probe", 1)
    assert cache.get("probe") == 1  # the cache really is that Redis

    with publishing_to(production_cache.url(db=0)), caplog.at_level(logging.ERROR):
        production_cache.stop()
        assert cache.get("probe") is None

        # A signed-in member: the session is read from the database, the referral is made.
        assert member.get(reverse("jobs:board")).status_code == 200
        response = member.post(reverse("referrals:recommend", args=[world.job.pk]), REFERRAL)
        assert response.status_code == 302, response.content.decode()[:2000]
        referral = Referral.objects.get(job=world.job, email=REFERRAL["email"])
        message = OutboundEmail.objects.get(subject_ref=f"referral:{referral.pk}")
        assert message.status == OutboundEmail.Status.PENDING  # the relay sends it later

        # A visitor: the public job page, an application, signing in.
        visitor = Client(HTTP_HOST=ACME_HOST)
        public = reverse("jobs:public", args=[world.job.pk])
        assert visitor.get(public).status_code == 200
        applied = visitor.post(public, APPLICATION)
        assert applied.status_code == 200  # the thank-you page
        assert Referral.objects.filter(job=world.job, email="ada@example.org").exists()
        assert visitor.get(reverse("account_login")).status_code == 200
        signed_in = visitor.post(
            reverse("account_login"), {"login": "expert@acme.test", "password": f.PASSWORD}
        )
        assert signed_in.status_code == 302
        assert visitor.get(reverse("jobs:board")).status_code == 200

        # Rate limits are off while their counters cannot be kept: never a 500, never a 429.
        guesser = Client(HTTP_HOST=ACME_HOST)
        for _attempt in range(25):
            wrong = guesser.post(
                reverse("account_login"), {"login": "member@acme.test", "password": "wrong"}
            )
            assert wrong.status_code == 200

    errors = [r for r in caplog.records if r.name == "coopt.cache"]
    assert len(errors) == 1  # logged, at most once a minute
    assert "rate limits are off" in errors[0].getMessage()

    production_cache.start()
    cache.set("probe", 2)
    assert cache.get("probe") == 2  # back without a restart
