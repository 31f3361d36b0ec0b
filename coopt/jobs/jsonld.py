"""schema.org JobPosting for public job pages (J5, X4)."""

from typing import Any

from django.utils.html import strip_tags

from coopt.taxonomy.models import Tag

from .models import ContractType, Job

EMPLOYMENT_TYPES = {
    ContractType.PERMANENT: "FULL_TIME",
    ContractType.FIXED_TERM: "TEMPORARY",
    ContractType.INTERNSHIP: "INTERN",
    ContractType.APPRENTICESHIP: "INTERN",
    ContractType.FREELANCE: "CONTRACTOR",
}


def summary(job: Job, length: int = 160) -> str:
    """The description as one line of plain text, cut at a word: for meta and link previews."""
    text = " ".join(strip_tags(job.description).split()) or job.title
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0] + "…"


def _place(tag: Tag, job: Job) -> dict[str, Any]:
    """A location as a place: its town and its country (ISO 3166-1 alpha-2), the location's
    own or else the company's default one; no country when neither is known."""
    address = {"@type": "PostalAddress", "addressLocality": tag.name}
    if country := str(tag.country or job.tenant.default_country or ""):
        address["addressCountry"] = country
    return {"@type": "Place", "address": address}


def job_posting(job: Job, url: str) -> dict[str, Any]:
    posting: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        "description": job.description or strip_tags(job.title),
        "datePosted": (job.published_at or job.created_at).date().isoformat(),
        "employmentType": EMPLOYMENT_TYPES.get(ContractType(job.contract_type), "OTHER"),
        "hiringOrganization": {"@type": "Organization", "name": job.hiring_organisation},
        "url": url,
        "jobLocation": [_place(tag, job) for tag in job.locations.all()],
        "directApply": True,
        # The company's own reference for the job: stable, whatever its title becomes.
        "identifier": {"@type": "PropertyValue", "name": job.tenant.name, "value": str(job.pk)},
    }
    if (valid_through := job.valid_through) is not None:
        posting["validThrough"] = valid_through.isoformat()
    if job.job_family is not None:
        posting["occupationalCategory"] = job.job_family.name
    if job.sector is not None:
        posting["industry"] = job.sector.name
    if job.salary_min or job.salary_max:
        posting["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": job.salary_currency,
            "value": {
                "@type": "QuantitativeValue",
                "minValue": job.salary_min,
                "maxValue": job.salary_max,
                "unitText": "YEAR",
            },
        }
    return posting
