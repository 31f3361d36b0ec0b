"""The digest (D3): weekly or monthly, each member's featured jobs and best new matches.

``run`` starts, writes and resumes the runs (read its docstring); ``catalogue`` loads the
jobs a run may offer, ``content`` picks each member's offers, ``email`` writes a batch's
e-mails and rows, ``render`` renders them; ``tasks`` holds the Celery tasks.
"""

from .run import (
    BATCH_SIZE,
    digest_batch,
    digest_prepare_batch,
    digest_preview,
    digest_run_now,
    digest_start,
    digests_resume,
    digests_start_due,
    period_of,
)

__all__ = [
    "BATCH_SIZE",
    "digest_batch",
    "digest_prepare_batch",
    "digest_preview",
    "digest_run_now",
    "digest_start",
    "digests_resume",
    "digests_start_due",
    "period_of",
]
