import os

from django.core.files import File
from django.core.files.uploadedfile import UploadedFile

from ..models import Document, Referral
from ..uploads import EXTENSIONS, validate_cv


def document_attach(*, referral: Referral, upload: UploadedFile, uploaded_by: str) -> Document:
    """Store a checked CV under a random name; the original name is kept for display."""
    content_type = validate_cv(upload)
    document = Document(
        tenant_id=referral.tenant_id,
        referral=referral,
        original_name=(upload.name or "cv")[:200],
        content_type=content_type,
        size=upload.size or 0,
        uploaded_by=uploaded_by,
    )
    document.file.save(f"cv{EXTENSIONS[content_type]}", upload, save=False)
    document.save()
    return document


def documents_delete(*, referral: Referral, uploaded_by: str | None = None) -> None:
    documents = referral.documents.all()
    if uploaded_by:
        documents = documents.filter(uploaded_by=uploaded_by)
    for document in documents:
        document.file.delete(save=False)
        document.delete()


def document_copy(*, document: Document, referral: Referral) -> Document:
    """A copy of the document and of its file for another referral.

    Each referral owns its files: erasing one must not delete the other's CV.
    """
    copy = Document(
        tenant_id=referral.tenant_id,
        referral=referral,
        original_name=document.original_name,
        content_type=document.content_type,
        size=document.size,
        uploaded_by=document.uploaded_by,
    )
    suffix = EXTENSIONS.get(document.content_type) or os.path.splitext(document.file.name or "")[1]
    with document.file.open("rb") as source:
        copy.file.save(f"cv{suffix}", File(source), save=False)
    copy.save()
    return copy
