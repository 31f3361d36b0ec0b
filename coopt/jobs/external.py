"""Jobs that come from outside: a job feed or an ATS, described the same way.

A source (a feed, a connector) reads its format into ``JobRecord``s; the upsert (below, by
external id, never duplicating) is shared by every source.
"""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True, kw_only=True)
class JobRecord:
    external_id: str  # unique within the source; stored on Job.external_id with its prefix
    title: str
    description: str = ""  # HTML, sanitised on the way in
    locations: tuple[str, ...] = ()  # the source's own names, mapped to the tenant's tags
    job_family: str = ""
    contract_type: str = ""  # one of jobs.models.ContractType, or "" when unknown
    salary_min: int | None = None
    salary_max: int | None = None
    salary_currency: str = ""
    closes_on: datetime.date | None = None
    url: str = ""  # where the source shows it
    extra: dict[str, str] = field(default_factory=dict)
