"""Real CV files built in memory: PDF, DOCX, ODT, and hostile look-alikes."""

import functools
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from coopt.referrals.models import Document

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
CONTENT_TYPES_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
DOCUMENT_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Jane Doe, engineer</w:t></w:r></w:p></w:body></w:document>"
)


def pdf_bytes() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
        b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
        b"trailer <</Root 1 0 R>>\n%%EOF\n"
    )


# A fixed time in every entry: the same call gives the same bytes, whatever the clock
# (zip headers store the time in two-second steps, which made byte comparisons flaky).
FIXED_TIME = (2026, 1, 2, 3, 4, 6)


def _entry(name: str, compression: int = zipfile.ZIP_DEFLATED) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = compression
    return info


def docx_bytes(extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(_entry("[Content_Types].xml"), CONTENT_TYPES_XML)
        archive.writestr(_entry("word/document.xml"), DOCUMENT_XML)
        for name, data in (extra or {}).items():
            archive.writestr(_entry(name), data)
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # OpenDocument: "mimetype" first, stored uncompressed.
        archive.writestr(_entry("mimetype", zipfile.ZIP_STORED), ODT_MIMETYPE)
        archive.writestr(_entry("content.xml"), "<office:document-content/>")
        archive.writestr(_entry("META-INF/manifest.xml"), "<manifest:manifest/>")
    return buffer.getvalue()


@functools.cache
def zip_bomb_docx_bytes() -> bytes:
    """A DOCX-shaped archive of ~200 KB that unpacks to 200 MB of zero bytes."""
    buffer = io.BytesIO()
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES_XML)
        archive.writestr("word/document.xml", DOCUMENT_XML)
        with archive.open("word/media/image1.bin", "w", force_zip64=True) as member:
            for _ in range(200):
                member.write(chunk)
    return buffer.getvalue()


def many_entries_docx_bytes(count: int = 2500) -> bytes:
    return docx_bytes({f"word/part{n}.xml": b"<x/>" for n in range(count)})


def stored_name(document: Document) -> str:
    """Where ``document``'s file is in storage: django-stubs allow none, a CV always has one."""
    assert document.file.name, "a CV is always stored"
    return document.file.name


def upload(
    name: str, data: bytes, content_type: str = "application/octet-stream"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def pdf_upload(name: str = "cv.pdf") -> SimpleUploadedFile:
    return upload(name, pdf_bytes(), "application/pdf")


def docx_upload(name: str = "cv.docx") -> SimpleUploadedFile:
    return upload(name, docx_bytes())


def odt_upload(name: str = "cv.odt") -> SimpleUploadedFile:
    return upload(name, odt_bytes())
