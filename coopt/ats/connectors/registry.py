"""The connectors, by key. A new connector is one module in this package and one line here."""

from typing import TYPE_CHECKING

from .base import AtsConnector
from .greenhouse import GreenhouseConnector

if TYPE_CHECKING:
    from ..models import AtsConnection

CONNECTORS: dict[str, type[AtsConnector]] = {
    GreenhouseConnector.key: GreenhouseConnector,
}


def connector_choices() -> list[tuple[str, str]]:
    return [(key, cls.name) for key, cls in CONNECTORS.items()]


def connector_for(connection: "AtsConnection") -> AtsConnector:
    """The connector of the connection's key; KeyError for a key no longer known."""
    return CONNECTORS[connection.connector](connection)
