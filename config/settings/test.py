"""Test settings: the suite runs on SQLite by default, on PostgreSQL and Redis
when DATABASE_URL and COOPT_BROKER_URL say so (see .ci/run)."""

import os
import tempfile

from .base import *  # noqa: F403
from .base import env

_tmp = tempfile.mkdtemp(prefix="coopt-test-")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    if not env("DATABASE_URL", default=""):  # a worker started by a test gets the test's file
        DATABASES["default"]["NAME"] = os.path.join(_tmp, "test.sqlite3")  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(_tmp, "test-db.sqlite3")}  # noqa: F405
DEBUG = False
COOPT_URL_SCHEME = "http"
COOPT_FALLBACK_TENANT = ""
ALLOWED_HOSTS.extend([".localhost", "testserver", "127.0.0.1"])  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
if env("COOPT_TEST_SMTP_PORT", default=""):  # a real worker sends to its test's SMTP server
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": "127.0.0.1",
                "port": env.int("COOPT_TEST_SMTP_PORT"),
                "timeout": 10,
            },
        }
    }
MEDIA_ROOT = os.path.join(_tmp, "media")
CELERY_BROKER_URL = env("COOPT_BROKER_URL", default="memory://")
CELERY_BROKER_TRANSPORT_OPTIONS = broker_transport_options(CELERY_BROKER_URL)  # noqa: F405
CELERY_TASK_ALWAYS_EAGER = env.bool("COOPT_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
