"""Older and other formats: Word 97 (.doc) through antiword (Debian), OpenDocument text (.odt) read here.

.odt: content.xml of the zip, read with lxml without entities, DTDs or network,
and only when it is at most ODT_MAX_XML bytes unpacked (no zip bomb). Paragraphs
and headings become lines with blank lines between them, list items "• " lines,
table rows one line with the cells apart by three spaces (as the .docx reader).
"""

import io
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from meetings.importer.errors import MinutesImportError

ODT_MAX_XML = 20 * 1024 * 1024
DOC_TIMEOUT = 60
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def doc_text(data):
    antiword = shutil.which("antiword")
    if antiword is None:
        raise MinutesImportError(_("Word 97 files (.doc) cannot be read on this server; save the file as .docx."))
    with tempfile.TemporaryDirectory(prefix="samverkan-doc-") as folder:
        source = Path(folder) / "in.doc"
        source.write_bytes(data)
        try:
            completed = subprocess.run([antiword, "-w", "0", "-m", "UTF-8.txt", str(source)], capture_output=True,
                                       timeout=DOC_TIMEOUT, check=False, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as exc:
            raise MinutesImportError(_("Reading the Word file took too long; it was stopped.")) from exc
    if completed.returncode != 0:
        raise MinutesImportError(_("The Word file is damaged or not a .doc file."))
    text = completed.stdout.decode("utf-8", errors="replace")
    # antiword puts list bullets as "•" and keeps paragraphs apart with blank lines already.
    return text.replace("\r\n", "\n")


def odt_text(data):
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("content.xml")
            if info.file_size > ODT_MAX_XML:
                raise MinutesImportError(_("The OpenDocument file is too large to read."))
            with archive.open(info) as handle:
                content = handle.read(ODT_MAX_XML + 1)
        if len(content) > ODT_MAX_XML:
            raise MinutesImportError(_("The OpenDocument file is too large to read."))
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
        root = etree.fromstring(content, parser=parser)
    except MinutesImportError:
        raise
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError, OSError) as exc:
        raise MinutesImportError(_("The OpenDocument file is damaged or not an .odt file.")) from exc
    out = []
    body = root.find(".//{urn:oasis:names:tc:opendocument:xmlns:office:1.0}text")
    for element in (body if body is not None else []):
        _block(element, out)
    return "\n".join(out)


def _inline(element):
    """The text of a paragraph: spaces (text:s), tabs and line breaks as written."""
    parts = [element.text or ""]
    for child in element:
        tag = etree_local(child.tag)
        if tag == "s":
            parts.append(" " * int(child.get(f"{{{TEXT_NS}}}c", "1") or 1))
        elif tag == "tab":
            parts.append("   ")
        elif tag == "line-break":
            parts.append("\n")
        else:
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def etree_local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _block(element, out, bullet=False):
    tag = etree_local(element.tag)
    if tag in ("p", "h"):
        text = _inline(element)
        if text.strip():
            lines = text.split("\n")
            if bullet:
                lines[0] = "• " + lines[0].lstrip()
            out.extend([*lines, ""])
    elif tag == "list":
        for item in element:
            for child in item:
                _block(child, out, bullet=True)
    elif tag == "table":
        for row in element.iter(f"{{{TABLE_NS}}}table-row"):
            cells = []
            for cell in row.iter(f"{{{TABLE_NS}}}table-cell"):
                value = " ".join(" ".join(_inline(p) for p in cell).split())
                if value and value not in cells:
                    cells.append(value)
            if cells:
                out += ["   ".join(cells), ""]
    elif tag == "section":
        for child in element:
            _block(child, out)
