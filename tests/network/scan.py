"""The pages of a network a person can open, walked from the URLconf's declarations: each
declared GET route whose parameters this network can fill, with its URL."""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from django.urls import reverse

from ..security.urlconf.declarations import DECLARED, Plain


@dataclass(frozen=True)
class Page:
    name: str
    url: str


def pages(objects: Mapping[str, object], *, method: str = "GET") -> Iterator[Page]:
    """Every declared route answering ``method`` whose parameters name only objects in
    ``objects`` (by the declarations' names: "job", "referral"…) or plain values."""
    for name, declared in DECLARED.items():
        if method not in declared.methods or not declared.level.tenant:
            continue
        args: list[object] = []
        for arg in declared.args:
            if isinstance(arg, Plain):
                args.append(arg.value)
            elif arg in objects:
                value = objects[arg]
                args.append(getattr(value, "pk", value))
            else:
                break
        else:
            yield Page(name, reverse(name, args=args))
