from collections.abc import Iterator

import pytest

from coopt.notifications.models import OutboundEmail
from coopt.notifications.services import email_queue_text

from ..integration.smtp import SMTPSink, smtp_server


@pytest.fixture
def smtp(settings) -> Iterator[SMTPSink]:  # type: ignore[no-untyped-def]
    """A real SMTP server; the outbox sends to it."""
    with smtp_server() as sink:
        settings.MAILERS = sink.mailers()
        yield sink


@pytest.fixture
def queue(world):  # type: ignore[no-untyped-def]
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
