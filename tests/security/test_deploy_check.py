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


def test_the_check_would_catch_a_weak_secret_key():
    """The test above can fail: a short key is a warning, and the command fails on it."""
    result = deploy_check(production_env(COOPT_SECRET_KEY="too-short"))
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


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
    assert values["SECURE_HSTS_SECONDS"] >= 60 * 60 * 24 * 365  # type: ignore[operator]
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["DEBUG"] is False


def test_production_keeps_rate_limits_and_sessions_in_redis():
    values = prod_settings("CACHES", "SESSION_ENGINE", "ALLAUTH_TRUSTED_PROXY_COUNT")
    cache = values["CACHES"]["default"]  # type: ignore[index]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://redis.internal:6379/1"
    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    assert values["ALLAUTH_TRUSTED_PROXY_COUNT"] == 1


@pytest.mark.parametrize("media", ["{static}", "{static}/uploads"])
def test_production_refuses_uploads_inside_the_static_files(media):
    static_root = str(ROOT / "var" / "static")
    result = deploy_check(production_env(COOPT_MEDIA_ROOT=media.format(static=static_root)))
    assert result.returncode != 0
    assert "COOPT_MEDIA_ROOT must be outside the static files." in result.stderr
