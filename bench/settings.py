"""Settings of the benchmark: production's choices, on this machine.

What matters to the figures is as in ``config.settings.prod``: PostgreSQL with persistent
connections, a Redis broker, the SMTP mail backend, DEBUG off (so the cached template
loader, and no query log). What differs only points at local servers: the bench database,
Redis database 7 (the bench's own, never 0), an SMTP server on 127.0.0.1 without TLS (the
sink the bench starts, ``bench/sink.py``), and a local-memory cache instead of Redis db 1.
"""

from config.settings.base import *  # noqa: F403
from config.settings.base import broker_transport_options, env

DEBUG = False
SECRET_KEY = env("COOPT_SECRET_KEY", default="bench-only-not-secret-" + "x" * 40)
DATABASES = {"default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/bench")}
DATABASES["default"]["CONN_MAX_AGE"] = 60  # as in prod
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False

CELERY_BROKER_URL = env("COOPT_BROKER_URL", default="redis://127.0.0.1:6379/7")
CELERY_BROKER_TRANSPORT_OPTIONS = broker_transport_options(CELERY_BROKER_URL)

MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": "127.0.0.1",
            "port": env.int("COOPT_BENCH_SMTP_PORT", default=2525),
            "use_tls": False,
            "use_ssl": False,
            "timeout": 20,  # as in prod
        },
    }
}
ALLOWED_HOSTS.extend([".localhost", "127.0.0.1"])  # noqa: F405
