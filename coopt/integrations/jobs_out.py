"""The tenant's public job feed (X4), in the job-board XML layout the feeds in read too.

It says of each job what its public page says (``jobs.jsonld``): title, description,
places, contract, job family, salary, closing date, and who hires, a confidential client
company by its public description, never its name. Nothing members alone see (the reward,
the qualifier's call script) is in it.
"""

import email.utils
from collections.abc import Callable, Iterable
from xml.etree.ElementTree import Element, SubElement, tostring

from django.utils import timezone

from coopt.jobs.models import ContractType, Job
from coopt.tenants.models import Tenant

# Coopt's contract types in the words job boards read (``feeds.common.CONTRACT_TYPES`` reads
# them back).
JOB_TYPES = {
    ContractType.PERMANENT: "fulltime",
    ContractType.FIXED_TERM: "temporary",
    ContractType.INTERNSHIP: "internship",
    ContractType.APPRENTICESHIP: "apprenticeship",
    ContractType.FREELANCE: "contract",
}


def _add(parent: Element, name: str, value: object) -> None:
    SubElement(parent, name).text = "" if value is None else str(value)


def _salary(job: Job) -> str:
    if not (job.salary_min or job.salary_max):
        return ""
    bounds = [str(v) for v in (job.salary_min, job.salary_max) if v]
    return f"{'-'.join(dict.fromkeys(bounds))} {job.salary_currency}".strip()


def _job(parent: Element, job: Job, url: str) -> None:
    element = SubElement(parent, "job")
    _add(element, "title", job.title)
    _add(element, "date", email.utils.format_datetime(job.published_at or job.created_at))
    _add(element, "referencenumber", job.pk)
    _add(element, "url", url)
    _add(element, "company", job.hiring_organisation)
    locations = list(job.locations.all())
    first = locations[0] if locations else None
    _add(element, "city", first.name if first else "")
    _add(element, "country", str((first.country if first else "") or job.tenant.default_country))
    _add(element, "description", job.description or job.title)
    _add(element, "salary", _salary(job))
    _add(element, "jobtype", JOB_TYPES.get(ContractType(job.contract_type), ""))
    _add(element, "category", job.job_family.name if job.job_family else "")
    if job.closes_on is not None:
        _add(element, "expirationdate", job.closes_on.isoformat())


def jobs_feed_xml(
    *, tenant: Tenant, jobs: Iterable[Job], site_url: str, url_of: Callable[[Job], str]
) -> bytes:
    """The feed's document: ``<source>`` with the publisher, then one ``<job>`` a job."""
    root = Element("source")
    _add(root, "publisher", tenant.name)
    _add(root, "publisherurl", site_url)
    jobs = list(jobs)
    built = max((job.updated_at for job in jobs), default=timezone.now())
    _add(root, "lastBuildDate", email.utils.format_datetime(built))
    for job in jobs:
        _job(root, job, url_of(job))
    return tostring(root, encoding="utf-8", xml_declaration=True)
