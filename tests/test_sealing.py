"""The seal on the final PDF: PAdES certification without changes, PDF/A kept.

Checked with independent parsers only: pyHanko's command line in a separate
process, pikepdf and lxml for the PDF/A structure, pypdf for the text.
"""

import datetime
import os
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pikepdf
import pytest
from django.core.management import call_command
from lxml import etree
from pypdf import PdfReader

from meetings import checks, sealing
from meetings.models import Meeting
from tests.sealed import final_pdf, one_byte_changed

ROOT = Path(__file__).resolve().parent.parent
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NS = {
    "rdf": RDF, "x": "adobe:ns:meta/", "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/", "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/", "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#", "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
}


def pyhanko_cli(path, ca_path):
    """pyHanko's own command line, in a process of its own: nothing of the app is loaded."""
    return subprocess.run(
        [str(Path(sys.executable).parent / "pyhanko"), "sign", "validate", "--no-revocation-check",
         "--trust", str(ca_path), "--trust-replace", "--pretty-print", str(path)],
        capture_output=True, text=True, timeout=120, check=False,
    )


# --- The seal, validated outside the app ------------------------------------------------


def test_final_pdf_validates_outside_the_app_and_a_changed_byte_fails(sealed_minutes, tmp_path, seal_certificate):
    data = final_pdf(sealed_minutes)
    good = tmp_path / "final.pdf"
    good.write_bytes(data)
    result = pyhanko_cli(good, seal_certificate[2])
    assert result.returncode == 0, result.stdout + result.stderr
    summary = result.stdout
    for finding in ("The signature is cryptographically sound", "The signer's certificate is trusted",
                    "The signature covers the entire file", "The signature is judged VALID",
                    "Samverkan testsvitens sigill"):
        assert finding in summary, summary

    bad = tmp_path / "changed.pdf"
    bad.write_bytes(one_byte_changed(data))
    changed = pyhanko_cli(bad, seal_certificate[2])
    assert changed.returncode != 0
    assert "The signature is judged VALID" not in changed.stdout


def test_the_seal_is_a_certification_permitting_no_changes_appended_after_the_pdfa_content(sealed_minutes):
    data = final_pdf(sealed_minutes)
    first_revision = data[: data.index(b"%%EOF") + 5]
    with pikepdf.open(BytesIO(first_revision)) as original:
        assert "/AcroForm" not in original.Root and "/Perms" not in original.Root
        assert original.open_metadata().get("pdfaid:part") == "3"
    with pikepdf.open(BytesIO(data)) as sealed:
        docmdp = sealed.Root.Perms.DocMDP
        assert docmdp.Type == "/Sig" and docmdp.SubFilter == "/ETSI.CAdES.detached"
        transform = docmdp.Reference[0]
        assert transform.TransformMethod == "/DocMDP" and int(transform.TransformParams.P) == 1
        # B-LT's certificate part: the chain is in the document security store.
        assert len(sealed.Root.DSS.Certs) >= 2


def test_the_seal_validates_in_the_app_against_the_trust_roots(sealed_minutes):
    report = sealing.validate_seal(final_pdf(sealed_minutes))
    assert report.ok and report.certified_no_changes and not report.demo
    assert report.signer == "Samverkan testsvitens sigill"
    untrusted = sealing.validate_seal(final_pdf(sealed_minutes), roots=[])
    assert untrusted.intact and untrusted.valid and not untrusted.trusted and not untrusted.ok


# --- PDF/A kept after sealing (pikepdf, lxml) ----------------------------------------------


def _xmp(pdf):
    root = etree.fromstring(pdf.Root.Metadata.read_bytes())
    return root


def _value(root, name):
    """A simple XMP property, as an attribute or an element of any rdf:Description."""
    prefix, local = name.split(":")
    uri = NS[prefix]
    for description in root.iter(f"{{{RDF}}}Description"):
        if f"{{{uri}}}{local}" in description.attrib:
            return description.attrib[f"{{{uri}}}{local}"]
        element = description.find(f"{{{uri}}}{local}")
        if element is not None:
            items = element.findall(f".//{{{RDF}}}li")
            return items[0].text if items else element.text
    return None


def _instant(value):
    if value.startswith("D:"):
        value = value[2:].replace("'", "")
        stamp = datetime.datetime.strptime(value[:14], "%Y%m%d%H%M%S")
        zone = value[14:]
        offset = datetime.timedelta(0) if zone in ("", "Z") else (
            (1 if zone[0] == "+" else -1) * datetime.timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5])))
        return stamp.replace(tzinfo=datetime.timezone(offset))
    return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_sealed_pdf_keeps_its_pdfa_identification_and_consistent_metadata(sealed_minutes):
    with pikepdf.open(BytesIO(final_pdf(sealed_minutes))) as pdf:
        xmp = _xmp(pdf)  # raises unless well-formed XML
        assert xmp.find(f".//{{{RDF}}}RDF") is not None
        assert _value(xmp, "pdfaid:part") == "3" and _value(xmp, "pdfaid:conformance") == "B"
        info = pdf.docinfo
        assert str(info["/Title"]) == _value(xmp, "dc:title") == sealed_minutes.heading
        assert str(info["/Author"]) == _value(xmp, "dc:creator")
        assert str(info["/Subject"]) == _value(xmp, "dc:description") == "Bilaga till protokoll 11/2020"
        assert str(info["/Creator"]) == _value(xmp, "xmp:CreatorTool")
        assert str(info["/Producer"]) == _value(xmp, "pdf:Producer")
        assert _instant(str(info["/CreationDate"])) == _instant(_value(xmp, "xmp:CreateDate"))
        assert _instant(str(info["/ModDate"])) == _instant(_value(xmp, "xmp:ModifyDate"))
        assert _value(xmp, "dc:language") == "sv"
        assert str(pdf.Root.Lang).startswith("sv")


def test_the_extension_schema_declares_the_recorded_content_hash(sealed_minutes):
    with pikepdf.open(BytesIO(final_pdf(sealed_minutes))) as pdf:
        xmp = _xmp(pdf)
    schemas = xmp.findall(f".//{{{NS['pdfaExtension']}}}schemas//{{{RDF}}}li")
    assert schemas, "no PDF/A extension schema"
    text = etree.tostring(xmp).decode()
    namespace = "https://samverkan.se/ns/pdf/1.0/"
    assert namespace in text
    # The prefix the schema declares is the one the property is written with.
    declared = [e for e in xmp.iter() if e.tag == f"{{{NS['pdfaSchema']}}}prefix"] or [
        d for d in xmp.iter(f"{{{RDF}}}Description") if f"{{{NS['pdfaSchema']}}}prefix" in d.attrib]
    prefix = declared[0].text if hasattr(declared[0], "text") and declared[0].text else declared[0].attrib[
        f"{{{NS['pdfaSchema']}}}prefix"]
    assert prefix == "samverkan"
    assert f'xmlns:{prefix}="{namespace}"' in text
    properties = [e.text for e in xmp.iter(f"{{{NS['pdfaProperty']}}}name")] + [
        d.attrib[f"{{{NS['pdfaProperty']}}}name"] for d in xmp.iter(f"{{{RDF}}}Description")
        if f"{{{NS['pdfaProperty']}}}name" in d.attrib]
    assert "contentSHA256" in properties
    recorded = [d.attrib.get(f"{{{namespace}}}contentSHA256") for d in xmp.iter(f"{{{RDF}}}Description")]
    recorded += [e.text for e in xmp.iter(f"{{{namespace}}}contentSHA256")]
    assert Meeting.objects.with_contents().get(pk=sealed_minutes.pk).content_hash() in recorded


def _fonts(resources, seen):
    fonts = []
    if resources is None:
        return fonts
    for font in (resources.get("/Font") or {}).values():
        fonts.append(font)
    for xobject in (resources.get("/XObject") or {}).values():
        if xobject.objgen not in seen:
            seen.add(xobject.objgen)
            fonts.extend(_fonts(xobject.get("/Resources"), seen))
    return fonts


def _embedded(font):
    if "/DescendantFonts" in font:
        font = font.DescendantFonts[0]
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_every_font_is_embedded_also_in_the_seal_appearance_and_the_output_intent_stays(sealed_minutes):
    with pikepdf.open(BytesIO(final_pdf(sealed_minutes))) as pdf:
        seen = set()
        fonts = []
        for page in pdf.pages:
            fonts.extend(_fonts(page.obj.get("/Resources"), seen))
            for annotation in page.obj.get("/Annots") or []:
                appearance = annotation.get("/AP")
                if appearance is not None:
                    fonts.extend(_fonts(appearance.N.get("/Resources"), seen))
        assert fonts and all(_embedded(font) for font in fonts)
        intents = pdf.Root.OutputIntents
        assert intents[0].S == "/GTS_PDFA1" and "/DestOutputProfile" in intents[0]
        # Tagged: WeasyPrint's pdf_tags combine with PDF/A-3b.
        assert bool(pdf.Root.MarkInfo.Marked) and "/StructTreeRoot" in pdf.Root


# --- The Justering section and the visible seal ----------------------------------------------


def test_the_justering_section_lists_the_signatures_and_the_seal_with_its_visible_appearance(sealed_minutes):
    data = final_pdf(sealed_minutes)
    reader = PdfReader(BytesIO(data))
    texts = [page.extract_text() for page in reader.pages]
    page_index = max(i for i, text in enumerate(texts) if "Justering" in text)
    text = " ".join(texts[page_index].split())
    for signature in sealed_minutes.signatures.filter(voided_at__isnull=True):
        assert signature.adjuster_name in text and signature.party_name in text
        assert signature.verification_code in text
    assert "Förseglad av: Samverkan testsvitens sigill" in text
    content_hash = Meeting.objects.with_contents().get(pk=sealed_minutes.pk).content_hash()
    assert content_hash[:16] in text.replace(" ", "")
    with pikepdf.open(BytesIO(data)) as pdf:
        page = pdf.pages[page_index]
        widgets = [a for a in page.obj.get("/Annots") or [] if a.get("/FT") == "/Sig"]
        assert len(widgets) == 1
        widget = widgets[0]
        x1, y1, x2, y2 = (float(v) for v in widget.Rect)
        assert x2 - x1 > 100 and y2 - y1 > 40, "the seal's appearance is visible, not a zero-size field"
        assert int(widget.F) & 4, "printed (PDF/A wants the print flag)"
        appearance = widget.AP.N.read_bytes()
        assert b"Tj" in appearance or b"TJ" in appearance


# --- Certificates and settings --------------------------------------------------------------


def test_the_demo_certificate_is_made_once_and_named_as_a_test_certificate(settings, tmp_path):
    settings.SEAL_PKCS12_PATH = ""
    settings.SEAL_TRUST_ROOTS = []
    settings.SEAL_DEMO_DIR = str(tmp_path / "demo")
    path = sealing.ensure_demo_certificate()
    assert path.is_file() and oct(path.stat().st_mode & 0o777) == "0o600"
    modified = path.stat().st_mtime_ns
    assert sealing.ensure_demo_certificate() == path and path.stat().st_mtime_ns == modified
    creds = sealing.credentials(create_demo=False)
    assert creds.is_demo
    cert = sealing.signer(creds).signing_cert
    assert sealing.certificate_name(cert) == "Samverkan testsigill – ej för produktion"


def test_production_refuses_the_demo_certificate_and_a_missing_one(settings, tmp_path):
    settings.DEBUG = False
    settings.SEAL_PKCS12_PATH = ""
    settings.SEAL_TRUST_ROOTS = []
    settings.SEAL_DEMO_DIR = str(tmp_path / "none")
    assert [e.id for e in checks.seal_certificate(None)] == ["meetings.E016"]
    settings.SEAL_DEMO_DIR = str(tmp_path / "demo")
    settings.DEBUG = True
    sealing.ensure_demo_certificate()
    settings.DEBUG = False
    assert [e.id for e in checks.seal_certificate(None)] == ["meetings.E017"]


def test_production_refuses_a_wrong_password(settings):
    settings.DEBUG = False
    settings.SEAL_PKCS12_PASSWORD = "wrong"
    assert [e.id for e in checks.seal_certificate(None)] == ["meetings.E016"]


PRODUCTION = {"DEBUG": "false", "SECRET_KEY": "k" * 30 + "9f8e7d6c5b4a3210ZYXWVUTSRQ",
              "ALLOWED_HOSTS": "samverkan.example.se", "SIGNATURE_HMAC_KEY": "h" * 40}


def _manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SEAL_")}
    environment.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120, check=False)


def test_check_deploy_passes_with_a_real_certificate_and_fails_with_the_demo_one(seal_certificate, tmp_path):
    p12, password, ca = seal_certificate
    password_file = tmp_path / "password"
    password_file.write_text(password + "\n")
    real = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, SEAL_PKCS12_PATH=str(p12),
                   SEAL_PKCS12_PASSWORD_FILE=str(password_file), SEAL_TRUST_ROOTS=str(ca))
    assert real.returncode == 0, real.stdout + real.stderr
    demo_folder = tmp_path / "demo"
    made = _manage("seal_demo_certificate", SEAL_DEMO_DIR=str(demo_folder))
    assert made.returncode == 0 and "ej för produktion" in made.stdout, made.stderr
    demo = _manage("check", "--deploy", **PRODUCTION, SEAL_DEMO_DIR=str(demo_folder))
    assert demo.returncode != 0 and "meetings.E017" in demo.stderr


@pytest.mark.parametrize(("env", "message"), [
    ({"SEAL_PKCS12_PATH": "/nonexistent/seal.p12"}, "SEAL_PKCS12_PATH names"),
    ({"SEAL_TSA_URL": "ftp://tsa.example.se"}, "SEAL_TSA_URL must start with http"),
    ({"SEAL_TRUST_ROOTS": "/nonexistent/ca.pem"}, "SEAL_TRUST_ROOTS names"),
    ({"VERIFY_PUBLIC": "perhaps"}, "VERIFY_PUBLIC must be true or false"),
])
def test_malformed_seal_settings_fail_loudly(env, message):
    result = _manage("check", **env)
    assert result.returncode != 0 and message in result.stderr


def test_password_and_password_file_together_are_refused(tmp_path):
    password_file = tmp_path / "password"
    password_file.write_text("x")
    result = _manage("check", SEAL_PKCS12_PASSWORD="x", SEAL_PKCS12_PASSWORD_FILE=str(password_file))
    assert result.returncode != 0 and "not both" in result.stderr


def test_load_demo_command_makes_the_demo_certificate_first(settings, tmp_path, monkeypatch):
    settings.DEBUG = True
    settings.SEAL_PKCS12_PATH = ""
    settings.SEAL_DEMO_DIR = str(tmp_path / "demo")
    from meetings import demo

    monkeypatch.setattr(demo, "load", lambda: (_ for _ in ()).throw(RuntimeError("stop after the certificate")))
    with pytest.raises(RuntimeError):
        call_command("load_demo")
    assert (tmp_path / "demo" / "seal.p12").is_file()


def test_the_reading_copy_with_appended_pages_carries_no_broken_seal(sealed_minutes):
    from types import SimpleNamespace

    from meetings.pdf import append_attachment_pages, render_agenda_pdf

    appendix = render_agenda_pdf(sealed_minutes)
    reading = append_attachment_pages(final_pdf(sealed_minutes), [(SimpleNamespace(title="Bilaga 1"), appendix)])
    with pikepdf.open(BytesIO(reading)) as pdf:
        assert "/AcroForm" not in pdf.Root and "/Perms" not in pdf.Root
        assert not [a for page in pdf.pages for a in page.obj.get("/Annots") or [] if a.get("/FT") == "/Sig"]
    assert not sealing.validate_seal(reading).present


def test_sealing_with_the_demo_certificate_is_refused_in_production(settings, tmp_path, meeting, item):
    from meetings.pdf import render_minutes_pdf

    settings.SEAL_PKCS12_PATH = ""
    settings.SEAL_TRUST_ROOTS = []
    settings.SEAL_DEMO_DIR = str(tmp_path / "demo")
    settings.DEBUG = True
    pdf = render_minutes_pdf(meeting)
    assert sealing.validate_seal(sealing.seal_pdf(pdf, meeting=meeting)).demo  # made on demand in DEBUG
    settings.DEBUG = False
    with pytest.raises(sealing.SealError, match="demo seal certificate"):
        sealing.seal_pdf(pdf, meeting=meeting)
