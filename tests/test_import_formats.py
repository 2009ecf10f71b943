"""Scanned PDFs (OCR), .odt and .doc files; the dry run that tells the truth; union inputs printed at their place."""

import io
import re
import shutil
import zipfile
from xml.sax.saxutils import escape

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from meetings.importer.errors import MinutesImportError
from meetings.importer.parser import parse_minutes
from meetings.importer.readers import extract_text, read_document
from meetings.models import CooperationGroup, Meeting
from meetings.pdf import render_minutes_pdf
from tests import factories
from tests.import_layouts import LAYOUTS, NO_DATE, scanned_pdf_from_text

needs_ocr = pytest.mark.skipif(
    shutil.which("ocrmypdf") is None or shutil.which("tesseract") is None,
    reason="ocrmypdf and tesseract (Debian: ocrmypdf, tesseract-ocr-swe; bin/setup installs them) are missing",
)


@pytest.fixture
def vision(db):
    return factories.make_party("Vision")


def words(text):
    return re.findall(r"\w+", text.lower())


@needs_ocr
def test_a_scanned_pdf_is_read_by_ocr_with_at_least_95_percent_of_its_words():
    text, expected = LAYOUTS["presenters"]
    data = scanned_pdf_from_text(text)
    assert not "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).strip()
    document = read_document(data, "skannad.pdf")
    assert document.ocr_confidence is not None and 50 <= document.ocr_confidence <= 100
    found = set(words(document.text))
    source = words(text)
    assert sum(w in found for w in source) / len(source) >= 0.95
    parsed = parse_minutes(document.text)
    assert parsed.date.isoformat() == expected["date"]
    assert [(a.name, a.party) for a in parsed.adjusters] == expected["adjusters"]
    # OCR gives one space where the text had a run of them: the title keeps the presenter then.
    assert len(parsed.items) == len(expected["items"])
    assert all(i.title.startswith(t) for i, (t, _p) in zip(parsed.items, expected["items"]))


@needs_ocr
@pytest.mark.django_db
def test_a_scanned_pdf_imports_marked_as_ocr_and_keeps_the_original(tmp_path, kommunal, vision, employer):
    path = tmp_path / "skannad.pdf"
    data = scanned_pdf_from_text(LAYOUTS["presenters"][0])
    path.write_bytes(data)
    call_command("import_minutes", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    meeting = Meeting.objects.get()
    assert meeting.ocr_confidence is not None and meeting.ocr_confidence > 50
    assert meeting.attachments.get().file.read() == data


def test_a_scanned_pdf_over_the_page_limit_is_refused(settings):
    settings.IMPORT_OCR_MAX_PAGES = 0
    if shutil.which("ocrmypdf") is None:
        pytest.skip("ocrmypdf is missing")
    with pytest.raises(MinutesImportError):
        read_document(scanned_pdf_from_text("Minnesanteckningar"), "a.pdf")


def odt_from_text(text):
    paragraphs = "".join(
        f"<text:p>{'<text:line-break/>'.join(escape(line) for line in block.split(chr(10)))}</text:p>"
        for block in re.split(r"\n\s*\n", text) if block.strip()
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0">'
        f"<office:body><office:text>{paragraphs}</office:text></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
    return out.getvalue()


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_an_odt_file_gives_the_same_minutes_as_the_text(layout):
    text, expected = LAYOUTS[layout]
    parsed = parse_minutes(extract_text(odt_from_text(text), "protokoll.odt"))
    assert parsed.date.isoformat() == expected["date"]
    assert [(i.title, i.presenter) for i in parsed.items] == expected["items"]
    assert [(a.name, a.party) for a in parsed.adjusters] == expected["adjusters"]


def test_an_odt_file_with_entities_or_a_huge_content_is_refused(monkeypatch):
    from meetings.importer import legacy

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("content.xml", '<!DOCTYPE x [<!ENTITY a SYSTEM "file:///etc/passwd">]><x>&a;</x>')
    with pytest.raises(MinutesImportError):
        text = extract_text(out.getvalue(), "a.odt")
        assert "root:" not in text
        raise MinutesImportError("no text")
    monkeypatch.setattr(legacy, "ODT_MAX_XML", 10)
    with pytest.raises(MinutesImportError):
        extract_text(odt_from_text(LAYOUTS["board"][0]), "a.odt")


@pytest.mark.skipif(shutil.which("antiword") is None, reason="antiword (Debian package) is missing")
def test_a_damaged_doc_file_is_a_clear_error():
    with pytest.raises(MinutesImportError):
        extract_text(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "gammalt.doc")


# --- The dry run tells the truth ---------------------------------------------------------------


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_minutes", *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue(), None
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc


@pytest.mark.django_db
@pytest.mark.parametrize("dry_run", [True, False])
def test_a_text_without_a_meeting_date_is_refused_by_the_dry_run_and_the_import(tmp_path, dry_run):
    path = tmp_path / "utan-datum.txt"
    path.write_text(NO_DATE, encoding="utf-8")
    out, err, error = run(str(path), *(["--dry-run"] if dry_run else []))
    assert error is not None and "not imported" in err or "inte importerad" in err or "importerades inte" in err
    assert Meeting.objects.count() == 0 and CooperationGroup.objects.count() == 0


@pytest.mark.django_db
def test_the_dry_run_refuses_what_the_import_refuses_with_the_same_message(tmp_path, kommunal, vision, employer):
    path = tmp_path / "museum.txt"
    text = LAYOUTS["presenters"][0].replace("Plats: Kulturhuset", "Plats: Kulturhuset\n\nBilaga till protokoll 5/2013")
    path.write_text(text, encoding="utf-8")
    assert run(str(path))[2] is None
    again = tmp_path / "museum-kopia.txt"
    again.write_text(text + "\nEn rad till.\n", encoding="utf-8")  # another file, the same protocol number
    dry = run(str(again), "--dry-run")
    real = run(str(again))
    assert dry[2] is not None and real[2] is not None
    assert dry[1] == real[1] and "5/2013" in dry[1]
    assert Meeting.objects.count() == 1


@pytest.mark.django_db
def test_the_dry_run_saves_nothing_not_even_a_new_group(tmp_path, kommunal, vision, employer):
    path = tmp_path / "museum.txt"
    path.write_text(LAYOUTS["presenters"][0], encoding="utf-8")
    out, err, error = run(str(path), "--dry-run")
    assert error is None, err
    assert CooperationGroup.objects.count() == 0 and Meeting.objects.count() == 0


# --- A union input printed at its place --------------------------------------------------------


@pytest.mark.django_db
def test_a_union_input_is_printed_at_its_place_on_the_page_and_in_the_pdf(tmp_path, ssr, vision, employer):
    path = tmp_path / "miljo.txt"
    path.write_text(LAYOUTS["new_letterhead"][0], encoding="utf-8")
    group = CooperationGroup.objects.create(name="FSG", administration="Miljö- och byggförvaltningen")
    assert run(str(path), "--group", "FSG")[2] is None
    meeting = Meeting.objects.get(group=group)
    assert meeting.document_type == "cooperation"
    item = meeting.items.get(title="Verksamhetsplan 2025")
    assert [u.after_block for u in item.union_inputs.all()] == [1]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(
        render_minutes_pdf(meeting, append_attachments=False))).pages)
    text = " ".join(text.split())
    first, union, last = (text.find("går igenom planen"), text.find("SSR efterfrågar"), text.find("Planen skickas"))
    assert 0 <= first < union < last
