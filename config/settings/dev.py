"""Embedded default: SQLite, local files, a broker that needs no server."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("COOPT_DEBUG", default=True)
COOPT_URL_SCHEME = env("COOPT_URL_SCHEME", default="http")
COOPT_URL_PORT = env("COOPT_URL_PORT", default="8000")
ACCOUNT_DEFAULT_HTTP_PROTOCOL = COOPT_URL_SCHEME
COOPT_FALLBACK_TENANT = env("COOPT_FALLBACK_TENANT", default="acme")
ALLOWED_HOSTS.extend([".localhost", "127.0.0.1", "[::1]"])  # noqa: F405

# The embedded default keeps its database, broker, files and mail under var/.
for folder in (VAR_DIR, VAR_DIR / "mail", VAR_DIR / "media"):  # noqa: F405
    folder.mkdir(parents=True, exist_ok=True)
