"""Calendar arithmetic shared by the ledger (probation) and data requests (legal delays)."""

import datetime

from dateutil.relativedelta import relativedelta


def add_months[Day: (datetime.date, datetime.datetime)](value: Day, months: int) -> Day:
    """``value`` plus whole calendar months; the 31st becomes the last day of a shorter month.

    31 January + 1 → 28 (or 29) February; 30 April + 1 → 30 May.
    """
    return value + relativedelta(months=months)
