"""What the apps above taxonomy answer when two tags merge.

Foreign keys and many-to-many relations to ``Tag`` are found and moved by the merge itself
(``services.tag_merge``); an app that keeps tag ids elsewhere (a send's audience, in JSON)
connects to these signals in its ``AppConfig.ready`` and does not need to be imported here.
"""

from dataclasses import dataclass

from django.dispatch import Signal


@dataclass(frozen=True)
class Reference:
    """Rows of one kind that name a tag: what a merge will move, or moved."""

    key: str  # "<app>.<model>.<field>", stable for tests and the audit log
    label: str
    count: int


# Sent with ``tag``: each receiver returns a list of ``Reference`` to it (counts, no change).
tag_references_counted = Signal()
# Sent inside the merge's transaction with ``source`` and ``target``: each receiver moves its
# references from source to target and returns a list of ``Reference`` (what it moved).
tag_merging = Signal()
