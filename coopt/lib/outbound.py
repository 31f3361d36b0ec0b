"""Every request Coopt sends to an address someone typed: webhooks, job feeds, ATS APIs.

``fetch`` refuses what could reach inside the machine or its network (SSRF): only http and
https, only the ports in ``COOPT_OUTBOUND_PORTS`` (80 and 443 by default); the host name is
resolved once, every address it resolves to is checked, and the connection goes to the
checked address (the answer is pinned, so a DNS answer that changes between the check and the
connection cannot redirect it); redirects are followed by hand, each hop checked again.
Refused: loopback, private, link-local, carrier-grade NAT, multicast, reserved and
unspecified addresses, IPv4-mapped and other IPv6 forms of them, and cloud metadata
addresses. ``COOPT_OUTBOUND_ALLOW_LOOPBACK`` lets tests reach their own local servers
(loopback only, any port); it is never set in production.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field


class OutboundError(Exception):
    """The request could not be made or did not complete (timeout, connection, TLS)."""


class Refused(OutboundError):
    """The address, scheme, port or a redirect is not allowed; nothing was sent."""


class TooLarge(OutboundError):
    """The answer is larger than the limit the caller set; reading stopped there."""


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    url: str  # the URL that answered, after redirects
    headers: Mapping[str, str] = field(default_factory=dict)  # names in lower case


def fetch(
    url: str,
    *,
    method: str = "GET",
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 10.0,
    max_bytes: int = 5_000_000,
    max_redirects: int = 3,
) -> Response:
    """Send one request through the guard and read the answer, at most ``max_bytes``."""
    raise NotImplementedError  # the guard is being written
