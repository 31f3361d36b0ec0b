"""Job offers and templates: a compact description of each, created through the job services."""

from dataclasses import dataclass
from datetime import timedelta
from html import escape
from typing import Any

from django.utils import timezone

from coopt.accounts.models import User
from coopt.jobs.models import Job, JobTemplate
from coopt.jobs.services import (
    job_create,
    job_from_template,
    job_set_status,
    job_template_save,
    job_update,
)

from .people import Organisation

HEADINGS = {
    "fr": ("Vos missions", "Votre profil", "Pourquoi nous rejoindre"),
    "en": ("What you will do", "What you bring", "Why join us"),
    "de": ("Ihre Aufgaben", "Ihr Profil", "Was wir bieten"),
}
PERKS = {
    "fr": (
        "Mutuelle prise en charge à 70 % et prévoyance",
        "Intéressement, participation et plan d'épargne groupe",
        "Jusqu'à deux jours de télétravail par semaine pour les postes de bureau",
        "20 % de remise sur nos produits et nos offres d'énergie verte",
    ),
    "en": (
        "Health cover and a group pension plan",
        "Profit-sharing and a yearly bonus",
        "Hybrid work: up to two days a week from home",
        "20 % off our products and green energy offers",
    ),
    "de": (
        "Unbefristeter Vertrag und 30 Tage Urlaub",
        "Betriebliche Altersvorsorge und Jobrad",
        "Moderne Fahrzeugflotte und eigene Werkstatt",
        "Weiterbildung in unserer Nordwind-Akademie",
    ),
}


@dataclass(frozen=True)
class JobSpec:
    key: str
    title: str
    family: str
    sector: str
    locations: tuple[str, ...]
    contract: str
    salary: tuple[int, int] | None
    reward: str
    intro: str
    missions: tuple[str, ...]
    profile: tuple[str, ...]
    status: str = Job.Status.PUBLISHED
    age_days: int = 30  # how long ago the recruiter created it
    language: str = "fr"
    template: str = ""  # key of the template it was created from
    closes_in_days: int | None = None  # a closing date this many days from the seed


@dataclass(frozen=True)
class TemplateSpec:
    key: str
    name: str
    job: JobSpec


def _list(items: tuple[str, ...]) -> str:
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def description_html(spec: JobSpec) -> str:
    missions, profile, perks = HEADINGS[spec.language]
    return (
        f"<p>{escape(spec.intro)}</p>"
        f"<h3>{missions}</h3>{_list(spec.missions)}"
        f"<h3>{profile}</h3>{_list(spec.profile)}"
        f"<h3>{perks}</h3>{_list(PERKS[spec.language])}"
    )


def content_fields(org: Organisation, spec: JobSpec) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "title": spec.title,
        "description": description_html(spec),
        "job_family": org.tag(spec.family),
        "sector": org.tag(spec.sector),
        "contract_type": spec.contract,
        "reward_note": spec.reward,
        "salary_min": spec.salary[0] if spec.salary else None,
        "salary_max": spec.salary[1] if spec.salary else None,
    }
    return fields


def create_templates(org: Organisation, specs: list[TemplateSpec]) -> dict[str, JobTemplate]:
    return {
        spec.key: job_template_save(
            tenant=org.tenant, template=None, name=spec.name, **content_fields(org, spec.job)
        )
        for spec in specs
    }


def create_jobs(
    org: Organisation,
    *,
    author: User,
    specs: list[JobSpec],
    templates: dict[str, JobTemplate] | None = None,
) -> dict[str, Job]:
    """Create every job as a draft, then publish all but the drafts.

    Closing and filling come later, once their referrals exist (a closed job
    takes no new referral).
    """
    jobs: dict[str, Job] = {}
    for spec in specs:
        locations = [org.tag(name) for name in spec.locations]
        if spec.template and templates:
            job = job_from_template(template=templates[spec.template], author=author)
            job = job_update(job=job, locations=locations, **content_fields(org, spec))
        else:
            job = job_create(
                tenant=org.tenant, author=author, locations=locations, **content_fields(org, spec)
            )
        if spec.closes_in_days is not None:
            closes_on = timezone.localdate() + timedelta(days=spec.closes_in_days)
            job = job_update(job=job, closes_on=closes_on)
        if spec.status != Job.Status.DRAFT:
            job_set_status(job=job, status=Job.Status.PUBLISHED)
        jobs[spec.key] = job
    return jobs


def finish_jobs(jobs: dict[str, Job], specs: list[JobSpec]) -> None:
    """Close or fill the jobs whose story ends that way."""
    for spec in specs:
        if spec.status in (Job.Status.CLOSED, Job.Status.FILLED):
            job_set_status(job=jobs[spec.key], status=spec.status)


def backdate_jobs(jobs: dict[str, Job], specs: list[JobSpec]) -> None:
    """Spread creation and publication over the past weeks, as a live tenant would have it."""
    now = timezone.now()
    for spec in specs:
        created = now - timedelta(days=spec.age_days, hours=3)
        fields: dict[str, object] = {"created_at": created}
        if spec.status != Job.Status.DRAFT:
            fields["published_at"] = created + timedelta(hours=20)
        if spec.status in (Job.Status.CLOSED, Job.Status.FILLED):
            fields["closed_at"] = now - timedelta(days=max(spec.age_days // 5, 1))
        Job.objects.filter(pk=jobs[spec.key].pk).update(**fields)
