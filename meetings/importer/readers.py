"""The text of a file of minutes: .txt, .docx, .pdf (with OCR for scans), .doc (Word 97) or .odt.

`extract_text(data, filename)` returns the text with one line per line of the
minutes and blank lines between paragraphs; page breaks of a PDF become form
feeds ("\\f"), which the parser reads as it reads a line that starts with one
space in text extracted elsewhere. Every failure is a MinutesImportError with
a message for the user.
"""

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from meetings.importer.errors import MinutesImportError

EXTENSIONS = (".txt", ".docx", ".pdf", ".doc", ".odt")


@dataclass
class Document:
    text: str
    ocr_confidence: float | None = None  # set when the text was read by OCR from a scan


def max_bytes():
    return getattr(settings, "IMPORT_MAX_BYTES", None) or settings.ATTACHMENT_MAX_BYTES


def check_size(size):
    if size == 0:
        raise MinutesImportError(_("The file is empty."))
    limit = max_bytes()
    if size > limit:
        raise MinutesImportError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(size / 1024 / 1024, 1), "limit": round(limit / 1024 / 1024)}
        )


def check_archive(data):
    """A .docx or .odt that would unpack to too much (a zip bomb) is refused before it is opened."""
    from meetings import filetypes

    try:
        filetypes.check_archive(data)
    except filetypes.ArchiveTooLarge as exc:
        raise MinutesImportError(exc.messages[0]) from exc


def extract_text(data, filename):
    """The text of the file `filename` whose content is `data` (bytes)."""
    return read_document(data, filename).text


def read_document(data, filename):
    """The text of the file, and the OCR confidence when it was a scan."""
    from meetings.importer import legacy, ocr

    check_size(len(data))
    if data[:4] == b"PK\x03\x04":
        check_archive(data)
    name = (filename or "").lower()
    ocr_confidence = None
    if name.endswith(".odt") or (data[:2] == b"PK" and b"application/vnd.oasis.opendocument.text" in data[:200]):
        text = legacy.odt_text(data)
    elif name.endswith(".docx") or (data[:2] == b"PK" and not name.endswith((".txt", ".pdf"))):
        text = docx_text(data)
    elif name.endswith(".doc") or data[:4] == b"\xd0\xcf\x11\xe0":
        text = legacy.doc_text(data)
    elif name.endswith(".pdf") or data[:5] == b"%PDF-":
        text = pdf_text(data, allow_empty=True)
        if not text.strip():
            text, ocr_confidence = ocr.ocr_pdf(data)
    elif name.endswith(".txt") or "." not in name.rsplit("/", 1)[-1]:
        text = plain_text(data)
    else:
        raise MinutesImportError(
            _("Files of this type cannot be imported; use .txt, .docx, .doc, .odt or .pdf.")
        )
    if not text.strip():
        raise MinutesImportError(_("The file holds no text."))
    return Document(text=text, ocr_confidence=ocr_confidence)


def plain_text(data):
    if b"\x00" in data[:65536] or data[:4] in (b"\xd0\xcf\x11\xe0", b"PK\x03\x04") or data[:5] == b"%PDF-":
        raise MinutesImportError(_("The file is not a text file (it holds binary data)."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 leaves only five bytes undefined
        text = data.decode("latin-1")
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > max(3, len(text) // 200):
        raise MinutesImportError(_("The file is not a text file (it holds binary data)."))
    return text


def docx_text(data):
    try:
        import docx
        from docx.oxml.ns import qn

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise MinutesImportError(_("The Word file is damaged or not a .docx file.")) from exc
    except Exception as exc:  # python-docx raises its own classes for broken packages
        raise MinutesImportError(_("The Word file is damaged or not a .docx file.")) from exc
    out = []
    body = document.element.body
    for element in body.iterchildren():
        if element.tag == qn("w:p"):
            out.extend(_docx_paragraph(docx.text.paragraph.Paragraph(element, document)))
        elif element.tag == qn("w:tbl"):
            table = docx.table.Table(element, document)
            for row in table.rows:
                cells = []
                for cell in row.cells:
                    value = " ".join(cell.text.split())
                    if value and value not in cells:
                        cells.append(value)
                if cells:
                    out += ["   ".join(cells), ""]
    return "\n".join(out)


def _docx_paragraph(paragraph):
    """One Word paragraph as lines: a bullet gets "• ", every paragraph ends with a blank line."""
    text = paragraph.text.replace("\t", "   ")
    if not text.strip():
        return []
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    p_pr = paragraph._p.pPr
    numbered = p_pr is not None and p_pr.numPr is not None
    is_list = numbered or re.search(r"list|lista|liststycke|punkt", style, re.IGNORECASE)
    is_heading = re.match(r"(heading|rubrik|title|rubrik)", style, re.IGNORECASE)
    lines = [line.rstrip() for line in text.split("\n")]
    if is_list and not is_heading:
        lines[0] = "• " + lines[0].lstrip()
    return [*lines, ""]


def pdf_text(data, allow_empty=False):
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception as exc:
                raise MinutesImportError(_("The PDF file is password protected.")) from exc
        pages = []
        for page in reader.pages:
            pages.append(_page_text(page))
    except MinutesImportError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError, IndexError,
            RecursionError, zipfile.BadZipFile) as exc:
        raise MinutesImportError(_("The PDF file is damaged and cannot be read.")) from exc
    except Exception as exc:  # pypdf raises many kinds of errors on broken files
        raise MinutesImportError(_("The PDF file is damaged and cannot be read.")) from exc
    text = "\f".join(pages)
    if not text.strip() and not allow_empty:
        raise MinutesImportError(
            _("The PDF file holds no text (a scanned document?); only PDFs with text can be imported.")
        )
    return text


def _page_text(page):
    """A page's text with its lines and the blank lines between paragraphs.

    pypdf's layout mode keeps the vertical gaps as blank lines and the
    horizontal position as spaces; the common left margin is removed, and
    runs of more than one blank line are reduced to one.
    """
    try:
        text = page.extract_text(extraction_mode="layout", layout_mode_space_vertically=True)
    except Exception:  # noqa: BLE001 - fall back to the plain mode on odd pages
        text = page.extract_text() or ""
    lines = [line.rstrip() for line in (text or "").split("\n")]
    margins = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    margin = min(margins) if margins else 0
    out = []
    for line in lines:
        line = line[margin:] if line.strip() else ""
        # Inside a line, layout mode pads words apart; a column gap (a presenter) stays visible.
        line = re.sub(r"(?<=\S) {2}(?=\S)", " ", line)
        if not line and out and not out[-1]:
            continue
        out.append(line)
    while out and not out[0]:
        out.pop(0)
    return "\n".join(out)
