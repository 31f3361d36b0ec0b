"""Every URL pattern of the project, found by walking the root resolver."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or "" for a pattern without a name
    route: str  # the whole route from the root, e.g. "office/candidates/<int:referral_id>/"
    parameters: tuple[str, ...]  # the keyword names the view takes from the URL
    view: str  # "module.function", for the messages

    def __str__(self) -> str:
        return f"{self.name or '(no name)'} at /{self.route}"


def _parameters(pattern: URLPattern | URLResolver) -> tuple[str, ...]:
    if isinstance(pattern.pattern, RoutePattern):
        return tuple(pattern.pattern.converters)
    return tuple(pattern.pattern.regex.groupindex)


def _walk(
    resolver: URLResolver, prefix: str, namespaces: tuple[str, ...], parameters: tuple[str, ...]
) -> list[Route]:
    routes = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        found = parameters + _parameters(pattern)
        if isinstance(pattern, URLResolver):
            inner = namespaces + ((pattern.namespace,) if pattern.namespace else ())
            routes += _walk(pattern, route, inner, found)
            continue
        callback = pattern.callback
        view = f"{callback.__module__}.{getattr(callback, '__qualname__', callback)}"
        name = ":".join((*namespaces, pattern.name)) if pattern.name else ""
        routes.append(Route(name=name, route=route, parameters=found, view=view))
    return routes


def project_routes(urlconf: str | None = None) -> list[Route]:
    """Every pattern of the root URLconf (or of ``urlconf``: the operator's host has its own),
    included ones too, in the order Django tries them."""
    return _walk(get_resolver(urlconf), "", (), ())
