"""A real SMTP server for tests (aiosmtpd), and helpers to read what it received."""

import email
import email.policy
import logging
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

HOST = "127.0.0.1"

# aiosmtpd logs every SMTP command at INFO: only its warnings are worth reading.
logging.getLogger("mail.log").setLevel(logging.WARNING)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.raw, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class SMTPSink:
    """Collects every message.

    While ``reply`` is set (e.g. a 451) it answers that to DATA; while
    ``refuse_recipient`` is set, it answers that to every RCPT TO.
    """

    host: str = HOST
    port: int = 0
    reply: str | None = None
    refuse_recipient: str | None = None
    received: list[Received] = field(default_factory=list)
    refused: list[Received] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(  # noqa: N802
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if self.refuse_recipient is not None:
            return self.refuse_recipient
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        item = Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
        with self._lock:
            if self.reply is not None:
                self.refused.append(item)
                return self.reply
            self.received.append(item)
        return "250 Message accepted for delivery"

    def mailers(self, timeout: int = 10) -> dict[str, Any]:
        """A MAILERS setting that sends to this server over SMTP."""
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": self.host, "port": self.port, "timeout": timeout},
            }
        }

    def messages(self) -> list[EmailMessage]:
        with self._lock:
            return [item.message for item in self.received]

    def wait_for(self, count: int, timeout: float = 30.0) -> list[EmailMessage]:
        """Wait until at least ``count`` messages arrived; return them all."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.received) >= count:
                    break
            time.sleep(0.05)
        return self.messages()


@contextmanager
def smtp_server(reply: str | None = None) -> Iterator[SMTPSink]:
    sink = SMTPSink(reply=reply)
    for _attempt in range(5):  # the free port may be taken between the probe and the bind
        sink.port = free_port()
        controller = Controller(sink, hostname=HOST, port=sink.port, ready_timeout=10)
        try:
            controller.start()
        except OSError:
            continue
        break
    else:
        raise RuntimeError("No free port for the test SMTP server")
    try:
        yield sink
    finally:
        controller.stop()


def closed_port_mailers() -> dict[str, Any]:
    """A MAILERS setting pointing at a port where nothing listens: every send fails."""
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": HOST, "port": free_port(), "timeout": 5},
        }
    }


def text_and_html(message: EmailMessage) -> tuple[str, str]:
    """The text/plain and text/html parts of a multipart/alternative message."""
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert plain is not None and html is not None, "expected a text and an HTML part"
    return str(plain.get_content()), str(html.get_content())
