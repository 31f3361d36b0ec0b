"""Messages translated later, in the reader's language.

``gettext_lazy(...) % params`` is translated at once, in the language of whoever
triggered the change; a notification must be in the language of whoever reads
it, with amounts formatted their way. ``Deferred`` keeps the message and its
parameters apart until ``str()`` is called inside
``translation.override(<reader's language>)``. Parameters may be lazy strings or
callables, evaluated at that moment.
"""

from typing import Any


class Deferred:
    def __init__(self, message: Any, **params: Any) -> None:
        self.message = message
        self.params = params

    def __str__(self) -> str:
        values = {k: str(v() if callable(v) else v) for k, v in self.params.items()}
        return str(self.message) % values
