"""Imported originals and uploaded attachments travel inside the PDF/A-3 with correct names (/F ASCII, /UF)."""

from io import BytesIO

import pikepdf
from django.core.files.base import ContentFile

from meetings.importer.saving import import_file
from meetings.models import Attachment
from meetings.pdf import render_minutes_pdf
from meetings.pdf_metadata import ascii_filename

TEXT = ("Minnesanteckningar från samverkansgrupp FSG/VSG – Socialförvaltningen den 3 februari 2020\n\n"
        "Information\n\n1. Budget, Ekonomichef\nBudgeten presenterades.\n")


def embedded_files(data):
    """{/UF: (/F, bytes, AFRelationship)} read with pikepdf; also checks each is listed in the catalog's /AF."""
    with pikepdf.open(BytesIO(data)) as pdf:
        tree = pikepdf.NameTree(pdf.Root.Names.EmbeddedFiles)
        associated = {spec.objgen for spec in pdf.Root.get("/AF", [])}
        files = {}
        for key, spec in tree.items():
            assert spec.objgen in associated, "an embedded file that is not an associated file"
            assert key == str(spec.UF)
            files[str(spec.UF)] = (bytes(spec.F), spec.EF.F.read_bytes(), str(spec.AFRelationship))
        return files


def test_imported_minutes_embed_their_original_with_ascii_f_and_unicode_uf(group, secretary):
    outcome = import_file(data=TEXT.encode(), filename="minnesanteckningar-överläggning-3-feb.txt", group=group,
                          user=secretary)
    assert outcome.ok, outcome.error
    files = embedded_files(render_minutes_pdf(outcome.meeting))
    [(name, (f_name, content, relationship))] = files.items()
    assert name.startswith("minnesanteckningar-överläggning-3-feb")
    assert f_name.decode("ascii").startswith("minnesanteckningar-overlaggning-3-feb")
    assert content == TEXT.encode() and relationship == "/Supplement"


def test_uploaded_attachments_of_the_final_pdf_get_the_same_names(meeting, item, secretary):
    attachment = Attachment(meeting=meeting, title="Bilaga", content_type="text/plain", size=3,
                            sha256="", uploaded_by=secretary)
    attachment.file.save("Åtgärdsplan för äldreomsorg.txt", ContentFile(b"abc"), save=False)
    attachment.save()
    files = embedded_files(render_minutes_pdf(meeting, append_attachments=False, embed_attachments=True))
    [(name, (f_name, content, _relationship))] = files.items()
    assert name.startswith("Åtgärdsplan") and f_name.decode("ascii").startswith("Atgardsplan_for_aldreomsorg")
    assert content == b"abc"


def test_ascii_fallback_keeps_letters_and_replaces_what_cannot_be_kept():
    assert ascii_filename("Överenskommelse – 2020.docx") == "Overenskommelse _ 2020.docx"
    assert ascii_filename("a/b:c.pdf") == "a_b_c.pdf"
    assert ascii_filename("東京") == "__"
