"""A ``requests`` session whose every request goes through the outbound guard.

For libraries that fetch with ``requests`` (allauth's OpenID Connect discovery, token and
keys requests): mounted for http and https, it hands each request to
``coopt.lib.outbound.fetch`` and lets ``requests`` follow redirects, so every hop is checked
again. No proxy or certificate bundle is taken from the environment.
"""

from typing import Any

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers

from . import outbound

DEFAULT_TIMEOUT = 10.0
MAX_ANSWER_BYTES = 2_000_000


class GuardedAdapter(BaseAdapter):
    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: Any = True,
        cert: Any = None,
        proxies: Any = None,
    ) -> requests.Response:
        body = _bytes(request.body)
        headers = {name: value if isinstance(value, str) else value.decode("latin-1")
                   for name, value in request.headers.items()}  # fmt: skip
        try:
            answer = outbound.fetch(
                str(request.url),
                method=str(request.method or "GET"),
                body=body,
                headers=headers,
                timeout=_seconds(timeout),
                max_bytes=MAX_ANSWER_BYTES,
                follow_redirects=False,
            )
        except outbound.OutboundError as error:
            raise requests.ConnectionError(str(error), request=request) from error
        response = requests.Response()
        response.status_code = answer.status
        response.headers = CaseInsensitiveDict(answer.headers)
        response._content = answer.body
        response.encoding = get_encoding_from_headers(response.headers)
        response.url = answer.url
        response.request = request
        response.reason = ""
        return response

    def close(self) -> None:
        pass


def _bytes(body: Any) -> bytes | None:
    """The prepared body: requests gives text, bytes or nothing for the forms allauth posts."""
    if body is None or isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode()
    raise requests.RequestException("a streamed body cannot go through the outbound guard")


def _seconds(timeout: Any) -> float:
    """requests' timeout: a number, a (connect, read) pair, or None."""
    if isinstance(timeout, tuple):
        timeout = max((part for part in timeout if part is not None), default=None)
    return float(timeout) if timeout is not None else DEFAULT_TIMEOUT


def guarded_session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    adapter = GuardedAdapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
