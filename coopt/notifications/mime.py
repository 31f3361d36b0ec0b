"""An outbox message as MIME, built with the standard library's compat32 API.

Django's ``EmailMessage.message()`` builds on the modern ``email`` API, whose header
registry parses and refolds every header: for the product's messages (a text body, an
HTML alternative, a dozen plain headers) that is four times the CPU of the compat32 API,
and most of a bulk send's cost (docs/performance.md). ``OutboxEmail`` keeps Django's
message for everything else (backends, ``mail.outbox`` in tests) and builds the MIME
itself only when the message is that simple and every address and header is plain
ASCII on one line; anything else (an internationalised address, an attachment, a line
break in a header) goes through Django's own builder, with its checks.
"""

import email.policy
from email.charset import QP, Charset
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr, formatdate, parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

# Bodies in quoted-printable, as Django's builder writes French text with long lines (and
# spam filters frown on text parts in base64); headers in the shorter encoded-word form.
UTF8 = Charset("utf-8")
UTF8.body_encoding = QP
LONGEST_LINE = 998  # RFC 5322, 2.1.1


class OutboxPolicy(email.policy.Compat32):
    """compat32, except that a plain ASCII header is written on one line as it is (a
    List-Unsubscribe URL has no space to fold at; the modern API does the same), while
    encoded words (a subject in French) are folded at 78 as usual."""

    def fold(self, name: str, value: Any) -> str:
        if _fits(name, value):
            return f"{name}: {value}{self.linesep}"
        return str(super().fold(name, value))

    def fold_binary(self, name: str, value: Any) -> bytes:
        if _fits(name, value):
            return f"{name}: {value}{self.linesep}".encode("ascii")
        return bytes(super().fold_binary(name, value))


class OutboxEmail(EmailMultiAlternatives):
    """A message of the outbox; ``message()`` takes the cheap path when it can."""

    def message(self, *, policy: Any = email.policy.default) -> Any:
        if not self._simple():
            return super().message(policy=policy)
        return self._compat32_message(OutboxPolicy(linesep=policy.linesep))

    def _simple(self) -> bool:
        # The sender's name may be in any language; every address must be ASCII.
        sender_address = parseaddr(self.from_email)[1]
        headers = [*self.extra_headers, *map(str, self.extra_headers.values())]
        alternatives = self.alternatives
        return (
            not (self.cc or self.bcc or self.reply_to or self.attachments)
            and len(self.to) == 1
            and bool(sender_address)
            and all(_plain(value) for value in [sender_address, *self.to, *headers])
            and _one_line(self.from_email)
            and _one_line(str(self.subject))
            and all(mimetype == "text/html" for _content, mimetype in alternatives)
            and len(alternatives) <= 1
            and not {"from", "to", "subject"} & {name.lower() for name in self.extra_headers}
        )

    def _compat32_message(self, policy: Any) -> Message:
        text = _text_part(str(self.body), "plain", policy)
        if self.alternatives:
            msg: Message = MIMEMultipart("alternative", policy=policy)
            msg.attach(text)
            msg.attach(_text_part(str(self.alternatives[0][0]), "html", policy))
        else:
            msg = text
        subject = str(self.subject)
        encoded: Any = Header(subject, UTF8, header_name="Subject")
        msg["Subject"] = subject if subject.isascii() else encoded
        msg["From"] = _address(self.from_email)
        msg["To"] = self.to[0]
        if "date" not in {name.lower() for name in self.extra_headers}:
            msg["Date"] = formatdate(localtime=settings.EMAIL_USE_LOCALTIME)
        for name, value in self.extra_headers.items():
            msg[name] = str(value)
        return msg


def _text_part(text: str, subtype: str, policy: Any) -> MIMEText:
    charset: Any = UTF8  # the documentation accepts a Charset; typeshed only a str
    return MIMEText(_canonical(text), subtype, charset, policy=policy)


def _canonical(text: str) -> str:
    """Text in MIME's canonical form (RFC 2045): CRLF line ends, the last one included,
    as Django's builder writes it."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    return (lines if lines.endswith("\n") else lines + "\n").replace("\n", "\r\n")


def _fits(name: str, value: Any) -> bool:
    return isinstance(value, str) and _plain(value) and len(name) + 2 + len(value) <= LONGEST_LINE


def _one_line(value: str) -> bool:
    return "\n" not in value and "\r" not in value


def _plain(value: str) -> bool:
    """ASCII without line breaks: written as it is, no encoding needed."""
    return value.isascii() and _one_line(value)


def _address(value: str) -> str:
    """``Name <address>``, the name encoded when it is not ASCII."""
    name, address = parseaddr(value)
    return formataddr((name, address), charset=UTF8) if name else address
