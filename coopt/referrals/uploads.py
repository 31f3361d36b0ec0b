"""CV uploads: size and type checked by content, never by the file name."""

import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", ODT: ".odt"}

# Office files are zip archives: refuse ones that unpack into something huge.
MAX_ARCHIVE_ENTRIES = 2000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024


def detect_cv_type(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return PDF
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return None
    if len(infos) > MAX_ARCHIVE_ENTRIES or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
        raise ValidationError(_("This file unpacks to more than a CV can hold."), code="archive")
    names = {info.filename for info in infos}
    if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
        return ODT
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return DOCX
    return None


def validate_cv(upload: UploadedFile) -> str:
    """Return the file's real content type, or raise a translated ValidationError."""
    if upload.size is not None and upload.size > settings.COOPT_MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is too large (10 MB at most)."), code="too_large")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if len(data) > settings.COOPT_MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is too large (10 MB at most)."), code="too_large")
    content_type = detect_cv_type(data)
    if content_type is None:
        raise ValidationError(
            _("Please upload a PDF, Word (.docx) or OpenDocument (.odt) file."), code="type"
        )
    return content_type
