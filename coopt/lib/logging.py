"""Keep personal data and secrets out of application logs (Y4).

``MaskPersonalData`` is a logging filter put on every handler that writes logs
(config/settings/base.py LOGGING). It rewrites each record before it is written:

- e-mail addresses (also URL-encoded, ``jane%40example.org``) become ``[e-mail]``;
- the secret segment of link paths (``/c/<token>/``, ``/privacy/<token>/``,
  ``/invitation/<token>/``, ``/s/<token>/``, allauth's password-reset key) becomes ``…``,
  and so do the values of query parameters that carry a token or an address;
- any other long random-looking string (24+ letters, digits, ``-`` or ``_`` with a digit in
  it, or mixed case that is no CamelCase word) becomes ``[token]``. UUIDs are kept: Celery
  task ids are not secrets and tie log lines together.

It formats the message with its arguments first, so a value passed as an argument
(``logger.info("Not Found: %s", path)``, Django's request and server logs) is masked
too, and it masks the text of a logged exception's traceback.

``GunicornLogger`` applies the same filter to gunicorn's access and error logs
(``gunicorn --logger-class coopt.lib.logging.GunicornLogger``): the access log
writes every request line and referrer, tokens included.
"""

import logging
import re
import traceback
from typing import Any

import pythonjsonlogger.json

MASK = "…"
EMAIL_MASK = "[e-mail]"
TOKEN_MASK = "[token]"  # noqa: S105 - the replacement text, not a secret

EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+^_`{|}~.-]+(?:@|%40|%2540)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
# Path prefixes whose next segment is a secret (consent, self-service, invitation,
# share links; allauth's password reset). Matched anywhere in the text: full URLs,
# request lines and bare paths alike.
TOKEN_PATH_PREFIXES = (
    "c",
    "privacy",
    "invitation",
    "s",
    "accounts/password/reset/key",
)
TOKEN_PATH = re.compile(
    r"(/(?:" + "|".join(re.escape(p) for p in TOKEN_PATH_PREFIXES) + r")/)[^/\s?#\"'<>]+"
)
SECRET_QUERY = re.compile(
    r"([?&;](?:ref|token|key|code|sig|signature|email|e-mail|login|password)=)[^&\s#\"'<>]+",
    re.IGNORECASE,
)
TOKEN_CHARS = r"A-Za-z0-9_\-"  # noqa: S105 - a character class
LONG_TOKEN = re.compile(rf"(?<![{TOKEN_CHARS}])[{TOKEN_CHARS}]{{24,}}(?![{TOKEN_CHARS}])")
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# Identifiers that are long but not secret: snake_case, kebab-case, CONSTANTS, CamelCase.
WORDS = re.compile(r"[a-z_\-]+|[A-Z_\-]+|(?:[A-Z]?[a-z]+)(?:[A-Z][a-z]+)*[_\-]?")


def _mask_token(match: re.Match[str]) -> str:
    text = match.group(0)
    if UUID.fullmatch(text):
        return text
    if not any(ch.isdigit() for ch in text) and WORDS.fullmatch(text):
        return text
    return TOKEN_MASK


def mask(text: str) -> str:
    """``text`` with e-mail addresses, link tokens and long secrets replaced."""
    if not text:
        return text
    text = EMAIL.sub(EMAIL_MASK, text)
    text = TOKEN_PATH.sub(lambda m: m.group(1) + MASK, text)
    text = SECRET_QUERY.sub(lambda m: m.group(1) + MASK, text)
    return LONG_TOKEN.sub(_mask_token, text)


class MaskPersonalData(logging.Filter):
    """Rewrites each record's message (arguments included) and traceback; never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_coopt_masked", False):  # a record goes through several handlers
            return True
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken call is logging's to report, not ours
            return True
        record.msg = mask(message)
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        # Formatters write exc_text; a JSON formatter would format exc_info afresh, unmasked.
        record.exc_info = None
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        record._coopt_masked = True
        return True


class JsonFormatter(pythonjsonlogger.json.JsonFormatter):
    """One JSON object a line (production logs), from python-json-logger.

    Only the fields named in ``fmt`` (renamed by ``rename_fields``) and the traceback are
    written: a record's extra attributes are left out, as the masking filter does not see
    them (Django's request log passes the request itself, whose repr holds the path).
    """

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        super().add_fields(log_data, record, message_dict)
        kept = {self.rename_fields.get(field, field) for field in self._required_fields}
        kept.update(message_dict)
        for key in [key for key in log_data if key not in kept]:
            del log_data[key]


try:
    from gunicorn.glogging import Logger as _GunicornBaseLogger
except ImportError:  # pragma: no cover - gunicorn is a production dependency
    _GunicornBaseLogger = None


if _GunicornBaseLogger is not None:

    class GunicornLogger(_GunicornBaseLogger):
        """Gunicorn's logger with the request lines and referrers of its logs masked."""

        def setup(self, cfg: Any) -> None:
            super().setup(cfg)
            for log in (self.error_log, self.access_log):
                if not any(isinstance(f, MaskPersonalData) for f in log.filters):
                    log.addFilter(MaskPersonalData())
