"""A real HTTP server on the loopback, in a thread, serving what each test puts in ``routes``;
the outbound guard lets tests reach it (``COOPT_OUTBOUND_ALLOW_LOOPBACK``)."""

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


class FeedHandler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, bytes]] = {}

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        status, body = self.routes.get(self.path, (404, b"not here"))
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        return


class FeedServer:
    def __init__(self, httpd: ThreadingHTTPServer) -> None:
        self.httpd = httpd

    def serve(self, path: str, body: bytes, status: int = 200) -> str:
        """Answer ``body`` at ``path`` from now on; the URL to fetch it."""
        FeedHandler.routes[path] = (status, body)
        return self.url(path)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"


@pytest.fixture
def feed_server(settings: Any) -> Iterator[FeedServer]:
    settings.COOPT_OUTBOUND_ALLOW_LOOPBACK = True
    FeedHandler.routes = {}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield FeedServer(httpd)
    httpd.shutdown()
    httpd.server_close()
