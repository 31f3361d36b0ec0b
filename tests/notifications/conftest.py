from collections.abc import Iterator
from typing import Protocol

import pytest
from pytest_django import Settings

from coopt.notifications.models import OutboundEmail
from coopt.notifications.services import email_queue_text

from ..conftest import World
from ..integration.smtp import SMTPSink, smtp_server


class Queue(Protocol):
    def __call__(self, to: str = ..., subject: str = ...) -> OutboundEmail: ...


@pytest.fixture
def smtp(settings: Settings) -> Iterator[SMTPSink]:
    """A real SMTP server; the outbox sends to it."""
    with smtp_server() as sink:
        settings.MAILERS = sink.mailers()
        yield sink


@pytest.fixture
def queue(world: World) -> Queue:
    """Write one message to the outbox, as a service does; nothing is sent yet."""

    def make(to: str = "jane@example.org", subject: str = "Hello") -> OutboundEmail:
        return email_queue_text(
            tenant=world.acme,
            to=to,
            subject=subject,
            text="Hello Jane,\nsee you soon.",
            html=None,
            language="en",
            template="test",
        )

    return make
