"""manage.py import_minutes: saving, duplicates, bad files, --json, --dry-run, --group, the PDF round trip."""

import io
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from meetings.models import (
    Adjuster,
    AgendaItem,
    Attachment,
    CooperationGroup,
    Decision,
    ItemSearch,
    Meeting,
    Party,
)
from meetings.pdf import render_minutes_pdf
from meetings.text import paragraphs
from tests import factories
from tests.import_expected import MINUTES

CORPUS = Path(settings.BASE_DIR).parent / "shared" / "corpus"
FILES = [str(CORPUS / name) for name in sorted(MINUTES)]

pytestmark = pytest.mark.django_db


def require_corpus():
    """The real minutes live in ../shared/corpus on dev machines and CI only."""
    if not CORPUS.is_dir():
        pytest.skip(f"the corpus of real minutes ({CORPUS}) is absent: it exists only on dev machines and CI")


@pytest.fixture
def parties(ssr, kommunal, employer):
    """The parties of the corpus; every test here imports the corpus, so it skips without it."""
    require_corpus()
    return ssr, kommunal, employer


def run(*args, **options):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_minutes", *args, stdout=out, stderr=err, **options)
        error = None
    except CommandError as exc:
        error = exc
    return out.getvalue(), err.getvalue(), error


def test_imports_the_corpus_as_adjusted_imported_minutes(parties):
    out, err, error = run(*FILES)
    assert error is None, err
    assert Meeting.objects.count() == 3
    for meeting in Meeting.objects.all():
        assert meeting.is_imported and meeting.status == Meeting.Status.ADJUSTED and meeting.adjusted_at
        assert meeting.source_sha256 and meeting.source_text.strip() and meeting.source_name.endswith(".txt")
        attachment = meeting.attachments.get()
        assert attachment.sha256 == meeting.source_sha256
        assert attachment.file.read().decode("utf-8") == meeting.source_text
    m2022 = Meeting.objects.get(group__name="VSG", protocol_number="02/2022")
    assert m2022.group.administration == "Socialförvaltningen"
    assert [(a.name, a.party.name) for a in m2022.adjusters.all()] == [
        ("Christina Gustafsson", "Kommunal"), ("Cecilia Cederström", "Akademikerförbundet SSR"),
    ]
    decisions = Decision.objects.filter(item__meeting=m2022)
    assert [d.outcome for d in decisions] == ["agreed"] * 3
    assert {(p.party.name, p.stand) for p in decisions[0].positions.all()} == {
        ("Akademikerförbundet SSR", "agree"), ("Kommunal", "agree"), ("Arbetsgivaren", "agree"),
    }
    # SSR, Kommunal and the employer were matched, not created again.
    assert Party.objects.count() == 3
    m2019 = Meeting.objects.get(protocol_number="3/2019")
    assert (m2019.dnr, m2019.document_date.isoformat(), m2019.closing_text) == (
        "03/2019", "2019-04-09", "Ordförande avslutar mötet.")
    assert ItemSearch.objects.filter(item__meeting=m2019).count() == m2019.items.count() == 13
    assert "3 of 3" in out or "3 av 3" in out


def test_the_items_per_section_are_the_ones_written_by_hand(parties):
    run(*FILES)
    for name, expected in MINUTES.items():
        meeting = Meeting.objects.get(source_name=name)
        assert [(i.kind, i.title, i.presenter or None) for i in meeting.items.order_by("position")] == [
            (e["kind"], e["title"], e["presenter"]) for e in expected["items"]
        ]


def test_adjusters_named_without_party_get_the_party_of_the_user_of_that_name(parties, adjuster, other_adjuster):
    run(str(CORPUS / "fsg-vsg-2020-11-16.txt"))
    meeting = Meeting.objects.get()
    assert [(a.name, a.party.name) for a in meeting.adjusters.all()] == [
        ("Christina Gustafsson", "Kommunal"), ("Cecilia Cederström", "Akademikerförbundet SSR"),
    ]


def test_an_adjuster_without_a_known_party_is_reported_not_invented(parties):
    out, err, error = run(str(CORPUS / "fsg-vsg-2020-11-16.txt"))
    assert error is None
    assert "Christina Gustafsson" in err
    assert not Adjuster.objects.exists()
    assert "Christina Gustafsson och Cecilia Cederström valdes som justerare." in AgendaItem.objects.get(
        title="Val av justerare").body


def test_importing_the_same_file_again_creates_no_duplicate(parties, tmp_path):
    run(*FILES)
    copy = tmp_path / "kopia.txt"
    copy.write_bytes(Path(FILES[0]).read_bytes())
    out, err, error = run(str(copy), "--json")
    assert error is None
    assert Meeting.objects.count() == 3
    (meeting,) = json.loads(out)["meetings"]
    assert meeting["id"] == Meeting.objects.get(source_name="fsg-vsg-2019-03-25.txt").pk


def test_json_is_the_only_output_on_stdout_and_follows_the_schema(parties):
    out, err, error = run(*FILES, "--json", "--dry-run")
    assert error is None
    data = json.loads(out)
    assert list(data) == ["meetings"]
    assert len(data["meetings"]) == 3
    for meeting in data["meetings"]:
        assert set(meeting) == {"id", "source", "group", "administration", "date", "protocol", "dnr", "place",
                                "document_type", "negotiation", "ocr_confidence", "adjusters", "items",
                                "unclassified"}
        assert meeting["document_type"] == "cooperation" and meeting["ocr_confidence"] is None
        assert meeting["id"] is None
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", meeting["date"])
        for adjuster in meeting["adjusters"]:
            assert set(adjuster) == {"name", "party"}
        for item in meeting["items"]:
            assert set(item) == {"kind", "title", "presenter", "body", "union_inputs", "decision"}
            assert item["kind"] in ("information", "dialog", "decision", "other")
            for union_input in item["union_inputs"]:
                assert set(union_input) == {"party", "text", "after_block"}
            if item["decision"] is not None:
                assert set(item["decision"]) == {"text", "outcome", "positions"}
                assert item["decision"]["outcome"] in ("agreed", "disagreed", "no_objection", "deferred", "unknown")
                for position in item["decision"]["positions"]:
                    assert set(position) == {"party", "position"}
    m2022 = next(m for m in data["meetings"] if m["source"] == "vsg-2022-03-21.txt")
    assert m2022["items"][-1]["union_inputs"] == [
        {"party": "Akademikerförbundet SSR", "text": m2022["items"][-1]["union_inputs"][0]["text"],
         "after_block": m2022["items"][-1]["union_inputs"][0]["after_block"]}
    ]
    # The progress bar is on stderr, never on stdout.
    assert "3/3" in err and "[" not in out.split("{", 1)[0]


def test_dry_run_saves_nothing(parties):
    out, err, error = run(*FILES, "--dry-run")
    assert error is None
    assert not Meeting.objects.exists() and not Attachment.objects.exists()
    assert "FSG/VSG 2019-03-25" in out


def bad_files(tmp_path):
    files = {
        "tom.txt": b"",
        "binar.txt": bytes(range(256)) * 4,
        "trasig.docx": b"PK\x03\x04 not really a zip",
        "trasig.pdf": b"%PDF-1.7\n1 0 obj <<>> garbage",
        "gammal.doc": b"\xd0\xcf\x11\xe0 old word",
    }
    paths = []
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(str(path))
    return paths


def test_bad_files_are_reported_and_the_others_still_import(parties, tmp_path):
    paths = bad_files(tmp_path)
    out, err, error = run(paths[0], FILES[2], *paths[1:])
    assert isinstance(error, CommandError)
    assert "5" in str(error)
    assert Meeting.objects.count() == 1 and Meeting.objects.get().source_name == "vsg-2022-03-21.txt"
    assert Attachment.objects.count() == 1
    for name in ("tom.txt", "binar.txt", "trasig.docx", "trasig.pdf", "gammal.doc"):
        assert re.search(rf"{re.escape(name)}: (not imported|importerades inte)", err), name
    assert "Traceback" not in err


def test_an_oversized_file_is_refused_before_it_is_read(parties, settings, tmp_path):
    settings.ATTACHMENT_MAX_BYTES = 1000
    out, err, error = run(FILES[0])
    assert error is not None and not Meeting.objects.exists()
    assert "MB" in err


def test_group_option_puts_the_minutes_in_that_group(parties):
    other = factories.make_group("VSG Vuxen", "Socialförvaltningen")
    out, err, error = run(FILES[2], "--group", "VSG Vuxen")
    assert error is None
    assert Meeting.objects.get().group == other


def test_unknown_group_option_is_a_plain_error(parties):
    out, err, error = run(FILES[2], "--group", "Finns inte")
    assert isinstance(error, CommandError) and "Finns inte" in str(error)
    assert not Meeting.objects.exists()


def test_a_new_group_and_a_new_union_are_created(parties, tmp_path):
    path = tmp_path / "lsg.txt"
    path.write_text(
        "Minnesanteckningar från samverkansgrupp LSG – Kulturförvaltningen den 4 september 2023\n\n"
        "Bilaga till protokoll 7/2023\n\nInformation:\n\nVal av justerare\n"
        "Per Ek, DIK och Eva Ros, Kommunal valdes som justerare.\n\n"
        "Beslut:\n\nNy rutin\nRutinen antas. DIK har inget att invända.\n",
        encoding="utf-8",
    )
    out, err, error = run(str(path))
    assert error is None, err
    meeting = Meeting.objects.get()
    assert (meeting.group.name, meeting.group.administration) == ("LSG", "Kulturförvaltningen")
    assert Party.objects.get(name="DIK").kind == "union"
    decision = Decision.objects.get()
    assert decision.outcome == "no_objection"
    assert [(p.party.name, p.stand) for p in decision.positions.all()] == [("DIK", "no_objection")]


def test_a_file_without_date_is_refused_and_nothing_is_saved(parties, tmp_path):
    path = tmp_path / "utan-datum.txt"
    path.write_text("Minnesanteckningar från samverkansgrupp FSG – Socialförvaltningen\n\nInformation:\n\n"
                    "Nytt\nText.\n", encoding="utf-8")
    out, err, error = run(str(path))
    assert error is not None and not Meeting.objects.exists()
    assert not CooperationGroup.objects.filter(name="FSG").exists()
    assert "date" in err or "datum" in err


def test_same_protocol_number_in_the_same_group_is_refused(parties):
    run(FILES[2])
    modified = Path(FILES[2]).read_text(encoding="utf-8") + "\nEn rad till.\n"
    path = Path(settings.MEDIA_ROOT).parent / "andra.txt"
    path.write_text(modified, encoding="utf-8")
    out, err, error = run(str(path))
    assert error is not None and Meeting.objects.count() == 1
    assert "02/2022" in err


# --- Round trip: import, the app's PDF, the text extracted from it ------------------------------


def pdf_words(pdf):
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " " + " ".join(re.findall(r"\w+", text.replace("-", ""))) + " "


@pytest.mark.parametrize("name", sorted(MINUTES))
def test_round_trip_through_the_pdf_keeps_every_paragraph_in_order(parties, name, settings):
    run(str(CORPUS / name))
    meeting = Meeting.objects.get()
    words = pdf_words(render_minutes_pdf(meeting, append_attachments=False))
    position = 0
    count = 0
    for _kind, _label, items in meeting.items_by_section():
        for item in items:
            # The body with the union inputs at their place, as the PDF prints them.
            texts = [item.title]
            for part, content in item.content_parts():
                if part == "union":
                    texts += paragraphs(content.text)
                    continue
                for block in content:
                    texts += [" ".join(i) for i in block.items] if block.kind == "bullets" else [block.text]
            if item.kind == "decision" and hasattr(item, "decision"):
                texts += paragraphs(item.decision.text)
            for text in texts:
                for word in re.findall(r"\w+", text.replace("-", "")):
                    found = words.find(f" {word} ", position)
                    assert found >= 0, (item.title, text[:60], word)
                    position = found
                count += 1
    assert count > 10
