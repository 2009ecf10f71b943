"""Scanned PDFs: OCR with OCRmyPDF and Tesseract's Swedish model (Debian: ocrmypdf, tesseract-ocr-swe).

`ocr_pdf(data)` returns (text, confidence): the text OCRmyPDF puts in its sidecar
file, pages separated by form feeds, and the mean word confidence (0–100) that
Tesseract gave in its hOCR output. The work is bounded: at most
IMPORT_OCR_MAX_PAGES pages (default 30) and IMPORT_OCR_TIMEOUT seconds in all
(default 300). The command line holds only fixed options and paths in a
temporary folder of our own, never a user's file name; no shell is involved.
"""

import io
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from meetings.importer.errors import MinutesImportError

LANGUAGE = "swe"


def available():
    return shutil.which("ocrmypdf") is not None and shutil.which("tesseract") is not None


def page_count(data):
    from pypdf import PdfReader

    try:
        return len(PdfReader(io.BytesIO(data)).pages)
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds of errors on broken files
        raise MinutesImportError(_("The PDF file is damaged and cannot be read.")) from exc


def ocr_pdf(data):
    """(text, mean word confidence) of a PDF without a text layer."""
    if not available():
        raise MinutesImportError(
            _("The PDF file holds no text (a scanned document?) and OCR is not installed on the server.")
        )
    max_pages = settings.IMPORT_OCR_MAX_PAGES
    timeout = settings.IMPORT_OCR_TIMEOUT
    pages = page_count(data)
    if pages > max_pages:
        raise MinutesImportError(
            _("The scanned PDF has %(pages)s pages; at most %(limit)s pages can be read by OCR.")
            % {"pages": pages, "limit": max_pages}
        )
    with tempfile.TemporaryDirectory(prefix="samverkan-ocr-") as folder:
        work = Path(folder)
        (work / "tmp").mkdir()
        source, target, sidecar = work / "in.pdf", work / "out.pdf", work / "out.txt"
        source.write_bytes(data)
        command = [
            shutil.which("ocrmypdf"), "--quiet", "--language", LANGUAGE, "--pdf-renderer", "hocr",
            "--keep-temporary-files", "--sidecar", str(sidecar), "--output-type", "pdf",
            "--tesseract-timeout", str(max(10, timeout // max(1, pages))), "--skip-text",
            "--jobs", "1", str(source), str(target),
        ]
        environment = {**os.environ, "TMPDIR": str(work / "tmp"), "OMP_THREAD_LIMIT": "1"}
        try:
            completed = subprocess.run(command, capture_output=True, timeout=timeout, env=environment,
                                       check=False, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as exc:
            raise MinutesImportError(_("Reading the scanned PDF took too long; it was stopped.")) from exc
        if completed.returncode != 0 or not sidecar.exists():
            raise MinutesImportError(_("The scanned PDF could not be read by OCR."))
        text = sidecar.read_text(encoding="utf-8", errors="replace")
        confidences = []
        for hocr in sorted((work / "tmp").glob("**/*.hocr")):
            confidences += [int(c) for c in re.findall(r"x_wconf (\d+)", hocr.read_text(errors="replace"))]
    if not text.strip():
        raise MinutesImportError(_("The PDF file holds no text, and OCR found none in it."))
    confidence = round(sum(confidences) / len(confidences), 1) if confidences else None
    return text, confidence
