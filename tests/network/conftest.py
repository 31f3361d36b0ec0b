"""The network tenant of the client-company tests (N2), for the network's own tests."""

from ..clients.conftest import NETWORK_HOST, Network, network

__all__ = ["NETWORK_HOST", "Network", "network"]
