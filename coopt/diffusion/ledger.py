"""Settling deliveries in bulk: each row gets its status and the e-mail that carried it."""

from datetime import datetime

from django.db import connection

from .models import Delivery


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
