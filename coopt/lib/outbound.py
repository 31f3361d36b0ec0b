"""Every request Coopt sends to an address someone typed: webhooks, job feeds, ATS APIs.

``fetch`` refuses what could reach inside the machine or its network (SSRF): only http and
https, only the ports in ``COOPT_OUTBOUND_PORTS`` (80 and 443 by default), no credentials in
the URL, no numeric host written other than as four plain decimal numbers; the host name is
resolved once, every address it resolves to is checked, and the connection goes to the
checked address (the answer is pinned, so a DNS answer that changes between the check and the
connection cannot move it); redirects are followed by hand, each hop checked again.
Refused: loopback, private, link-local, carrier-grade NAT, multicast, reserved and
unspecified addresses, the IPv6 forms that carry one of them (IPv4-mapped, IPv4-compatible,
NAT64, 6to4, Teredo), and cloud metadata addresses. No proxy from the environment is used.

``COOPT_OUTBOUND_ALLOW_LOOPBACK`` lets tests reach their own local servers (loopback only, on
any port); it is never set in production.
"""

import http.client
import ipaddress
import re
import socket
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.conf import settings

type IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

REDIRECTS = {301, 302, 303, 307, 308}
DEFAULT_PORTS = {"http": 80, "https": 443}
# Cloud providers' instance metadata services, refused by name as well as by range.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(address)
    for address in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean
        "169.254.170.2",  # AWS ECS task metadata
        "fd00:ec2::254",  # AWS over IPv6
        "100.100.100.200",  # Alibaba Cloud
        "192.0.0.192",  # Oracle Cloud
    )
)
NAT64 = ipaddress.ip_network("64:ff9b::/96")
NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
# A host made only of numbers (decimal, octal or hex) in one to four parts: an IP address
# in one of the forms inet_aton accepts. Only the plain dotted-decimal form is allowed.
NUMERIC_HOST = re.compile(r"(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+)){0,3}\.?")
DOTTED_DECIMAL = re.compile(r"(0|[1-9][0-9]{0,2})(\.(0|[1-9][0-9]{0,2})){3}")


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


@dataclass(frozen=True)
class Target:
    """A URL that passed the checks, with the address the connection must go to."""

    scheme: str
    host: str
    port: int
    address: str
    path: str


def resolve(host: str, port: int) -> list[str]:
    """Every address the host name resolves to (tests replace this to play DNS tricks)."""
    answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(answer[4][0]) for answer in answers]


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
    current = url
    for _hop in range(max_redirects + 1):
        target = check_url(current)
        response = _send(target, method, body, headers or {}, timeout, max_bytes, current)
        location = response.headers.get("location")
        if response.status not in REDIRECTS or not location:
            return response
        current = urljoin(current, location)
        if response.status == 303 or (response.status in (301, 302) and method == "POST"):
            method, body = "GET", None
    raise Refused(f"more than {max_redirects} redirects")


def check_url(url: str) -> Target:
    """The URL's target if every rule allows it; Refused otherwise. Sends nothing."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise Refused(f"not a valid URL: {error}") from error
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise Refused("only http and https addresses are allowed")
    if parts.username is not None or parts.password is not None:
        raise Refused("credentials in the address are not allowed")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise Refused("the address has no host")
    if NUMERIC_HOST.fullmatch(host) and not DOTTED_DECIMAL.fullmatch(host):
        raise Refused("a numeric host must be written as four decimal numbers")
    if "%" in host:
        raise Refused("an IPv6 zone in the address is not allowed")
    port = DEFAULT_PORTS[scheme] if port is None else port
    try:
        addresses = resolve(host, port)
    except (OSError, UnicodeError) as error:
        raise OutboundError(f"the host name does not resolve: {error}") from error
    if not addresses:
        raise OutboundError("the host name does not resolve")
    for address in addresses:
        check_address(address, port)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(scheme=scheme, host=host, port=port, address=addresses[0], path=path)


def check_address(address: str, port: int) -> None:
    """Refused unless ``address`` (as resolved) may be connected to on ``port``."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError as error:
        raise Refused(f"not an IP address: {address}") from error
    if ip.is_loopback and getattr(settings, "COOPT_OUTBOUND_ALLOW_LOOPBACK", False):
        return
    for embedded in _addresses_within(ip):
        if _is_refused(embedded):
            raise Refused(f"the address {address} is not public")
    if port not in getattr(settings, "COOPT_OUTBOUND_PORTS", (80, 443)):
        raise Refused(f"port {port} is not allowed")


def _addresses_within(ip: IPAddress) -> list[IPAddress]:
    """The address itself and every IPv4 address an IPv6 form carries."""
    found: list[IPAddress] = [ip]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            found.append(ip.ipv4_mapped)
        if ip.sixtofour:
            found.append(ip.sixtofour)
        if ip.teredo:
            found.extend(ip.teredo)
        if ip in NAT64 or ip in NAT64_LOCAL or int(ip) >> 32 == 0:
            # NAT64 and the deprecated IPv4-compatible form (::a.b.c.d) end with an IPv4.
            found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


def _is_refused(ip: IPAddress) -> bool:
    return (
        ip in METADATA_ADDRESSES
        or not ip.is_global
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or (isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local)
    )


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to the checked address, whatever the host name resolves to now."""

    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self.pinned_address = target.address

    def connect(self) -> None:
        self.sock = _open(self.pinned_address, self.port, self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As above, over TLS: the certificate is checked against the host name (SNI too)."""

    def __init__(self, target: Target, timeout: float) -> None:
        self.tls = ssl.create_default_context()
        super().__init__(target.host, target.port, timeout=timeout, context=self.tls)
        self.pinned_address = target.address

    def connect(self) -> None:
        sock = _open(self.pinned_address, self.port, self.timeout)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


def _open(address: str, port: int, timeout: float | None) -> socket.socket:
    """A socket connected to the address itself: no name is looked up again."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.connect((address, port))
    except OSError:
        sock.close()
        raise
    return sock


def _send(
    target: Target,
    method: str,
    body: bytes | None,
    headers: Mapping[str, str],
    timeout: float,
    max_bytes: int,
    url: str,
) -> Response:
    connection: http.client.HTTPConnection
    if target.scheme == "https":
        connection = _PinnedHTTPSConnection(target, timeout)
    else:
        connection = _PinnedHTTPConnection(target, timeout)
    try:
        connection.request(method, target.path, body=body, headers=dict(headers))
        answer = connection.getresponse()
        answer_headers = {name.lower(): value for name, value in answer.getheaders()}
        declared = answer_headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise TooLarge(f"the answer is larger than {max_bytes} bytes")
        content = answer.read(max_bytes + 1)
        if len(content) > max_bytes:
            raise TooLarge(f"the answer is larger than {max_bytes} bytes")
        return Response(status=answer.status, body=content, url=url, headers=answer_headers)
    except (OSError, http.client.HTTPException) as error:
        raise OutboundError(str(error) or type(error).__name__) from error
    finally:
        connection.close()
