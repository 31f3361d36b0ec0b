"""Jobs that come from outside: a job feed or an ATS, described the same way.

A source (a feed, a connector) reads its format into ``JobRecord``s; the upsert (below, by
external id, never duplicating) is shared by every source.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy

from coopt.audit.actors import Actor, ActorKind
from coopt.audit.services import Action, audit_record, audit_target
from coopt.taxonomy.models import Tag
from coopt.tenants.models import Tenant

from .models import ContractType, ExternalTagMapping, Job, external_name_key
from .sanitize import clean_html
from .services import job_set_status


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


# Why a record is rejected (``UpsertReport.rejected``): codes, so that a report stored as JSON
# is read in the reader's language (``rejection_label``).
NO_ID = "no_id"
NO_TITLE = "no_title"
ID_TOO_LONG = "id_too_long"
TITLE_TOO_LONG = "title_too_long"
DUPLICATE_ID = "duplicate_id"
UNKNOWN_CONTRACT_TYPE = "unknown_contract_type"
SALARY_RANGE = "salary_range"
BAD_CURRENCY = "bad_currency"
REJECTION_LABELS = {
    NO_ID: gettext_lazy("no reference (id)"),
    NO_TITLE: gettext_lazy("no title"),
    ID_TOO_LONG: gettext_lazy("the reference is too long"),
    TITLE_TOO_LONG: gettext_lazy("the title is longer than 200 characters"),
    DUPLICATE_ID: gettext_lazy("the same reference appears earlier in the file"),
    UNKNOWN_CONTRACT_TYPE: gettext_lazy("unknown contract type"),
    SALARY_RANGE: gettext_lazy("the salary's lower bound is above its upper bound"),
    BAD_CURRENCY: gettext_lazy("the currency is not a three-letter code"),
}
# Why a job the source no longer lists was closed (``details["reason"]`` of ``job_closed``).
CLOSED_MISSING = "missing_from_source"
ID_MAX_LENGTH = Job._meta.get_field("external_id").max_length or 120
TITLE_MAX_LENGTH = Job._meta.get_field("title").max_length or 200
MAPPED_KINDS = (Tag.Kind.LOCATION, Tag.Kind.FAMILY)


def rejection_label(code: str) -> str:
    """A rejection code in the active language (an unknown code as it is)."""
    return str(REJECTION_LABELS.get(code, code))


@dataclass
class UpsertReport:
    """What an upsert did. ``rejected`` holds (external id, reason code) pairs and
    ``unknown_tags`` (kind, name in the source) pairs of names no tag stands for yet."""

    created: int = 0
    updated: int = 0
    closed: int = 0
    unchanged: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)
    unknown_tags: list[tuple[str, str]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.closed)


def _rejection(record: JobRecord, prefix_length: int, seen: set[str]) -> str:
    """The reason to reject the record, or "" when it can be imported."""
    external_id = record.external_id.strip()
    if not external_id:
        return NO_ID
    if prefix_length + len(external_id) > ID_MAX_LENGTH:
        return ID_TOO_LONG
    if external_id in seen:
        return DUPLICATE_ID
    title = record.title.strip()
    if not title:
        return NO_TITLE
    if len(title) > TITLE_MAX_LENGTH:
        return TITLE_TOO_LONG
    if record.contract_type and record.contract_type not in ContractType.values:
        return UNKNOWN_CONTRACT_TYPE
    if (
        record.salary_min is not None
        and record.salary_max is not None
        and record.salary_min > record.salary_max
    ):
        return SALARY_RANGE
    currency = record.salary_currency
    if currency and not (len(currency) == 3 and currency.isascii() and currency.isalpha()):
        return BAD_CURRENCY
    return ""


class _TagNames:
    """The tenant's tags by the names a source uses: a mapping an admin chose first, else a
    tag of that very name; a name matching neither is recorded, unmapped, once."""

    def __init__(self, tenant: Tenant) -> None:
        self.tenant = tenant
        self.mapped: dict[tuple[str, str], int | None] = {
            (kind, key): tag_id
            for kind, key, tag_id in ExternalTagMapping.objects.filter(tenant=tenant).values_list(
                "kind", "key", "tag_id"
            )
        }
        self.named: dict[tuple[str, str], int] = {}
        for tag in Tag.objects.filter(tenant=tenant, kind__in=MAPPED_KINDS).order_by(
            "is_archived", "pk"
        ):
            self.named.setdefault((tag.kind, external_name_key(tag.name)), tag.pk)
        self.unknown: dict[tuple[str, str], str] = {}

    def tag_id(self, kind: str, name: str) -> int | None:
        key = external_name_key(name)
        if not key:
            return None
        tag_id = self.mapped.get((kind, key))
        if tag_id is None:
            tag_id = self.named.get((kind, key))
        if tag_id is None:
            self.unknown.setdefault((kind, key), " ".join(name.split()))
        return tag_id

    def record_unknown(self) -> list[tuple[str, str]]:
        """Keep the names nobody mapped for the admin to map; return them, in order."""
        new = [
            ExternalTagMapping(
                tenant=self.tenant, kind=kind, key=key, external_name=name[:200], tag=None
            )
            for (kind, key), name in self.unknown.items()
            if (kind, key) not in self.mapped
        ]
        ExternalTagMapping.objects.bulk_create(new, ignore_conflicts=True)
        return sorted((kind, name) for (kind, _key), name in self.unknown.items())


def _wanted(record: JobRecord, names: _TagNames) -> tuple[dict[str, Any], set[int]]:
    """The job's fields and location ids as the record describes them."""
    fields: dict[str, Any] = {
        "title": record.title.strip(),
        "description": clean_html(record.description),
        "job_family_id": names.tag_id(Tag.Kind.FAMILY, record.job_family),
        "salary_min": record.salary_min,
        "salary_max": record.salary_max,
        "closes_on": record.closes_on,
    }
    # A source that does not say keeps what the job has (a new job: the model's default).
    if record.contract_type:
        fields["contract_type"] = record.contract_type
    if record.salary_currency:
        fields["salary_currency"] = record.salary_currency.upper()
    locations = {names.tag_id(Tag.Kind.LOCATION, name) for name in record.locations}
    return fields, {tag_id for tag_id in locations if tag_id is not None}


def _publish_new_default() -> bool:
    return bool(getattr(settings, "COOPT_EXTERNAL_JOBS_PUBLISH", True))


@transaction.atomic
def jobs_upsert(
    *,
    tenant: Tenant,
    source_prefix: str,
    records: list[JobRecord],
    close_missing: bool,
    actor: Actor,
    publish_new: bool | None = None,
) -> UpsertReport:
    """Bring the tenant's jobs of one source in line with its records, by external id
    (``"<source_prefix>:<record id>"``), in one transaction; never a duplicate.

    A new record becomes a published job (a draft with ``publish_new=False``, or by default
    when the setting ``COOPT_EXTERNAL_JOBS_PUBLISH`` is False); a known one is saved only if a
    field changed. A job of the source closed earlier and listed again is published again; a
    filled one is left as it is. With ``close_missing``, the source's published jobs that
    are no longer listed are closed (not those of a rejected record). Locations and job
    families are the tenant's tags through ``ExternalTagMapping``; a name no tag stands for
    is recorded for the admin to map and the job comes without it. Invalid records are
    rejected with a reason and change nothing.
    """
    if publish_new is None:
        publish_new = _publish_new_default()
    prefix = f"{source_prefix}:"
    report = UpsertReport()
    author_id = actor.user_id if actor.kind == ActorKind.MEMBER else None
    names = _TagNames(tenant)
    existing = {
        job.external_id: job
        for job in Job.objects.select_for_update()
        .filter(tenant=tenant, external_id__startswith=prefix)
        .prefetch_related("locations")
    }
    listed: set[str] = set()
    for record in records:
        reason = _rejection(record, len(prefix), listed)
        if record.external_id.strip():
            listed.add(record.external_id.strip())
        if reason:
            report.rejected.append((record.external_id.strip(), reason))
            continue
        external_id = prefix + record.external_id.strip()
        fields, location_ids = _wanted(record, names)
        job = existing.get(external_id)
        if job is None:
            job = Job.objects.create(
                tenant=tenant, external_id=external_id, created_by_id=author_id, **fields
            )
            job.locations.set(location_ids)
            if publish_new:
                job_set_status(job=job, status=Job.Status.PUBLISHED)
            report.created += 1
            continue
        if _job_update(job, fields, location_ids):
            report.updated += 1
        else:
            report.unchanged += 1
    if close_missing:
        gone = [
            job
            for external_id, job in existing.items()
            if job.status == Job.Status.PUBLISHED and external_id[len(prefix) :] not in listed
        ]
        for job in gone:
            job_set_status(job=job, status=Job.Status.CLOSED)
            audit_record(
                actor=actor,
                action=Action.JOB_CLOSED,
                target=audit_target(job),
                details={"reason": CLOSED_MISSING},
                tenant_id=tenant.pk,
            )
        report.closed = len(gone)
    report.unknown_tags = names.record_unknown()
    if report.changed:
        audit_record(
            actor=actor,
            action=Action.IMPORT,
            details={
                "what": "jobs",
                "created": report.created,
                "updated": report.updated,
                "closed": report.closed,
                "rejected": len(report.rejected),
            },
            tenant_id=tenant.pk,
        )
    return report


def _job_update(job: Job, fields: dict[str, Any], location_ids: set[int]) -> bool:
    """Save what differs from ``fields`` and ``location_ids``; whether anything did. A job
    closed earlier and listed again is published again."""
    changed = [name for name, value in fields.items() if getattr(job, name) != value]
    for name in changed:
        setattr(job, name, fields[name])
    if changed:
        job.save(update_fields=[*changed, "updated_at"])
    locations_changed = {tag.pk for tag in job.locations.all()} != location_ids
    if locations_changed:
        job.locations.set(location_ids)
    reopened = job.status == Job.Status.CLOSED
    if reopened:
        job_set_status(job=job, status=Job.Status.PUBLISHED)
    return bool(changed or locations_changed or reopened)


class MappingRefused(Exception):
    """The tag is not one the name may stand for (another tenant's, another kind)."""


@transaction.atomic
def external_name_map(
    *, mapping: ExternalTagMapping, tag: Tag | None, actor: Actor
) -> ExternalTagMapping:
    """Let a source's name stand for ``tag`` (None: for no tag); the jobs that carry the
    name get the tag when their source next runs."""
    if tag is not None and (tag.tenant_id != mapping.tenant_id or tag.kind != mapping.kind):
        raise MappingRefused
    mapping.tag = tag
    mapping.save(update_fields=["tag", "updated_at"])
    audit_record(
        actor=actor,
        action=Action.EXTERNAL_NAME_MAPPED,
        target=audit_target(mapping, "externalname"),
        details={"kind": mapping.kind, "tag": tag.pk if tag is not None else None},
        tenant_id=mapping.tenant_id,
    )
    return mapping
