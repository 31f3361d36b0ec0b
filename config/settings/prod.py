"""Production: PostgreSQL, Redis, SMTP, S3-compatible storage, all from the
environment. See README, "Production configuration"."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = env("COOPT_SECRET_KEY")
# The rule of Django's security.W009, refused at start rather than only warned about.
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-"):
    raise ImproperlyConfigured(
        "COOPT_SECRET_KEY must be at least 50 random characters "
        "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )
DEBUG = False
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("COOPT_DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

CELERY_BROKER_URL = env("COOPT_BROKER_URL")
CELERY_BROKER_TRANSPORT_OPTIONS = broker_transport_options(CELERY_BROKER_URL)  # noqa: F405

MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env("COOPT_SMTP_HOST"),
            "port": env.int("COOPT_SMTP_PORT", default=587),
            "username": env("COOPT_SMTP_USER", default=""),
            "password": env("COOPT_SMTP_PASSWORD", default=""),
            "use_tls": env.bool("COOPT_SMTP_STARTTLS", default=True),
            "use_ssl": env.bool("COOPT_SMTP_SSL", default=False),
            "timeout": 20,
        },
    }
}

# Sessions (cached_db) and rate-limit counters: Redis, but the site keeps serving while that
# Redis is away (coopt/lib/cache.py): reads miss, writes are dropped, an error is logged.
CACHES = {
    "default": {
        "BACKEND": "coopt.lib.cache.ResilientRedisCache",
        "LOCATION": env("COOPT_CACHE_URL", default="redis://127.0.0.1:6379/1"),
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

if env("COOPT_S3_BUCKET", default=""):
    STORAGES["default"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("COOPT_S3_BUCKET"),
            "endpoint_url": env("COOPT_S3_ENDPOINT_URL", default=None),
            "region_name": env("COOPT_S3_REGION", default=None),
            "access_key": env("COOPT_S3_ACCESS_KEY_ID", default=None),
            "secret_key": env("COOPT_S3_SECRET_ACCESS_KEY", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}

# Security (docs/operations.md, "Security"); `manage.py check --deploy` passes
# with no warning (tests/security/test_deploy_check.py).
# HTTPS only, behind a load balancer that sets X-Forwarded-Proto and X-Forwarded-For.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("COOPT_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env.int("COOPT_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Rate limits count the client's address: the proxies in front say who it is.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("COOPT_TRUSTED_PROXY_COUNT", default=1)
# Cookies: HTTPS only, out of reach of scripts, and "__Host-" so that no other
# subdomain of the platform (another company) can set or overwrite them.
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_NAME = "__Host-csrftoken"
LANGUAGE_COOKIE_SECURE = True
# CVs and logos are never under the web root: static files are served by
# WhiteNoise from STATIC_ROOT, uploads only through views that check access.
if not STORAGES["default"]["BACKEND"].endswith("S3Storage"):  # noqa: F405
    _media = Path(MEDIA_ROOT).resolve()  # noqa: F405
    for _public in (Path(STATIC_ROOT), *map(Path, STATICFILES_DIRS)):  # noqa: F405
        if _media == _public.resolve() or _public.resolve() in _media.parents:
            raise ImproperlyConfigured("COOPT_MEDIA_ROOT must be outside the static files.")
        if _media in _public.resolve().parents:
            raise ImproperlyConfigured("The static files must be outside COOPT_MEDIA_ROOT.")
# One JSON object a line, whatever the message holds (quotes, line breaks, a traceback).
LOGGING["formatters"]["json"] = {  # noqa: F405
    "()": "coopt.lib.logging.JsonFormatter",
    "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
    "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
}
LOGGING["handlers"]["console"]["formatter"] = "json"  # noqa: F405
