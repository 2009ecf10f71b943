"""E-archive packages (E-ARK SIP 2.1.0 / FGS Paketstruktur 2.0): export_sip, the zip download, eark-validator."""

import hashlib
import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from lxml import etree

from meetings.models import Meeting
from tests import eark, factories
from tests.sealed import final_pdf

METS = "{http://www.loc.gov/METS/}"
XLINK = "{http://www.w3.org/1999/xlink}"
PREMIS = "{http://www.loc.gov/premis/v3}"
DC = "{http://purl.org/dc/elements/1.1/}"
# eark-validator 1.1.3 applies SIP14 (a note of a CREATOR agent has NOTETYPE="IDENTIFICATIONCODE") to
# the software agent too, whose one note CSIP15/CSIP16 require to be csip:NOTETYPE="SOFTWARE VERSION":
# no package can satisfy both. Every other check passes.
KNOWN_VALIDATOR_CONFLICTS = {"SIP14"}


def export(tmp_path, *args):
    out = tmp_path / "out"
    call_command("export_sip", "--output", str(out), *args)
    return sorted(p for p in out.iterdir() if p.is_dir())


def test_export_writes_a_package_that_passes_eark_validator(sealed_minutes, tmp_path):
    [package] = export(tmp_path)
    report = eark.validate(package)
    assert report.structure.status.name == "WELLFORMED"
    assert report.metadata.schema_results.status.name == "VALID"
    assert {rule for _severity, rule, _message in eark.problems(report)} <= KNOWN_VALIDATOR_CONFLICTS, \
        eark.problems(report)
    # Not vacuous: a broken package fails the same validator.
    (package / "METS.xml").unlink()
    assert eark.validate(package).structure.status.name != "WELLFORMED"


def test_the_package_folder_is_named_by_its_objid_and_holds_the_sealed_pdf(sealed_minutes, tmp_path):
    [package] = export(tmp_path)
    mets = etree.parse(str(package / "METS.xml")).getroot()
    assert mets.get("OBJID") == package.name
    assert mets.get("PROFILE") == "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
    data = list((package / "representations" / "rep1" / "data").iterdir())
    pdfs = [p for p in data if p.suffix == ".pdf"]
    assert [p.read_bytes() for p in pdfs] == [final_pdf(sealed_minutes)]
    agents = {(a.get("ROLE"), a.get("TYPE"), a.findtext(f"{METS}name")) for a in mets.iter(f"{METS}agent")}
    assert ("CREATOR", "OTHER", "Samverkan") in agents
    assert ("ARCHIVIST", "ORGANIZATION", "Socialförvaltningen") in agents


def test_every_file_in_the_package_has_its_checksum_in_a_mets_file(sealed_minutes, tmp_path, settings):
    settings.ARCHIVAL_CREATOR = "Exempels kommun"
    [package] = export(tmp_path)
    listed = {}
    for mets_path in (package / "METS.xml", package / "representations" / "rep1" / "METS.xml"):
        base = mets_path.parent
        for element in etree.parse(str(mets_path)).getroot().iter(f"{METS}file", f"{METS}mdRef"):
            href = element.get(f"{XLINK}href") or element.find(f"{METS}FLocat").get(f"{XLINK}href")
            listed[(base / href).resolve()] = (element.get("CHECKSUMTYPE"), element.get("CHECKSUM"))
    files = [p.resolve() for p in package.rglob("*") if p.is_file() and p != package / "METS.xml"]
    assert files
    for path in files:
        assert path in listed, f"{path} has no checksum"
        kind, checksum = listed[path]
        assert kind == "SHA-256" and checksum.lower() == hashlib.sha256(path.read_bytes()).hexdigest()
    mets = etree.parse(str(package / "METS.xml")).getroot()
    assert "Exempels kommun" in {a.findtext(f"{METS}name") for a in mets.iter(f"{METS}agent")}


def test_premis_records_adjustment_each_signature_and_the_seal_with_fixity(sealed_minutes, tmp_path):
    [package] = export(tmp_path)
    premis = etree.parse(str(package / "metadata" / "preservation" / "premis.xml")).getroot()
    events = [(e.findtext(f"{PREMIS}eventType"), e.findtext(f".//{PREMIS}eventDetail"))
              for e in premis.iter(f"{PREMIS}event")]
    types = [kind for kind, _ in events]
    assert types.count("justering") == 1
    signatures = list(sealed_minutes.signatures.filter(voided_at__isnull=True))
    assert types.count("digital signature generation") == len(signatures) + 1
    details = " ".join(detail for _, detail in events)
    for signature in signatures:
        assert signature.adjuster_name in details and signature.verification_code in details
    assert "PAdES" in details and "Samverkan testsvitens sigill" in details
    digests = {o.findtext(f".//{PREMIS}objectIdentifierValue"): o.findtext(f".//{PREMIS}messageDigest")
               for o in premis.iter(f"{PREMIS}object")}
    for path, digest in digests.items():
        assert hashlib.sha256((package / path).read_bytes()).hexdigest() == digest


def test_descriptive_metadata_names_title_date_group_numbers_and_decisions(sealed_minutes, tmp_path, ssr):
    from meetings.models import AgendaItem

    [package] = export(tmp_path)
    dc = etree.parse(str(package / "metadata" / "descriptive" / "dc.xml")).getroot()
    assert dc.findtext(f"{DC}title") == sealed_minutes.heading
    assert dc.findtext(f"{DC}date") == "2020-11-16"
    identifiers = [e.text for e in dc.iter(f"{DC}identifier")]
    assert "Protokoll 11/2020" in identifiers and "DNR SOF 2020/123" in identifiers
    assert "FSG/VSG" in dc.findtext(f"{DC}creator")
    decisions = [i for i in Meeting.objects.with_contents().get(pk=sealed_minutes.pk).items.all()
                 if i.kind == AgendaItem.Kind.DECISION and getattr(i, "decision", None)]
    descriptions = [e.text for e in dc.iter(f"{DC}description")]
    assert len(descriptions) == len(decisions)


def test_filters_and_ids_choose_the_minutes(sealed_minutes, tmp_path, capsys):
    assert len(export(tmp_path, "--year", "2020")) == 1
    assert export(tmp_path / "b", "--year", "2019") == []
    out = capsys.readouterr().out
    assert "No adjusted minutes match" in out
    assert len(export(tmp_path / "c", "--group", "FSG/VSG – Socialförvaltningen")) == 1
    assert len(export(tmp_path / "d", str(sealed_minutes.pk))) == 1
    draft = factories.make_meeting(group=sealed_minutes.group, date=sealed_minutes.date, protocol_number="12/2020")
    with pytest.raises(CommandError, match=f"Not adjusted minutes.*{draft.pk}"):
        export(tmp_path / "e", str(draft.pk))


def test_imported_minutes_are_exported_with_a_pdf_sealed_at_export(db, group, tmp_path, secretary):
    from meetings.importer.saving import import_file

    text = ("Minnesanteckningar från samverkansgrupp FSG/VSG – Socialförvaltningen den 3 februari 2020\n\n"
            "Information\n\n1. Budget, Ekonomichef\nBudgeten presenterades.\n")
    outcome = import_file(data=text.encode(), filename="minnesanteckningar-2020-02-03.txt", group=group,
                          user=secretary)
    assert outcome.ok, outcome.error
    [package] = export(tmp_path)
    data = package / "representations" / "rep1" / "data"
    names = sorted(p.name for p in data.iterdir())
    assert "minnesanteckningar-2020-02-03.txt" in names
    from meetings import sealing

    [pdf] = [p for p in data.iterdir() if p.suffix == ".pdf"]
    assert sealing.validate_seal(pdf.read_bytes()).ok
    report = eark.validate(package)
    assert {rule for _s, rule, _m in eark.problems(report)} <= KNOWN_VALIDATOR_CONFLICTS


def test_the_archivist_downloads_the_zip_from_the_meeting_page(client, sealed_minutes, secretary, manager, tmp_path):
    url = reverse("meetings:meeting_sip", args=[sealed_minutes.pk])
    client.force_login(manager)
    assert client.get(url).status_code == 403
    assert url not in client.get(sealed_minutes.get_absolute_url()).content.decode()
    client.force_login(secretary)
    assert url in client.get(sealed_minutes.get_absolute_url()).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = tmp_path / "package.zip"
    archive.write_bytes(response.content)
    with zipfile.ZipFile(io.BytesIO(response.content)) as opened:
        roots = {name.split("/", 1)[0] for name in opened.namelist()}
    assert len(roots) == 1 and f'filename="{roots.pop()}.zip"' in response["Content-Disposition"]
    report = eark.validate(archive)
    assert {rule for _s, rule, _m in eark.problems(report)} <= KNOWN_VALIDATOR_CONFLICTS


def test_superusers_are_archivists_too_and_adjusters_are_not(client, sealed_minutes, adjuster):
    from tests import factories as f

    url = reverse("meetings:meeting_sip", args=[sealed_minutes.pk])
    client.force_login(adjuster)
    assert client.get(url).status_code == 403
    client.force_login(f.make_user(username="admin", is_superuser=True, is_staff=True))
    assert client.get(url).status_code == 200


def test_draft_minutes_have_no_package(client, meeting, secretary):
    client.force_login(secretary)
    assert client.get(reverse("meetings:meeting_sip", args=[meeting.pk])).status_code == 403
