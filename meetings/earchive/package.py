"""Writing an E-ARK SIP 2.1.0 package (FGS Paketstruktur 2.0) for adjusted minutes.

The package, a folder named by its OBJID:

    METS.xml                                  package METS (CSIP + SIP profile), checksums of every file below
    metadata/descriptive/dc.xml               title, date, group, protocol and DNR numbers, decisions
    metadata/preservation/premis.xml          events (adjustment, each signature, the seal), fixity (SHA-256)
    representations/rep1/METS.xml             the representation's files
    representations/rep1/data/…               the sealed PDF/A-3b and the attachments
    representations/rep1/metadata/preservation/premis.xml   the files' fixity and format
    schemas/…                                 METS, xlink and the DILCIS extension schemas
    documentation/README.txt                  what the package holds, in Swedish

Imported minutes have no stored final PDF: theirs is rendered and sealed at
export (the sealing event then carries the export time).
"""

import hashlib
import io
import mimetypes
import re
import shutil
import tempfile
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from meetings import sealing
from meetings.earchive import documents
from meetings.models import Meeting
from meetings.pdf import pdf_filename, render_minutes_pdf

SOFTWARE = "Samverkan"
SOFTWARE_VERSION = "1.0"
REPRESENTATION = "rep1"
SCHEMAS = Path(__file__).resolve().parent / "schemas"
README = """E-arkivpaket (E-ARK SIP 2.1.0, FGS Paketstruktur 2.0) från Samverkan

Innehåll: justerade minnesanteckningar från en samverkansgrupp.

representations/rep1/data/  minnesanteckningarna som PDF/A-3b, förseglade med organisationens
                            elektroniska sigill (PAdES), och deras bilagor
metadata/descriptive/       beskrivande metadata (Dublin Core): rubrik, datum, grupp, protokoll, DNR, beslut
metadata/preservation/      bevarandemetadata (PREMIS): justeringen, varje underskrift, förseglingen,
                            kontrollsummor (SHA-256)
METS.xml                    paketets struktur och kontrollsummor för alla filer
"""


@dataclass
class Entry:
    path: str  # relative to the package root (or to the representation, in its METS)
    mimetype: str
    size: int
    sha256: str


def _entry(path, data, mimetype=None):
    mimetype = mimetype or mimetypes.guess_type(path)[0] or "application/octet-stream"
    return Entry(path=path, mimetype=mimetype, size=len(data), sha256=hashlib.sha256(data).hexdigest())


def _iso(value):
    return timezone.localtime(value).replace(microsecond=0).isoformat() if value else ""


def objid(meeting, pdf_sha256):
    """A stable identifier: the same minutes (and sealed PDF) always give the same package id."""
    name = f"{settings.SITE_URL}/meetings/{meeting.pk}/{pdf_sha256}"
    return f"uuid-{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def archival_creator(meeting):
    """The arkivbildare: ARCHIVAL_CREATOR, else the group's administration, else the group."""
    return settings.ARCHIVAL_CREATOR or meeting.group.administration or meeting.group.name


def exportable(*, ids=None, group=None, year=None):
    """Adjusted minutes to export; `group` is a name (or "name – administration"), `year` a number."""
    meetings = Meeting.objects.filter(status=Meeting.Status.ADJUSTED).select_related("group").order_by("date", "pk")
    if ids:
        meetings = meetings.filter(pk__in=ids)
    if group:
        name, _sep, administration = group.partition(" – ")
        meetings = meetings.filter(group__name__iexact=name.strip())
        if administration:
            meetings = meetings.filter(group__administration__iexact=administration.strip())
    if year:
        meetings = meetings.filter(date__year=year)
    return meetings


def sealed_pdf(meeting):
    """The sealed archival PDF: the stored final PDF, or for imported minutes one made now."""
    if meeting.final_pdf:
        with meeting.final_pdf.open("rb") as handle:
            return handle.read()
    pdf = render_minutes_pdf(meeting, append_attachments=False, embed_attachments=True)
    return sealing.seal_pdf(pdf, meeting=meeting)


def _safe_name(name, taken):
    base = re.sub(r"[^\w.\- ]", "_", name).strip(" .") or "bilaga"
    candidate, counter = base, 2
    while candidate.lower() in taken:
        stem, dot, suffix = base.rpartition(".")
        candidate = f"{stem}-{counter}.{suffix}" if dot else f"{base}-{counter}"
        counter += 1
    taken.add(candidate.lower())
    return candidate


def _decisions(meeting):
    lines = []
    for item in meeting.items.all():
        decision = getattr(item, "decision", None) if item.kind == item.Kind.DECISION else None
        if decision is not None:
            lines.append(f"{item.title}: {decision.text} ({decision.get_outcome_display()})")
    return lines


def build(meeting):
    """{relative path: bytes} of the package, and its OBJID."""
    from django.utils import translation

    meeting = Meeting.objects.with_contents().get(pk=meeting.pk)
    with translation.override("sv"):
        return _build(meeting)


def _build(meeting):
    pdf = sealed_pdf(meeting)
    pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    package_id = objid(meeting, pdf_sha256)
    created = _iso(timezone.now())
    creator = archival_creator(meeting)
    files = {}
    rep = f"representations/{REPRESENTATION}"

    taken = set()
    data_files = [(_safe_name(pdf_filename(meeting), taken), pdf, "application/pdf")]
    for attachment in meeting.attachments.all():
        try:
            with attachment.file.open("rb") as handle:
                content = handle.read()
        except (OSError, ValueError):
            continue
        data_files.append((_safe_name(attachment.file.name.rsplit("/", 1)[-1], taken), content,
                           attachment.content_type or None))
    data_entries = []
    for name, content, mimetype in data_files:
        files[f"{rep}/data/{name}"] = content
        data_entries.append(_entry(f"data/{name}", content, mimetype))

    seal = sealing.validate_seal(pdf)
    pdf_path = data_entries[0].path
    agents = [("agent-software", f"{SOFTWARE} {SOFTWARE_VERSION}", "software"),
              ("agent-creator", creator, "organization"),
              ("agent-seal", seal.signer or sealing.seal_signer_name(), "software")]
    signatures = list(meeting.signatures.filter(voided_at__isnull=True).order_by("signed_at"))
    for signature in signatures:
        agents.append((f"agent-signature-{signature.pk}", f"{signature.adjuster_name} ({signature.party_name})",
                       "person"))
    events = [{
        "id": "event-adjustment", "type": "justering", "datetime": _iso(meeting.adjusted_at),
        "detail": ("Importerade minnesanteckningar, justerade före import" if meeting.is_imported
                   else "Minnesanteckningarna justerade: alla justerare har signerat"),
        "outcome": "success", "agents": ["agent-creator"], "objects": [pdf_path],
    }]
    for signature in signatures:
        events.append({
            "id": f"event-signature-{signature.pk}", "type": "digital signature generation",
            "datetime": _iso(signature.signed_at),
            "detail": f"Justerad av {signature.adjuster_name} för {signature.party_name}; innehållets SHA-256 "
                      f"{signature.content_hash} (kontrollkod {signature.verification_code})",
            "outcome": "success", "agents": [f"agent-signature-{signature.pk}"], "objects": [pdf_path],
        })
    events.append({
        "id": "event-seal", "type": "digital signature generation", "datetime": _iso(seal.signed_at),
        "detail": f"PAdES-sigill (certifiering, inga ändringar tillåtna) av {seal.signer}",
        "outcome": "success" if seal.ok else "failure", "agents": ["agent-seal"], "objects": [pdf_path],
    })
    rep_premis = documents.premis(
        objects=[(entry, "PDF/A-3b" if entry.mimetype == "application/pdf" and index == 0 else entry.mimetype)
                 for index, entry in enumerate(data_entries)],
        events=[], agents=[],
    )
    files[f"{rep}/metadata/preservation/premis.xml"] = rep_premis
    rep_premis_entry = _entry("metadata/preservation/premis.xml", rep_premis, "text/xml")
    mets_agents = [
        ("CREATOR", "OTHER", SOFTWARE, SOFTWARE_VERSION, "SOFTWARE VERSION"),
        ("ARCHIVIST", "ORGANIZATION", creator, "", ""),
    ]
    label = meeting.heading
    rep_mets = documents.representation_mets(
        objid=f"{package_id}-{REPRESENTATION}", label=label, created=created, agents=mets_agents,
        data=data_entries, preservation=[rep_premis_entry],
    )
    files[f"{rep}/METS.xml"] = rep_mets

    package_premis = documents.premis(
        objects=[(Entry(f"{rep}/{entry.path}", entry.mimetype, entry.size, entry.sha256),
                  "PDF/A-3b" if index == 0 else entry.mimetype)
                 for index, entry in enumerate(data_entries)],
        events=[{**event, "objects": [f"{rep}/{path}" for path in event["objects"]]} for event in events],
        agents=agents,
    )
    files["metadata/preservation/premis.xml"] = package_premis
    identifiers = [package_id]
    if meeting.protocol_number:
        identifiers.append(f"Protokoll {meeting.protocol_number}")
    if meeting.dnr:
        identifiers.append(f"DNR {meeting.dnr}")
    dc = documents.dublin_core(
        title=meeting.heading, date=meeting.date.isoformat(), creator=str(meeting.group), publisher=creator,
        identifiers=identifiers, descriptions=_decisions(meeting), subjects=[meeting.group.name],
    )
    files["metadata/descriptive/dc.xml"] = dc
    files["documentation/README.txt"] = README.encode()
    for schema in sorted(SCHEMAS.glob("*.xsd")):
        files[f"schemas/{schema.name}"] = schema.read_bytes()

    def entries(prefix, mimetype=None):
        return [_entry(path, content, mimetype) for path, content in sorted(files.items())
                if path.startswith(prefix)]

    files["METS.xml"] = documents.package_mets(
        objid=package_id, label=label, created=created, agents=mets_agents,
        descriptive=[(e, "DC") for e in entries("metadata/descriptive/", "text/xml")],
        preservation=[(e, "PREMIS") for e in entries("metadata/preservation/", "text/xml")],
        documentation=entries("documentation/", "text/plain"),
        schemas=entries("schemas/", "text/xml"),
        representations=[(REPRESENTATION, _entry(f"{rep}/METS.xml", rep_mets, "text/xml"))],
    )
    return package_id, files


def write_package(meeting, output_dir):
    """Write the package as a folder named by its OBJID in `output_dir`; returns its path.

    Written to a temporary folder first and moved into place: a failure leaves nothing half-written.
    """
    package_id, files = build(meeting)
    output_dir = Path(output_dir)
    target = output_dir / package_id
    if target.exists():
        shutil.rmtree(target)
    with tempfile.TemporaryDirectory(dir=output_dir) as temporary:
        staging = Path(temporary) / package_id
        for path, content in files.items():
            destination = staging / path
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(content)
        staging.rename(target)
    return target


def package_zip(meeting):
    """(file name, zip bytes): the package folder zipped, for the download on the meeting page."""
    package_id, files = build(meeting)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, content in sorted(files.items()):
            archive.writestr(f"{package_id}/{path}", content)
    return f"{package_id}.zip", buffer.getvalue()
