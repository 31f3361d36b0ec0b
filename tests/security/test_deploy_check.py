"""Production settings pass Django's deployment checks with no warning (Y5).

Each test starts a fresh interpreter with the environment a production
deployment sets, as the settings are read once per process.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def production_env(**overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("COOPT_", "DJANGO_", "DATABASE_URL"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.prod",
            "COOPT_SECRET_KEY": secrets.token_urlsafe(64),
            "DATABASE_URL": "postgres://coopt:secret@db.internal:5432/coopt",
            "COOPT_BROKER_URL": "redis://redis.internal:6379/0",
            "COOPT_CACHE_URL": "redis://redis.internal:6379/1",
            "COOPT_SMTP_HOST": "smtp.example.com",
            "COOPT_BASE_DOMAIN": "coopt.example",
            "COOPT_ALLOWED_HOSTS": ".coopt.example",
            "COOPT_MEDIA_ROOT": "/srv/coopt/media",
        }
    )
    env.update(overrides)
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def deploy_check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)


def prod_settings(*names: str, **overrides: str) -> dict[str, object]:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    result = run(["-c", code], production_env(**overrides))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_reports_no_issue_with_the_production_environment():
    result = deploy_check(production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    "key",
    ["too-short", "x" * 49, "ab" * 40, "django-insecure-" + secrets.token_urlsafe(48)],
    ids=["short", "49 characters", "repetitive", "django-insecure"],
)
def test_production_refuses_to_start_with_a_weak_secret_key(key):
    result = deploy_check(production_env(COOPT_SECRET_KEY=key))
    assert result.returncode != 0
    assert "COOPT_SECRET_KEY must be at least 50 random characters" in result.stderr


def test_production_starts_with_a_key_of_50_random_characters():
    result = deploy_check(production_env(COOPT_SECRET_KEY=secrets.token_hex(25)))
    assert result.returncode == 0, result.stdout + result.stderr


PRODUCTION_LOGS = r"""
import logging, django
django.setup()
log = logging.getLogger("coopt.test")
log.warning('He said "no"\nthen left \\ at 5')
log.error("Not Found: %s", "/privacy/secret-token-123/", extra={"request": "/c/tok123/"})
try:
    raise ValueError("jane@example.org refused")
except ValueError:
    log.exception("Failed for %s", "jane@example.org")
"""


def test_production_logs_are_one_json_object_a_line_with_personal_data_masked():
    result = run(["-c", PRODUCTION_LOGS], production_env())
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stderr.splitlines()]
    assert [r["level"] for r in records] == ["WARNING", "ERROR", "ERROR"]
    assert records[0]["message"] == 'He said "no"\nthen left \\ at 5'  # as logged
    assert records[0]["logger"] == "coopt.test"
    assert records[0]["time"]
    assert records[1]["message"] == "Not Found: /privacy/…/"
    assert "request" not in records[1]  # extras are not masked, so not written
    assert records[2]["message"] == "Failed for [e-mail]"
    assert "ValueError: [e-mail] refused" in records[2]["exc_info"]
    assert "jane@example.org" not in result.stderr


def test_the_check_would_catch_a_disabled_https_redirect():
    result = deploy_check(production_env(COOPT_SSL_REDIRECT="false"))
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["COOPT_SECRET_KEY"]
    result = deploy_check(env)
    assert result.returncode != 0
    assert "COOPT_SECRET_KEY" in result.stderr


def test_production_cookies_are_secure_http_only_and_host_bound():
    values = prod_settings(
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_NAME",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "CSRF_COOKIE_NAME",
        "LANGUAGE_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "DEBUG",
    )
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_HTTPONLY"] is True
    assert values["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    assert values["LANGUAGE_COOKIE_SECURE"] is True
    hsts = values["SECURE_HSTS_SECONDS"]
    assert isinstance(hsts, int) and hsts >= 60 * 60 * 24 * 365
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["DEBUG"] is False


def test_production_keeps_rate_limits_and_sessions_in_redis():
    values = prod_settings("CACHES", "SESSION_ENGINE", "ALLAUTH_TRUSTED_PROXY_COUNT")
    caches = values["CACHES"]
    assert isinstance(caches, dict)
    cache = caches["default"]
    assert cache["BACKEND"] == "coopt.lib.cache.ResilientRedisCache"  # a Redis cache that degrades
    assert cache["LOCATION"] == "redis://redis.internal:6379/1"
    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    assert values["ALLAUTH_TRUSTED_PROXY_COUNT"] == 1


@pytest.mark.parametrize("media", ["{static}", "{static}/uploads"])
def test_production_refuses_uploads_inside_the_static_files(media):
    static_root = str(ROOT / "var" / "static")
    result = deploy_check(production_env(COOPT_MEDIA_ROOT=media.format(static=static_root)))
    assert result.returncode != 0
    assert "COOPT_MEDIA_ROOT must be outside the static files." in result.stderr
