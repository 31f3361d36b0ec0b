"""Reads of a candidate's data that the audit log records (Y4): a recruiter opening the
candidate page, a CV downloaded. Whoever reads (the back office, the API) goes through here."""

from django.db import transaction
from django.db.models.fields.files import FieldFile

from coopt.audit.actors import Actor
from coopt.audit.services import Action, audit_record, audit_target

from ..models import Document, Referral


@transaction.atomic
def candidate_viewed(*, referral: Referral, actor: Actor) -> None:
    """The candidate page was opened (also while the referral awaits confirmation)."""
    audit_record(
        actor=actor,
        tenant_id=referral.tenant_id,
        action=Action.CANDIDATE_VIEWED,
        target=audit_target(referral),
    )


def document_open(*, document: Document, actor: Actor) -> FieldFile:
    """The document's file, open for reading, its download recorded.

    A file missing from storage raises FileNotFoundError and records nothing.
    """
    handle = document.file.open("rb")
    try:
        with transaction.atomic():
            audit_record(
                actor=actor,
                tenant_id=document.tenant_id,
                action=Action.CV_DOWNLOADED,
                target=audit_target(document),
                details={"referral": document.referral_id},
            )
    except BaseException:
        handle.close()
        raise
    return handle
