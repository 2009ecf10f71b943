"""Which files may be attached, decided by their content and not only by their name.

`sniff(upload)` reads the file's first bytes (and, for Office and OpenDocument
files, the package's table of contents) and returns the kind of file it really
is, or None. The form then requires the name's extension to agree with that
kind, so a program renamed to "protokoll.pdf" or an HTML page renamed to
"bilaga.docx" is refused. Macro-enabled Office files, HTML, SVG and
executables are never accepted.

Office and OpenDocument files are zip archives. `check_archive` reads only
their table of contents and refuses one that would inflate beyond
settings.UPLOAD_MAX_UNCOMPRESSED_BYTES, has an entry compressed more than
UPLOAD_MAX_COMPRESSION_RATIO times, or too many entries (a zip bomb), before
anything is unpacked or parsed. zipfile never inflates an entry beyond the size
its table of contents declares, so the check bounds the memory of what follows.
"""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FileKind:
    name: str
    mime: str
    extensions: tuple


PDF = FileKind("PDF", "application/pdf", (".pdf",))
DOCX = FileKind("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",))
XLSX = FileKind("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
PPTX = FileKind("PowerPoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation", (".pptx",))
ODT = FileKind("OpenDocument", "application/vnd.oasis.opendocument.text", (".odt",))
ODS = FileKind("OpenDocument", "application/vnd.oasis.opendocument.spreadsheet", (".ods",))
PNG = FileKind("PNG", "image/png", (".png",))
JPEG = FileKind("JPEG", "image/jpeg", (".jpg", ".jpeg"))
TEXT = FileKind("text", "text/plain", (".txt",))
CSV = FileKind("CSV", "text/csv", (".csv",))

ALLOWED_EXTENSIONS = tuple(ext for kind in (PDF, DOCX, XLSX, PPTX, ODT, ODS, PNG, JPEG, TEXT, CSV) for ext in kind.extensions)

# The content type of the main part of each Office Open XML package ([Content_Types].xml).
_OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}
_ODF_MIMETYPES = {ODT.mime: ODT, ODS.mime: ODS}
_MAX_MANIFEST_BYTES = 1024 * 1024


def _read_all(upload):
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _head(upload, size=2048):
    upload.seek(0)
    data = upload.read(size)
    upload.seek(0)
    return data


class ArchiveTooLarge(ValidationError):
    """A zip package (.docx, .xlsx, .odt …) that would unpack to too much: refused unread."""


# Entries smaller than this are not checked for their compression ratio (XML compresses well).
_RATIO_FREE_BYTES = 1024 * 1024


def check_package(package):
    """Raise ArchiveTooLarge unless the open ZipFile `package` unpacks to a bounded size."""
    entries = package.infolist()
    if len(entries) > settings.UPLOAD_MAX_ZIP_MEMBERS:
        raise ArchiveTooLarge(_("The file holds too many parts (%(count)d) to be read safely.")
                              % {"count": len(entries)})
    limit = settings.UPLOAD_MAX_UNCOMPRESSED_BYTES
    total = sum(entry.file_size for entry in entries)
    too_dense = any(
        entry.file_size > _RATIO_FREE_BYTES
        and entry.file_size > settings.UPLOAD_MAX_COMPRESSION_RATIO * max(entry.compress_size, 1)
        for entry in entries
    )
    if total > limit or too_dense:
        raise ArchiveTooLarge(
            _("The file would unpack to %(size)s MB, which is more than a document can hold "
              "(the limit is %(limit)s MB). It may be damaged or made to harm; it was not opened.")
            % {"size": round(total / 1024 / 1024, 1), "limit": round(limit / 1024 / 1024)}
        )


def check_archive(source):
    """check_package for a file object or bytes; a file that is not a zip archive passes."""
    import io

    handle = io.BytesIO(source) if isinstance(source, (bytes, bytearray, memoryview)) else source
    try:
        handle.seek(0)
        with zipfile.ZipFile(handle) as package:
            check_package(package)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        return  # not a zip archive: the reader of its kind says what is wrong with it
    finally:
        handle.seek(0)


def _sniff_zip(upload):
    """Office Open XML (by its [Content_Types].xml) or OpenDocument (by its mimetype entry)."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            check_package(package)
            names = set(package.namelist())
            if "mimetype" in names:
                info = package.getinfo("mimetype")
                if info.file_size <= 200:
                    return _ODF_MIMETYPES.get(package.read("mimetype").decode("ascii", "replace").strip())
                return None
            if "[Content_Types].xml" in names:
                info = package.getinfo("[Content_Types].xml")
                if info.file_size > _MAX_MANIFEST_BYTES:
                    return None
                manifest = package.read("[Content_Types].xml").decode("utf-8", "replace")
                for content_type, kind in _OOXML_MAIN.items():
                    if f'ContentType="{content_type}"' in manifest:
                        return kind
            return None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, OSError, RuntimeError, EOFError):
        return None
    finally:
        upload.seek(0)


def _is_text(data):
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def sniff(upload, extension=""):
    """The FileKind the content shows, or None when it is none of the allowed kinds.

    `extension` only decides between plain text and CSV, which look alike.
    """
    head = _head(upload)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(upload)
    if _is_text(_read_all(upload)):
        return CSV if extension == ".csv" else TEXT
    return None
