"""The PDF appendix of the minutes: content, archival form, attachments, safety, view and command."""

import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pikepdf
import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader
from weasyprint import HTML

from meetings import pdf
from meetings.models import (
    Adjuster,
    AgendaItem,
    Attachment,
    Decision,
    Meeting,
    Position,
    UnionInput,
    User,
)
from meetings.text import paragraphs
from tests import pdf_helpers as h

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=http://127.0.0.1:9/x.png>",
    "<link rel=stylesheet href=http://127.0.0.1:9/x.css>",
    "url(file:///etc/passwd)",
    "<iframe src=file:///etc/passwd>",
]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def body_text(data, letterhead_date="2020-11-20"):
    """All pages' text without the letterhead each page ends with, whitespace folded."""
    pages = [text.rsplit("\n" + letterhead_date, 1)[0] for text in h.page_texts(data)]
    return h.normalized(" ".join(pages))


def expected_in_order(meeting):
    """Every printed piece of user text, in the order of the minutes."""
    expected = [meeting.heading, meeting.appendix_label]
    for _, _, items in meeting.items_by_section():
        for item in items:
            expected.append(item.title)
            expected += paragraphs(item.body)
            for union_input in item.union_inputs.all():
                expected += paragraphs(union_input.text)
            decision = getattr(item, "decision", None)
            if decision is not None:
                expected += paragraphs(decision.text)
                expected += [p.text for p in decision.positions.all() if p.text]
    expected += paragraphs(meeting.closing_text)
    expected += [adjuster.name for adjuster in meeting.adjusters.all()]
    return [h.normalized(text) for text in expected]


def small_pdf(text, pages=1):
    """A little PDF of our own, like an attachment a secretary uploads."""
    body = "".join(f'<p style="break-after: page">{text} {n}</p>' for n in range(1, pages + 1))
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def attach(meeting, title, data, filename):
    return Attachment.objects.create(
        meeting=meeting, title=title, file=ContentFile(data, name=filename), size=len(data)
    )


# --- Content --------------------------------------------------------------------


@pytest.mark.django_db
def test_every_paragraph_is_printed_in_order():
    meeting = h.realistic_meeting(status=Meeting.Status.ADJUSTED)
    with pdf.translation.override("sv"):
        expected = expected_in_order(meeting)
    text = body_text(pdf.render_minutes_pdf(meeting))
    position = 0
    for piece in expected:
        found = text.find(piece, position)
        assert found >= 0, f"missing or out of order: {piece!r}"
        position = found + len(piece)


@pytest.mark.django_db
def test_heading_sections_presenters_and_decision_details_are_swedish():
    meeting = h.realistic_meeting(status=Meeting.Status.ADJUSTED)
    text = body_text(pdf.render_minutes_pdf(meeting))
    for expected in [
        "Minnesanteckningar från samverkansgrupp FSG/VSG – Socialförvaltningen den 16 november 2020",
        "Bilaga till protokoll 11/2020",
        "Information:", "Dialog:", "Beslut:", "Övrigt:",
        "Val av justerare, SOF Socialdirektör",
        "Fackligt inspel – Fackliga organisationer gemensamt",
        "Fackligt inspel – SSR",
        "Utfall: Parterna är eniga",
        "Vision Yrkande Vision yrkar på en uppräkning på minst 5,5 %.",
        "Gäller från: 1 april 2022", "Uppföljning: 30 juni 2022",
        "13:00–15:30", "Stadshuset, sal 3",
        "Justerare:", "Cecilia Cederström Akademikerförbundet SSR",
    ]:
        assert expected in text


@pytest.mark.django_db
def test_every_page_carries_the_letterhead_and_page_number():
    meeting = h.realistic_meeting()
    pages = h.page_texts(pdf.render_minutes_pdf(meeting))
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"Sid {number}({len(pages)})" in text
        assert "MINNESANTECKNINGAR SAMVERKANSGRUPP" in text
        assert "DNR:03/2020" in text
        assert "2020-11-20" in text  # the document date, not the meeting date
    assert "Sid 1(" in pages[0]


@pytest.mark.django_db
def test_empty_meeting_without_protocol_number_renders():
    meeting = h.meeting(protocol_number="", dnr="", document_date=None, closing_text="", start_time=None,
                        end_time=None)
    data = pdf.render_minutes_pdf(meeting)
    text = h.page_texts(data)[0]
    assert "Sid 1(1)" in text
    assert "2020-11-16" in text  # letterhead falls back to the meeting date
    assert "Bilaga till protokoll" not in text
    assert "Övrigt" not in text  # an empty "Övrigt" is left out, as in the corpus
    assert "Beslut:" in text


@pytest.mark.django_db
def test_adjusters_signature_is_printed_once_signed(monkeypatch):
    """An adjuster may carry `signed_at` and `verification_code`; the PDF prints them when set."""
    import datetime
    from types import SimpleNamespace

    from django.utils import timezone

    meeting = h.realistic_meeting(status=Meeting.Status.OUT_FOR_ADJUSTMENT)
    ssr = SimpleNamespace(name="Akademikerförbundet SSR")
    when = timezone.make_aware(datetime.datetime(2020, 11, 23, 9, 41))
    # What is printed comes from the signature record: the signer, party, time and method.
    record = SimpleNamespace(adjuster_name="Cecilia C. Cederström", party_name="Akademikerförbundet SSR",
                             signed_at=when, verification_code="3F2A-91BC",
                             method_label="Inloggning via organisationskonto, BankID")
    signed = SimpleNamespace(
        name="Cecilia Cederström", party=ssr, verification_code="3F2A-91BC", signed_at=when,
        current_signature=record,
    )
    unsigned = SimpleNamespace(name="Christina Gustafsson", party=SimpleNamespace(name="Kommunal"),
                               signed_at=None, verification_code="")
    monkeypatch.setattr(pdf, "_adjusters", lambda m: [signed, unsigned])
    text = body_text(pdf.render_minutes_pdf(meeting))
    assert "2020-11-23" in text and "09:41" in text
    assert "3F2A-91BC" in text
    assert "Justerat av Cecilia C. Cederström, Akademikerförbundet SSR" in text
    assert "Inloggning via organisationskonto, BankID" in text
    assert "Christina Gustafsson Kommunal" in text


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_number_of_items():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    meeting = h.realistic_meeting()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            pdf.render_minutes_pdf(Meeting.objects.get(pk=meeting.pk))
        return len(captured)

    before = queries()
    for n in range(5):
        extra = h.item(meeting, AgendaItem.Kind.DECISION, f"Beslutspunkt {n}", "Text.")
        UnionInput.objects.create(item=extra, party=h.party("Vision"), text="Inspel.")
        decision = Decision.objects.create(item=extra, text="Beslut.")
        Position.objects.create(decision=decision, party=h.party("Kommunal"), stand=Position.Stand.AGREE)
        attach(meeting, f"Bilaga {n}", b"text", f"bilaga-{n}.txt")
        Adjuster.objects.create(meeting=meeting, name=f"Justerare {n}", party=h.party(f"Förbund {n}"),
                                user=h.user(f"justerare{n}", role=User.Role.ADJUSTER), position=10 + n)
    assert queries() == before


def test_filename_names_group_and_date():
    meeting = Meeting(group=h.CooperationGroup(name="FSG/VSG"), date=h.datetime.date(2020, 11, 16))
    assert pdf.pdf_filename(meeting) == "minnesanteckningar-fsg-vsg-2020-11-16.pdf"
    meeting.group.name = "Förvaltningens SG"
    assert pdf.pdf_filename(meeting) == "minnesanteckningar-forvaltningens-sg-2020-11-16.pdf"


# --- Archival form ---------------------------------------------------------------


@pytest.mark.django_db
def test_pdfa_3b_identification_and_embedded_fonts():
    data = pdf.render_minutes_pdf(h.realistic_meeting())
    part, conformance, fonts = h.xmp_and_fonts(data)
    assert (part, conformance) == ("3", "B")
    assert fonts, "no fonts found"
    for name, embedded in fonts:
        assert embedded, f"font {name} is not embedded"
        assert "Carlito" in name, f"{name} is not one of the shipped fonts"
    with pikepdf.open(BytesIO(data)) as document:
        assert "/OutputIntents" in document.Root


@pytest.mark.django_db
def test_metadata_title_author_subject_language_and_dates():
    meeting = h.realistic_meeting()
    with pikepdf.open(BytesIO(pdf.render_minutes_pdf(meeting))) as document:
        info = document.docinfo
        assert str(info["/Title"]) == (
            "Minnesanteckningar från samverkansgrupp FSG/VSG – Socialförvaltningen den 16 november 2020"
        )
        assert str(info["/Author"]) == "FSG/VSG – Socialförvaltningen"
        assert str(info["/Subject"]) == "Bilaga till protokoll 11/2020"
        assert str(document.Root.Lang) == "sv-SE"
        stamp = meeting.updated_at.astimezone(pdf.datetime.timezone.utc).strftime("%Y%m%d%H%M%S")
        assert str(info["/ModDate"]).startswith(f"D:{stamp}")
        meta = document.open_metadata()
        assert "FSG/VSG – Socialförvaltningen" in str(meta.get("dc:creator"))


@pytest.mark.django_db
def test_two_renders_are_byte_identical():
    meeting = h.realistic_meeting()
    attach(meeting, "Riskbedömning", small_pdf("Riskbedömning"), "risk.pdf")
    assert pdf.render_minutes_pdf(meeting) == pdf.render_minutes_pdf(Meeting.objects.get(pk=meeting.pk))


@pytest.mark.django_db
def test_renders_on_several_threads_at_once_are_identical():
    """Each render thread has its own fonts; the bytes must not depend on which thread renders."""
    from concurrent.futures import ThreadPoolExecutor

    html = pdf.minutes_html(pdf._with_contents(h.realistic_meeting()))
    with ThreadPoolExecutor(max_workers=3) as threads:
        results = list(threads.map(pdf._write_pdf, [html] * 6))
    assert len(set(results + [pdf._write_pdf(html)])) == 1


@pytest.mark.django_db
def test_draft_carries_watermark_on_every_page_and_adjusted_minutes_do_not():
    draft = h.realistic_meeting()
    for text in h.page_texts(pdf.render_minutes_pdf(draft)):
        assert "UTKAST" in text
    adjusted = h.realistic_meeting(status=Meeting.Status.ADJUSTED, protocol_number="12/2020")
    for text in h.page_texts(pdf.render_minutes_pdf(adjusted)):
        assert "UTKAST" not in text


@pytest.mark.django_db
def test_minutes_out_for_adjustment_still_carry_the_watermark():
    """Partly signed minutes must not look final."""
    meeting = h.realistic_meeting(status=Meeting.Status.OUT_FOR_ADJUSTMENT)
    for text in h.page_texts(pdf.render_minutes_pdf(meeting)):
        assert "UTKAST" in text


# --- Attachments ---------------------------------------------------------------------


@pytest.mark.django_db
def test_attached_pdfs_are_appended_after_the_minutes():
    meeting = h.realistic_meeting()
    minutes_pages = len(PdfReader(BytesIO(pdf.render_minutes_pdf(meeting))).pages)
    attach(meeting, "Riskbedömning Familjehem", small_pdf("Riskbedömningens sida", pages=2), "risk.pdf")
    attach(meeting, "Anteckningar.txt", b"not a pdf", "anteckningar.txt")

    data = pdf.render_minutes_pdf(meeting)

    reader = PdfReader(BytesIO(data))
    assert len(reader.pages) == minutes_pages + 2
    assert "Riskbedömningens sida 1" in reader.pages[minutes_pages].extract_text()
    assert "Riskbedömningens sida 2" in reader.pages[minutes_pages + 1].extract_text()
    minutes_text = body_text(data)
    assert "Riskbedömning Familjehem" in minutes_text and "Anteckningar.txt" in minutes_text
    bookmarks = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert bookmarks[-1] == "Riskbedömning Familjehem"
    with pikepdf.open(BytesIO(data)) as document:
        assert document.check_pdf_syntax() == []
        # Appended pages may break PDF/A: the reading copy does not claim it.
        assert document.open_metadata().get("pdfaid:part") is None
        assert str(document.Root.Lang) == "sv-SE"


@pytest.mark.django_db
def test_the_archival_copy_is_pdfa_with_the_attachments_embedded():
    meeting = h.realistic_meeting()
    attach(meeting, "Riskbedömning Familjehem", small_pdf("Riskbedömningens sida", pages=2), "risk.pdf")
    attach(meeting, "Anteckningar", b"Rader att spara.\n", "anteckningar.txt")

    data = pdf.render_minutes_pdf(meeting, append_attachments=False, embed_attachments=True)

    assert h.xmp_and_fonts(data)[:2] == ("3", "B")
    with pikepdf.open(BytesIO(data)) as document:
        embedded = document.attachments
        assert sorted(embedded) == ["anteckningar.txt", "risk.pdf"]
        assert embedded["anteckningar.txt"].get_file().read_bytes() == b"Rader att spara.\n"
        assert len(document.Root.AF) >= 2  # PDF/A-3 associated files
    assert data == pdf.render_minutes_pdf(meeting, append_attachments=False, embed_attachments=True)


@pytest.mark.django_db
def test_without_pdf_attachments_the_weasyprint_output_is_returned_as_is():
    meeting = h.realistic_meeting()
    attach(meeting, "Riskbedömning", small_pdf("Riskbedömning"), "risk.pdf")
    alone = pdf.render_minutes_pdf(meeting, append_attachments=False)
    assert len(PdfReader(BytesIO(alone)).pages) == len(h.page_texts(alone))
    assert h.xmp_and_fonts(alone)[:2] == ("3", "B")
    assert "Riskbedömning" in body_text(alone)  # still listed by name


@pytest.mark.django_db
@pytest.mark.parametrize("content", [
    b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage without xref\n%%EOF",
    b"%PDF-1.4\n" + bytes(range(256)) * 8,
    b"",
])
def test_a_corrupt_pdf_attachment_is_listed_but_not_appended(content):
    meeting = h.realistic_meeting()
    minutes_pages = len(PdfReader(BytesIO(pdf.render_minutes_pdf(meeting))).pages)
    attach(meeting, "Trasig bilaga", content, "trasig.pdf")
    data = pdf.render_minutes_pdf(meeting)
    assert len(PdfReader(BytesIO(data)).pages) == minutes_pages
    assert "Trasig bilaga" in body_text(data)


@pytest.mark.django_db
def test_an_attachment_whose_file_is_gone_does_not_crash(media_root):
    meeting = h.realistic_meeting()
    attachment = attach(meeting, "Borttappad", small_pdf("x"), "borta.pdf")
    Path(attachment.file.path).unlink()
    assert "Borttappad" in body_text(pdf.render_minutes_pdf(meeting))


# --- Safety -------------------------------------------------------------------------------


def hostile_meeting():
    payload = " ".join(HOSTILE)
    group = h.group(name="<script>alert(1)</script>", administration="<iframe src=file:///etc/passwd>")
    meeting = h.meeting(
        group=group, status=Meeting.Status.DRAFT, place=payload, chair=payload, secretary=payload,
        dnr="<img src=http://127.0.0.1:9/x.png>", closing_text=payload, protocol_number="<b>11</b>/2020",
    )
    party = h.party("<link rel=stylesheet href=http://127.0.0.1:9/x.css>",
                    short_name="<script>alert(1)</script>")
    item = h.item(meeting, AgendaItem.Kind.DECISION, payload, "\n\n".join(HOSTILE) + "\n- " + payload
                  + "\n## " + payload, presenter=payload)
    UnionInput.objects.create(item=item, party=party, text=payload)
    UnionInput.objects.create(item=item, text=payload, position=1)
    decision = Decision.objects.create(item=item, text=payload, deferred_to=payload)
    Position.objects.create(decision=decision, party=party, stand=Position.Stand.DEMAND, text=payload)
    Adjuster.objects.create(meeting=meeting, name=payload, party=party)
    attach(meeting, payload, b"plain text", "hostile.txt")
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.ADJUSTED)  # content first (PostgreSQL guard)
    meeting.status = Meeting.Status.ADJUSTED
    return meeting


def squeezed(text):
    return re.sub(r"\s+", "", text)


@pytest.mark.django_db
def test_hostile_text_prints_literally_and_nothing_outside_static_is_fetched(monkeypatch):
    fetched = []
    original = pdf.StaticFilesFetcher.fetch

    def recording_fetch(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(pdf.StaticFilesFetcher, "fetch", recording_fetch)
    meeting = hostile_meeting()

    data = pdf.render_minutes_pdf(meeting)

    text = squeezed(" ".join(h.page_texts(data)))
    for payload in HOSTILE + ["Bilaga till protokoll <b>11</b>/2020"]:
        assert squeezed(payload) in text
    assert fetched, "the stylesheet was not fetched through the app's fetcher"
    assert all(url.startswith(pdf.STATIC_BASE_URL) for url in fetched), fetched
    assert any(url.endswith(".ttf") for url in fetched)


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "http://127.0.0.1:9/x.png",
    "https://127.0.0.1:9/x.css",
    "data:text/css,body{color:red}",
    "ftp://static.samverkan.invalid/pdf/minutes.css",
    "http://static.samverkan.invalid/pdf/minutes.css",
    "https://static.samverkan.invalid.evil.example/pdf/minutes.css",
    "https://user@static.samverkan.invalid/pdf/minutes.css",
    "https://static.samverkan.invalid/pdf/minutes.css?redirect=http://127.0.0.1:9/",
    "https://static.samverkan.invalid/../samverkan/settings.py",
    "https://static.samverkan.invalid/%2e%2e/%2e%2e/etc/passwd",
    "https://static.samverkan.invalid/pdf/..%2f..%2f..%2fsamverkan/settings.py",
    "https://static.samverkan.invalid//etc/passwd",
    "https://static.samverkan.invalid/%2Fetc%2Fpasswd",
    "https://static.samverkan.invalid/pdf\\..\\..\\manage.py",
    "https://static.samverkan.invalid/",
    "https://static.samverkan.invalid/pdf/no-such-file.css",
])
def test_fetcher_refuses_anything_but_static_files(url):
    with pytest.raises(pdf.RefusedURL):
        pdf.StaticFilesFetcher().fetch(url)


def test_fetcher_serves_the_print_stylesheet_and_fonts():
    fetcher = pdf.StaticFilesFetcher()
    css = fetcher.fetch(pdf.STATIC_BASE_URL + "pdf/minutes.css")
    assert b"@font-face" in css.read()
    assert css.content_type == "text/css"
    font = fetcher.fetch(pdf.STATIC_BASE_URL + "fonts/Carlito-Regular.ttf")
    assert font.read(4) == b"\x00\x01\x00\x00"


# --- View and command ------------------------------------------------------------------------


@pytest.mark.django_db
def test_view_returns_the_pdf_to_a_secretary_of_the_group(client):
    meeting = h.realistic_meeting()
    client.force_login(h.user("sekreterare", groups=[meeting.group]))
    response = client.get(reverse("meetings:meeting_pdf", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="minnesanteckningar-fsg-vsg-2020-11-16.pdf"'
    assert response.content.startswith(b"%PDF-")
    assert response.content == pdf.render_minutes_pdf(meeting)


@pytest.mark.django_db
def test_view_is_swedish_whatever_the_request_language(client):
    meeting = h.realistic_meeting()
    client.force_login(h.user("sekreterare", groups=[meeting.group]))
    response = client.get(reverse("meetings:meeting_pdf", args=[meeting.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Bilaga till protokoll 11/2020" in body_text(response.content)


@pytest.mark.django_db
def test_view_is_404_outside_the_group_and_405_on_post(client):
    meeting = h.realistic_meeting()
    other_group = h.group("FSG", "Kulturförvaltningen")
    url = reverse("meetings:meeting_pdf", args=[meeting.pk])
    client.force_login(h.user("annan", groups=[other_group]))
    assert client.get(url).status_code == 404
    client.force_login(h.user("chef", role=User.Role.MANAGER, groups=[meeting.group]))
    assert client.get(url).status_code == 404  # a manager sees adjusted minutes only
    client.force_login(h.user("sekreterare", groups=[meeting.group]))
    assert client.post(url).status_code == 405


@pytest.mark.django_db
def test_command_writes_the_same_bytes_as_the_view(client, tmp_path):
    meeting = h.realistic_meeting()
    attach(meeting, "Riskbedömning", small_pdf("Riskbedömning"), "risk.pdf")
    client.force_login(h.user("sekreterare", groups=[meeting.group]))
    response = client.get(reverse("meetings:meeting_pdf", args=[meeting.pk]))
    target = tmp_path / "minnesanteckningar.pdf"
    call_command("minutes_pdf", str(meeting.pk), str(target))
    assert target.read_bytes() == response.content


@pytest.mark.django_db
def test_command_errors_are_plain_words(tmp_path):
    with pytest.raises(CommandError, match="no meeting with id 999"):
        call_command("minutes_pdf", "999", str(tmp_path / "x.pdf"))
    meeting = h.meeting()
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("minutes_pdf", str(meeting.pk), str(tmp_path / "no-such-dir" / "x.pdf"))


@pytest.mark.django_db
def test_page_one_as_png_artifact():
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    ARTIFACTS.mkdir(exist_ok=True)
    source = ARTIFACTS / "minutes.pdf"
    source.write_bytes(pdf.render_minutes_pdf(h.realistic_meeting()))
    subprocess.run(
        ["pdftoppm", "-r", "80", "-f", "1", "-l", "1", "-singlefile", "-png", str(source),
         str(ARTIFACTS / "minutes-page-1")],
        check=True, timeout=60,
    )
    assert (ARTIFACTS / "minutes-page-1.png").stat().st_size > 10_000
