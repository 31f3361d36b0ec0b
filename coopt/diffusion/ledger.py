"""The delivery ledger in bulk: new rows and settled ones in one statement per chunk.

Both are plain SQL over the ``Delivery`` table: a batch writes thousands of rows, and
the ORM's ``bulk_create`` / ``bulk_update`` build a model instance and prepare every
field of every row (most of a digest batch's writing time), where these take tuples.
"""

from collections.abc import Sequence
from datetime import datetime

from django.db import connection

from .models import Delivery

# Rows per INSERT: PostgreSQL takes up to 65,535 parameters, SQLite fewer (chunked by
# ``connection.ops.bulk_batch_size``).
INSERT_CHUNK = 2000
COLUMNS = (
    "tenant_id", "job_id", "member_id", "score", "email_id", "status", "created_at", "updated_at"
)  # fmt: skip


def add(
    rows: Sequence[tuple[int, int, int, int | None]],
    *,
    tenant_id: int,
    status: str,
    now: datetime,
) -> None:
    """New deliveries, ``(job id, member id, score, e-mail id)``, outside any send (wave 1).

    A (job, member) pair that already has its row keeps it (``ON CONFLICT DO NOTHING``,
    as ``bulk_create(ignore_conflicts=True)``): a targeted send that reached the member
    first keeps its own row.
    """
    if not rows:
        return
    table = Delivery._meta.db_table
    columns = ", ".join([*COLUMNS, "send_id", "wave"])
    fields = [Delivery._meta.get_field(name.removesuffix("_id")) for name in COLUMNS]
    chunk = min(INSERT_CHUNK, connection.ops.bulk_batch_size(fields, rows) or INSERT_CHUNK)
    stamp = connection.ops.adapt_datetimefield_value(now)
    row = "(" + ", ".join(["%s"] * len(COLUMNS)) + ", NULL, 1)"  # no send, wave 1
    with connection.cursor() as cursor:
        for start in range(0, len(rows), chunk):
            part = rows[start : start + chunk]
            values = ", ".join([row] * len(part))
            params = [
                value
                for job_id, member_id, score, email_id in part
                for value in (tenant_id, job_id, member_id, score, email_id, status, stamp, stamp)
            ]
            # Only the table, its columns and placeholders are interpolated.
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values} ON CONFLICT DO NOTHING",  # noqa: S608
                params,
            )


def settle(pairs: list[tuple[int, int]], *, status: str, now: datetime) -> None:
    """``(delivery id, e-mail id)`` pairs: one UPDATE joined to a VALUES list, where
    ``bulk_update`` would write a CASE per row (most of a batch's database time)."""
    if not pairs:
        return
    table = Delivery._meta.db_table
    values = ", ".join(["(%s, %s)"] * len(pairs))
    # Only the table name and placeholders are interpolated; every value is a parameter.
    sql = f"""UPDATE {table} SET status = %s, email_id = v.column2, updated_at = %s
        FROM (VALUES {values}) AS v WHERE {table}.id = v.column1"""  # noqa: S608
    updated_at = connection.ops.adapt_datetimefield_value(now)
    params = [str(status), updated_at, *(value for pair in pairs for value in pair)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
