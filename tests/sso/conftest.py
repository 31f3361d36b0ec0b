"""Single sign-on tests: the OpenID provider and helpers are in ``oidc.py`` (the browser
journey, in tests/browser/, uses them too)."""

from .oidc import http_redirects, oidc_server

__all__ = ["http_redirects", "oidc_server"]
