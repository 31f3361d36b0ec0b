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
