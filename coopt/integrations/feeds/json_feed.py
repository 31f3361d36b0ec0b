"""Jobs as JSON: a list of objects, or an object whose ``jobs`` key holds that list.

    [{"id": "B-12", "title": "Baker", "description": "<p>Early mornings.</p>",
      "locations": ["Lyon"], "job_family": "Production", "contract_type": "permanent",
      "salary_min": 30000, "salary_max": 36000, "salary_currency": "EUR",
      "closes_on": "2030-06-30", "url": "https://…"}]

``id`` and ``title`` are required; ``reference`` and ``referencenumber`` are read as ``id``,
``location`` and ``city`` (one name) as ``locations``, ``category`` as ``job_family``,
``jobtype`` as ``contract_type``.
"""

import json
from typing import Any

from django.utils.translation import gettext as _

from coopt.jobs.external import JobRecord

from .common import (
    MAX_RECORDS,
    NOT_AN_OBJECT,
    BadValue,
    FeedError,
    ParsedFeed,
    closing_date,
    contract_type,
    text,
    whole_number,
)


def _first(entry: dict[str, Any], *names: str) -> Any:
    return next((entry[name] for name in names if entry.get(name) not in (None, "")), None)


def _locations(entry: dict[str, Any]) -> tuple[str, ...]:
    value = _first(entry, "locations", "location", "city")
    if isinstance(value, list):
        return tuple(text(item) for item in value if text(item))
    return (text(value),) if text(value) else ()


def _record(entry: dict[str, Any]) -> JobRecord:
    return JobRecord(
        external_id=text(_first(entry, "id", "reference", "referencenumber")),
        title=text(entry.get("title")),
        description=text(entry.get("description")),
        locations=_locations(entry),
        job_family=text(_first(entry, "job_family", "category")),
        contract_type=contract_type(text(_first(entry, "contract_type", "jobtype"))),
        salary_min=whole_number(entry.get("salary_min")),
        salary_max=whole_number(entry.get("salary_max")),
        salary_currency=text(_first(entry, "salary_currency", "currency")),
        closes_on=closing_date(entry.get("closes_on")),
        url=text(entry.get("url")),
    )


def parse_json(data: bytes) -> ParsedFeed:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise FeedError(
            _("This is not a valid JSON file (%(error)s).") % {"error": error}
        ) from None
    if isinstance(document, dict) and isinstance(document.get("jobs"), list):
        document = document["jobs"]
    if not isinstance(document, list):
        raise FeedError(_("The JSON file must be a list of jobs, or an object with a “jobs” list."))
    if len(document) > MAX_RECORDS:
        raise FeedError(_("The feed has more than %(max)s jobs.") % {"max": MAX_RECORDS})
    parsed = ParsedFeed()
    for entry in document:
        if not isinstance(entry, dict):
            parsed.rejected.append(("", NOT_AN_OBJECT))
            continue
        try:
            parsed.records.append(_record(entry))
        except BadValue as bad:
            parsed.rejected.append((text(_first(entry, "id", "reference")), bad.code))
    return parsed
