"""The job-board XML layout (Indeed's, read by most aggregators):

    <source>
      <publisher>Acme</publisher>
      <job>
        <title><![CDATA[Baker]]></title>
        <referencenumber>B-12</referencenumber>
        <description><![CDATA[<p>Early mornings.</p>]]></description>
        <city>Lyon</city> <country>FR</country>
        <jobtype>fulltime</jobtype> <category>Production</category>
        <salary>30000-36000 EUR</salary> <url>https://…</url>
        <expirationdate>2030-06-30</expirationdate>
      </job>
    </source>

Read with defusedxml: no DTD, no entity, no external reference is followed.
"""

from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _

from coopt.jobs.external import JobRecord

from .common import (
    MAX_RECORDS,
    BadValue,
    FeedError,
    ParsedFeed,
    closing_date,
    contract_type,
    salary_text,
    text,
    whole_number,
)

ID_TAGS = ("referencenumber", "reference", "id", "requisitionid")
LOCATION_TAGS = ("city", "location")
FAMILY_TAGS = ("category", "jobfamily", "job_family")
CLOSING_TAGS = ("expirationdate", "closes_on", "closingdate")


def _local(tag: object) -> str:
    """An element's name without its namespace, in lower case."""
    return str(tag).rsplit("}", 1)[-1].lower()


def _children(job: Element) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for child in job:
        found.setdefault(_local(child.tag), []).append(text("".join(child.itertext())))
    return found


def _first(values: dict[str, list[str]], names: tuple[str, ...]) -> str:
    return next((v for name in names for v in values.get(name, []) if v), "")


def _record(values: dict[str, list[str]]) -> JobRecord:
    salary_min, salary_max, currency = salary_text(_first(values, ("salary",)))
    if values.get("salarymin") or values.get("salarymax"):
        salary_min = whole_number(_first(values, ("salarymin",)))
        salary_max = whole_number(_first(values, ("salarymax",)))
    currency = _first(values, ("salarycurrency", "currency")) or currency
    extra = {name: _first(values, (name,)) for name in ("country", "state", "company")}
    return JobRecord(
        external_id=_first(values, ID_TAGS),
        title=_first(values, ("title",)),
        description=_first(values, ("description",)),
        locations=tuple(v for name in LOCATION_TAGS for v in values.get(name, []) if v),
        job_family=_first(values, FAMILY_TAGS),
        contract_type=contract_type(_first(values, ("jobtype", "contract_type"))),
        salary_min=salary_min,
        salary_max=salary_max,
        salary_currency=currency,
        closes_on=closing_date(_first(values, CLOSING_TAGS)),
        url=_first(values, ("url",)),
        extra={name: value for name, value in extra.items() if value},
    )


def parse_xml(data: bytes) -> ParsedFeed:
    """Every ``<job>`` of the file, wherever it sits under the root."""
    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise FeedError(_("The XML file declares a DTD or entities, which are refused.")) from None
    except ParseError as error:
        raise FeedError(_("This is not a valid XML file (%(error)s).") % {"error": error}) from None
    jobs = [element for element in root.iter() if _local(element.tag) == "job"]
    if _local(root.tag) not in ("source", "jobs") and not jobs:
        raise FeedError(_("The XML file has no <job> element: is it a job feed?"))
    if len(jobs) > MAX_RECORDS:
        raise FeedError(_("The feed has more than %(max)s jobs.") % {"max": MAX_RECORDS})
    parsed = ParsedFeed()
    for job in jobs:
        values = _children(job)
        try:
            parsed.records.append(_record(values))
        except BadValue as bad:
            parsed.rejected.append((_first(values, ID_TAGS), bad.code))
    return parsed
