"""The outbound guard: no request Coopt sends reaches inside the machine or its network.

Each refused form is tried with every socket connection recorded: none may be opened. Host
names are answered by a fake resolver (no DNS leaves the machine); numeric forms go to the
system's own resolver, which reads them locally as inet_aton does.
"""

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from coopt.lib import outbound

PUBLIC = "93.184.215.14"
NAMES = {
    "public.example": [PUBLIC],
    "localhost": ["127.0.0.1", "::1"],
    "metadata.google.internal": ["169.254.169.254"],
    "127.0.0.1.nip.io": ["127.0.0.1"],
    "localtest.me": ["127.0.0.1"],
    "mixed.example": [PUBLIC, "10.1.2.3"],
    "mapped.example": ["::ffff:127.0.0.1"],
    "internal.corp.example": ["192.168.10.4"],
}


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every address a socket tried to connect to; none is actually opened."""
    tried: list[Any] = []

    def refuse(sock: socket.socket, address: Any) -> None:
        tried.append(address)
        raise ConnectionRefusedError("the test opens no socket")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    return tried


@pytest.fixture(autouse=True)
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    system = outbound.resolve

    def answer(host: str, port: int) -> list[str]:
        if host in NAMES:
            return NAMES[host]
        if any(character.isalpha() for character in host.replace("0x", "")) and ":" not in host:
            raise socket.gaierror(socket.EAI_NONAME, "unknown in the test")
        return system(host, port)

    monkeypatch.setattr(outbound, "resolve", answer)


BYPASSES = [
    "http://127.0.0.1/",
    "http://localhost/",
    "http://127.1/",
    "http://0/",
    "http://0.0.0.0/",
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0x7f.0.0.1/",
    "http://0177.0.0.1/",
    "http://017700000001/",
    "http://127.000.000.001/",
    "http://[::1]/",
    "http://[::]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[0:0:0:0:0:ffff:127.0.0.1]/",
    "http://[::127.0.0.1]/",
    "http://[64:ff9b::7f00:1]/",
    "http://[2002:7f00:1::]/",
    "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",
    "http://10.0.0.1/",
    "http://172.16.0.1/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::ffff:a9fe:a9fe]/",
    "http://[fd00:ec2::254]/",
    "http://100.100.100.200/",
    "http://192.0.0.192/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://224.0.0.1/",
    "http://239.255.255.250/",
    "http://255.255.255.255/",
    "http://[ff02::1]/",
    "http://[fe80::1]/",
    "http://[fe80::1%25eth0]/",
    "http://[fc00::1]/",
    "http://240.0.0.1/",
    "http://127.0.0.1.nip.io/",
    "http://localtest.me/",
    "http://mapped.example/",
    "http://mixed.example/",
    "http://internal.corp.example/",
    "http://public.example@127.0.0.1/",
    "http://user:secret@public.example/",
    "http://public.example:22/",
    "https://public.example:8443/",
    "http://public.example:0/",
    "ftp://public.example/",
    "file:///etc/passwd",
    "gopher://public.example:70/_",
    "dict://public.example:11211/",
    "http:///path-only",
    "http://[::1",
]


@pytest.mark.parametrize("url", BYPASSES)
def test_a_refused_address_opens_no_socket(url: str, connections: list[Any]) -> None:
    with pytest.raises(outbound.Refused):
        outbound.fetch(url)
    assert connections == []


def test_more_than_thirty_forms_are_tried() -> None:
    assert len(BYPASSES) >= 30


def test_a_public_address_is_connected_to_the_checked_address(
    connections: list[Any],
) -> None:
    with pytest.raises(outbound.OutboundError) as raised:
        outbound.fetch("https://public.example/hook")
    assert not isinstance(raised.value, outbound.Refused)
    assert connections == [(PUBLIC, 443)]


def test_a_dns_answer_that_changes_after_the_check_is_not_followed(
    monkeypatch: pytest.MonkeyPatch, connections: list[Any]
) -> None:
    answers = iter([[PUBLIC], ["127.0.0.1"], ["127.0.0.1"]])
    monkeypatch.setattr(outbound, "resolve", lambda host, port: next(answers))
    monkeypatch.setattr(
        socket, "getaddrinfo", lambda *args, **kwargs: pytest.fail("resolved a second time")
    )

    with pytest.raises(outbound.OutboundError):
        outbound.fetch("http://rebinding.example/")

    assert connections == [(PUBLIC, 80)]


def test_a_host_that_does_not_resolve_is_an_error_not_a_request(connections: list[Any]) -> None:
    with pytest.raises(outbound.OutboundError):
        outbound.fetch("http://nowhere.example/")
    assert connections == []


# A real local server: loopback is allowed only through the tests' explicit setting.


class Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self._answer()

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        self.server.received.append(self.rfile.read(length))  # type: ignore[attr-defined]
        self._answer()

    def _answer(self) -> None:
        status, headers, body = self.routes.get(self.path, (404, {}, b"missing"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def server(settings: Any) -> Iterator[ThreadingHTTPServer]:
    settings.COOPT_OUTBOUND_ALLOW_LOOPBACK = True
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.received = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def local(server: ThreadingHTTPServer, path: str) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}{path}"


def test_loopback_is_refused_unless_the_setting_allows_it(
    server: ThreadingHTTPServer, settings: Any
) -> None:
    Handler.routes = {"/ok": (200, {}, b"fine")}
    assert outbound.fetch(local(server, "/ok")).body == b"fine"

    settings.COOPT_OUTBOUND_ALLOW_LOOPBACK = False
    with pytest.raises(outbound.Refused):
        outbound.fetch(local(server, "/ok"))


def test_the_setting_allows_loopback_only(server: ThreadingHTTPServer, connections: Any) -> None:
    with pytest.raises(outbound.Refused):
        outbound.fetch("http://10.0.0.1:8080/")
    assert connections == []


def test_a_post_sends_its_body_and_headers_and_reads_the_answer(
    server: ThreadingHTTPServer,
) -> None:
    Handler.routes = {"/hook": (202, {"X-Answer": "yes"}, b"{}")}

    response = outbound.fetch(
        local(server, "/hook"),
        method="POST",
        body=b'{"type":"job.published"}',
        headers={"Content-Type": "application/json"},
    )

    assert response.status == 202
    assert response.headers["x-answer"] == "yes"
    assert server.received == [b'{"type":"job.published"}']  # type: ignore[attr-defined]


def test_a_redirect_to_a_refused_address_is_not_followed(
    server: ThreadingHTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    Handler.routes = {
        "/go": (302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b""),
        "/go-mapped": (307, {"Location": "http://[::ffff:10.0.0.1]/"}, b""),
    }
    tried: list[Any] = []
    real_connect = socket.socket.connect

    def record(sock: socket.socket, address: Any) -> None:
        tried.append(address)
        real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", record)

    for path in ("/go", "/go-mapped"):
        with pytest.raises(outbound.Refused):
            outbound.fetch(local(server, path))

    assert {address[0] for address in tried} == {"127.0.0.1"}


def test_an_allowed_redirect_is_followed_and_counted(server: ThreadingHTTPServer) -> None:
    Handler.routes = {
        "/old": (301, {"Location": "/new"}, b""),
        "/new": (200, {}, b"moved"),
        "/loop": (302, {"Location": "/loop"}, b""),
    }

    response = outbound.fetch(local(server, "/old"))

    assert (response.status, response.body) == (200, b"moved")
    assert response.url.endswith("/new")
    with pytest.raises(outbound.Refused):
        outbound.fetch(local(server, "/loop"))


def test_an_answer_over_the_limit_stops_reading(server: ThreadingHTTPServer) -> None:
    Handler.routes = {"/big": (200, {}, b"x" * 5000)}

    with pytest.raises(outbound.TooLarge):
        outbound.fetch(local(server, "/big"), max_bytes=1000)
    assert len(outbound.fetch(local(server, "/big"), max_bytes=5000).body) == 5000
