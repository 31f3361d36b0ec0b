"""A real receiver: an HTTP server in a thread on this machine, reached through the outbound
guard (``COOPT_OUTBOUND_ALLOW_LOOPBACK``), that answers each request with the next status of
its script and keeps what it received."""

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pytest_django import Settings

from coopt.audit.actors import Actor
from coopt.webhooks.models import Event, WebhookEndpoint
from coopt.webhooks.services import webhook_endpoint_create

from ..conftest import World


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    server: ThreadingHTTPServer
    statuses: list[int] = field(default_factory=list)  # answers to come, then 200
    received: list[Received] = field(default_factory=list)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/hooks"

    def answer(self) -> int:
        return self.statuses.pop(0) if self.statuses else 200

    def stop(self) -> None:
        """Shut down: the port refuses connections from now on."""
        self.server.shutdown()
        self.server.server_close()


def _handler(receiver: "Receiver") -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            body = self.rfile.read(length)
            headers = {name.lower(): value for name, value in self.headers.items()}
            receiver.received.append(Received(path=self.path, headers=headers, body=body))
            status = receiver.answer()
            self.send_response(status)
            self.send_header("content-length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            return

    return Handler


@pytest.fixture
def loopback(settings: Settings) -> None:
    settings.COOPT_OUTBOUND_ALLOW_LOOPBACK = True


@pytest.fixture
def receiver(loopback: None) -> Iterator[Receiver]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    found = Receiver(server=server)
    server.RequestHandlerClass = _handler(found)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield found
    if thread.is_alive():
        found.stop()


@pytest.fixture
def closed_url(loopback: None) -> str:
    """A local port nothing listens on: the connection is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/hooks"


def make_endpoint(world: World, url: str, events: list[str] | None = None) -> WebhookEndpoint:
    return webhook_endpoint_create(
        tenant=world.acme,
        url=url,
        description="Our ATS",
        events=events if events is not None else list(Event.values),
        actor=Actor.member(world.admin),
    )
