"""The person's data as a ZIP (Y3): ``data.json`` with every field, and the CV files as stored."""

import json
import shutil
import tempfile
import zipfile
from collections.abc import Collection
from typing import IO, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone, translation
from django.utils.text import get_valid_filename

from coopt.notifications.language import reader_language
from coopt.referrals.models import NOT_PERSONAL_FIELDS, PERSONAL_FIELDS, Document, Referral

from .selectors import PersonData

FORMAT = "coopt-personal-data/1"
# A referral's fields left out of the export: secrets and internal links that say nothing
# about the person. A field of ``PERSONAL_FIELDS`` is exported even if named here.
REFERRAL_EXCLUDED = {"tenant"}
# In memory up to this size, then in a temporary file: CVs may weigh megabytes.
SPOOL_BYTES = 5 * 1024 * 1024


def _fields(
    obj: models.Model,
    exclude: Collection[str] = frozenset(),
    *,
    only: Collection[str] | None = None,
) -> dict[str, Any]:
    """Every stored field (or those ``only``); choices also as their label, in the active
    language."""
    out: dict[str, Any] = {}
    for model_field in obj._meta.concrete_fields:
        if model_field.name in exclude or (only is not None and model_field.name not in only):
            continue
        if model_field.is_relation:
            out[model_field.attname] = getattr(obj, model_field.attname)
            continue
        value = getattr(obj, model_field.attname)
        if isinstance(model_field, models.FileField):
            value = None  # a storage path: the file itself is in the ZIP
        out[model_field.name] = value
        if model_field.choices and value:
            out[f"{model_field.name}_label"] = str(
                getattr(obj, f"get_{model_field.name}_display")()
            )
    return out


def document_entry_name(document: Document) -> str:
    name = get_valid_filename(document.original_name) or "cv"
    return f"files/{document.referral_id}-{document.pk}-{name}"


def referral_exported_fields() -> set[str]:
    """The person's data, and the facts of their file but for ``REFERRAL_EXCLUDED``."""
    return set(PERSONAL_FIELDS) | (NOT_PERSONAL_FIELDS - REFERRAL_EXCLUDED)


def _referral(referral: Referral) -> dict[str, Any]:
    data = _fields(referral, only=referral_exported_fields())
    data["job"] = {"id": referral.job_id, "title": referral.job.title}
    referrer = referral.referrer
    data["referrer"] = {"name": referrer.display_name} if referrer else None
    data["documents"] = [
        {**_fields(document, {"tenant", "file"}), "file_in_zip": document_entry_name(document)}
        for document in referral.documents.all()
    ]
    # Recruiters' names are theirs, not the person's: the steps and words only.
    data["history"] = [_fields(change, {"author"}) for change in referral.history.all()]
    data["notes"] = [_fields(note, {"author"}) for note in referral.notes.all()]
    data["reminders"] = [
        _fields(reminder, {"tenant", "owner"}) for reminder in referral.reminders.all()
    ]
    return data


def person_export_json(person: PersonData) -> dict[str, Any]:
    with translation.override(reader_language(person.language, person.tenant)):
        return {
            "format": FORMAT,
            "exported_at": timezone.now(),
            "company": person.tenant.name,
            "email_key": person.key,
            "referrals": [_referral(referral) for referral in person.referrals],
            "consent_records": [_fields(record, {"tenant"}) for record in person.consents],
            "requests": [_fields(request, {"tenant", "handled_by"}) for request in person.requests],
        }


def person_export_zip(person: PersonData) -> IO[bytes]:
    """The ZIP, rewound, ready to stream; the caller closes it."""
    archive_file = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    data = person_export_json(person)
    with zipfile.ZipFile(archive_file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for referral in person.referrals:
            for document in referral.documents.all():
                try:
                    with (
                        document.file.open("rb") as source,
                        archive.open(document_entry_name(document), "w") as target,
                    ):
                        shutil.copyfileobj(source, target)
                except FileNotFoundError:
                    _mark_missing(data, document)
        archive.writestr(
            "data.json",
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        )
    archive_file.seek(0)
    return archive_file


def _mark_missing(data: dict[str, Any], document: Document) -> None:
    for referral in data["referrals"]:
        for entry in referral["documents"]:
            if entry["id"] == document.pk:
                entry["file_in_zip"] = None
