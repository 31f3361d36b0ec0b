"""Settings shared by every environment.

Values that differ between the embedded default and production come from the
environment (see README, "Production configuration").
"""

from pathlib import Path
from typing import Any

import environ
from celery.schedules import crontab

from config.hosts import TenantAllowedHosts

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

SECRET_KEY = env("COOPT_SECRET_KEY", default="dev-only-not-secret-" + "x" * 40)
DEBUG = env.bool("COOPT_DEBUG", default=False)

# Hosts are checked against the tenants' domains (see config/hosts.py); the
# static patterns below cover the platform's own subdomains.
COOPT_BASE_DOMAIN = env("COOPT_BASE_DOMAIN", default="localhost")
ALLOWED_HOSTS = TenantAllowedHosts(env.list("COOPT_ALLOWED_HOSTS", default=[]))

# The operator console (coopt.console) answers on this host name only, and no tenant does;
# every other host is a tenant's. Its pages carry the operator's brand, not a tenant's.
COOPT_OPERATOR_HOST = env("COOPT_OPERATOR_HOST", default=f"operator.{COOPT_BASE_DOMAIN}").lower()
COOPT_OPERATOR_BRAND = env("COOPT_OPERATOR_BRAND", default="Coopt")
ALLOWED_HOSTS.append(COOPT_OPERATOR_HOST)

# Scheme and port used to build absolute links in e-mails.
COOPT_URL_SCHEME = env("COOPT_URL_SCHEME", default="https")
COOPT_URL_PORT = env("COOPT_URL_PORT", default="")
# In development a bare "localhost" or IP address serves this tenant.
COOPT_FALLBACK_TENANT = env("COOPT_FALLBACK_TENANT", default="")

INSTALLED_APPS = [
    "coopt.tenants",
    "coopt.audit",
    "coopt.taxonomy",
    "coopt.accounts",
    "coopt.jobs",
    "coopt.clients",
    "coopt.sso",
    "coopt.referrals",
    "coopt.network",
    "coopt.notifications",
    "coopt.privacy",
    "coopt.rewards",
    "coopt.gamification",
    "coopt.diffusion",
    "coopt.integrations",
    "coopt.webhooks",
    "coopt.ats",
    "coopt.api",
    "coopt.backoffice",
    "coopt.console",
    "coopt.core",
    "coopt.demo",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_countries",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "coopt.lib.ratelimit.RetryAfterMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "coopt.tenants.middleware.TenantMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "coopt.accounts.middleware.MembershipMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "coopt.accounts.sessions.StaffSessionExpiryMiddleware",
    "coopt.accounts.middleware.StaffTwoFactorMiddleware",
    "coopt.sso.middleware.SsoFormActionMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coopt.tenants.context_processors.tenant",
                "coopt.accounts.context_processors.membership",
                "coopt.console.context_processors.operator",
            ],
        },
    },
]

DATABASES = {
    "default": env.db(
        "DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'coopt.sqlite3'}",
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: e-mail sign-in with a password or a one-time code; no open
# sign-up (members arrive by import or invitation).
# coopt.sso's adapter is the accounts app's, plus single sign-on's rules (docs/sso.md).
ACCOUNT_ADAPTER = "coopt.sso.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# A password change keeps the session that made it and ends every other one:
# Django checks each session's password hash (update_session_auth_hash).
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = COOPT_URL_SCHEME
# Rate limits (Y6), answered with 429 and Retry-After (coopt.lib.ratelimit): at most
# 5 failed sign-ins per account and 20 per IP address in 15 minutes (password or
# two-factor code); one-time code requests likewise.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "20/15m/ip,5/15m/key",
    "request_login_code": "20/15m/ip,5/15m/key",
    "reset_password": "20/15m/ip,5/15m/key",
    "reset_password_from_key": "20/15m/ip",
}
# Single sign-on (M2, docs/sso.md): each tenant's identity provider is served from its
# SsoSettings by this adapter; no SocialApp rows, no social sign-up, no stored tokens.
SOCIALACCOUNT_ADAPTER = "coopt.sso.adapter.SocialAccountAdapter"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_AUTO_SIGNUP = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "coopt.accounts.mfa_adapter.MFAAdapter"

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14  # members
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # forms and htmx take the token from the page
# Recruiters and admins: signed out after 30 minutes idle, 12 hours in all
# (coopt.accounts.sessions).
COOPT_STAFF_SESSION_IDLE = 30 * 60
COOPT_STAFF_SESSION_MAX = 12 * 60 * 60

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("fr", "Français"),
    ("en", "English"),
    ("de", "Deutsch"),
    ("it", "Italiano"),
    ("pl", "Polski"),
    ("nl", "Nederlands"),
    ("es", "Español"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env("COOPT_MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = None  # files are served only through views that check access
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads: CVs are checked by content; see coopt.referrals.uploads.
COOPT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024

# Requests to addresses someone typed (webhooks, job feeds, ATS APIs) go through the guard
# in coopt/lib/outbound.py: these ports only; loopback stays refused (tests allow it).
COOPT_OUTBOUND_PORTS = tuple(env.list("COOPT_OUTBOUND_PORTS", cast=int, default=[80, 443]))
COOPT_OUTBOUND_ALLOW_LOOPBACK = False
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# E-mail: every message goes through the outbox (coopt.notifications), which
# sends it with the "default" mailer. The embedded default writes files to
# var/mail/; production sends over SMTP (settings/prod.py).
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
    }
}
DEFAULT_FROM_EMAIL = env("COOPT_DEFAULT_FROM_EMAIL", default="no-reply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: a broker that needs no server by default, Redis in production.
CELERY_BROKER_URL = env(
    "COOPT_BROKER_URL", default=f"sqla+sqlite:///{VAR_DIR / 'celery-broker.sqlite3'}"
)
# At-least-once (docs/operations.md, "Reliability, backup and restore"): a task
# is acknowledged only once it has run, and a worker that dies mid-task hands it
# back; every task is idempotent, so a second run changes nothing.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
# No task may outlast this (the prefork pool kills it; it is then failed and
# acknowledged, not re-run in a loop). relay_outbox stops itself after ~9 minutes
# (coopt.notifications.delivery.RELAY_TIME_BUDGET); the daily purge works in
# batches and its next run completes one cut short.
CELERY_TASK_TIME_LIMIT = 30 * 60
COOPT_BROKER_VISIBILITY_TIMEOUT = 60 * 60  # > CELERY_TASK_TIME_LIMIT


def broker_transport_options(url: str) -> dict[str, object]:
    """Redis re-delivers an unacknowledged task after the visibility timeout:
    longer than the longest task, so a slow task is never run twice at once.

    The socket timeouts bound how long a request waits on a broker that hangs
    instead of refusing (a frozen server, a dropped network): without them a
    publish waits forever. The outbox's relay sends what could not be queued."""
    if url.startswith(("redis://", "rediss://")):
        return {
            "visibility_timeout": COOPT_BROKER_VISIBILITY_TIMEOUT,
            "socket_timeout": 5,
            "socket_connect_timeout": 5,
        }
    return {}


CELERY_BROKER_TRANSPORT_OPTIONS = broker_transport_options(CELERY_BROKER_URL)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker keeps reconnecting to a broker that is down, however long it takes
# (every 2, 4, 6… seconds, then every 30 s); Celery's default gives up after 100.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "relay-outbox": {"task": "coopt.notifications.tasks.relay_outbox", "schedule": 60.0},
    "relay-webhooks": {"task": "coopt.webhooks.tasks.relay_webhooks", "schedule": 60.0},
    "prune-webhook-deliveries": {
        "task": "coopt.webhooks.tasks.prune_webhook_deliveries",
        "schedule": crontab(hour=4, minute=7),
    },
    # Targeted sends (D2): release the waves whose delay is over, resume lost sends.
    "release-waves": {"task": "coopt.diffusion.tasks.release_waves", "schedule": 60.0},
    "resume-sends": {"task": "coopt.diffusion.tasks.resume_sends", "schedule": 60.0},
    # Digests (D3): weekly ones on Mondays, monthly ones on the 1st, at 07:00. The tasks are in
    # coopt/diffusion/digest/tasks.py, under the names they had in tasks_digest.py.
    "run-digests": {
        "task": "coopt.diffusion.tasks_digest.run_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    "resume-digests": {"task": "coopt.diffusion.tasks_digest.resume_digests", "schedule": 300.0},
    # Retention (Y2): every night, personal data past its period goes, including
    # referrals left unconfirmed.
    "purge-personal-data": {
        "task": "coopt.privacy.tasks.purge_personal_data",
        "schedule": crontab(hour=3, minute=17),
    },
    "send-due-reminders": {
        "task": "coopt.referrals.tasks.send_due_reminders",
        "schedule": 60.0 * 15,
    },
    # Contests (G3): winners are computed and announced shortly after a contest ends.
    "close-ended-contests": {
        "task": "coopt.gamification.tasks.close_ended_contests",
        "schedule": 60.0 * 10,
    },
    # Jobs (J1): a job closes by itself once its closing date has passed; hourly, so that
    # it closes shortly after midnight.
    "close-expired-jobs": {
        "task": "coopt.jobs.tasks.close_expired_jobs",
        "schedule": crontab(minute=2),
    },
    # Job feeds (J3): every five minutes, queue a run of each source whose schedule is due.
    "run-due-job-feeds": {
        "task": "coopt.integrations.tasks.run_due_feeds",
        "schedule": 60.0 * 5,
    },
    # API (X1): the answers kept for an Idempotency-Key are replayed for 24 hours only.
    "purge-idempotent-responses": {
        "task": "coopt.api.tasks.purge_idempotent_responses",
        "schedule": crontab(minute=17),
    },
    # Rewards (W2): every morning, pending rewards past their probation period become due.
    "make-rewards-due": {
        "task": "coopt.rewards.tasks.make_rewards_due",
        "schedule": crontab(hour=6, minute=5),
    },
    # ATS connectors (X3): jobs in, confirmed candidates out (retries), stages read back.
    "sync-ats": {"task": "coopt.ats.tasks.sync_all", "schedule": 60.0 * 15},
}

CACHES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Content-Security-Policy: every asset is served by the product itself.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "<CSP_NONCE_SENTINEL>"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Logs carry no e-mail address and no token (Y4): every record goes through the console
# handler, whose filter masks them (coopt.lib.logging). Django's own loggers, which its
# defaults send to handlers of their own, are routed there too.
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "coopt.lib.logging.MaskPersonalData"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["mask_personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": env("COOPT_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        "django.db.backends": {"level": "WARNING"},
    },
}
# Celery workers keep this configuration instead of installing unfiltered handlers.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
