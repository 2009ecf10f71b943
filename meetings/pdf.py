"""The minutes as one archival PDF: the appendix to the protocol.

`render_minutes_pdf` renders templates/pdf/minutes.html with WeasyPrint as
PDF/A-3b (and `render_agenda_pdf` the agenda of a coming meeting, from the
same template in its agenda mode), always in Swedish, with fonts embedded from static/fonts/. Attached
PDF files (bilagor) are appended after the minutes with pypdf.

Rendering is deterministic: the PDF's dates come from the meeting and its
file identifier is a hash of the content, so the same data gives the same
bytes (the view and the `minutes_pdf` command rely on this).

Nothing outside the app's own static files is ever fetched: WeasyPrint gets a
base URL on a reserved, unresolvable host and a URL fetcher that maps exactly
that host to the static files and refuses everything else.
"""

import datetime
import hashlib
import logging
import mimetypes
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pikepdf
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils._os import safe_join
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_noop
from pypdf import PdfReader, PdfWriter

from meetings import mbl, pdf_metadata, sealing
from meetings.models import AgendaItem, Meeting
from meetings.text import parse_blocks

# WeasyPrint reports every rendering step (and its own stylesheets at import)
# at INFO; keep the app's log readable unless someone configured that logger.
if logging.getLogger("weasyprint.progress").level == logging.NOTSET:
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import CSS, HTML, Attachment, URLFetcher  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcherResponse  # noqa: E402

logger = logging.getLogger(__name__)

TEMPLATE = "pdf/minutes.html"
PDF_VARIANT = "pdf/a-3b"
LANGUAGE = "sv"
# ".invalid" is reserved (RFC 2606) and never resolves: even a fetcher that
# slipped past StaticFilesFetcher could not reach a host with it.
STATIC_BASE_URL = "https://static.samverkan.invalid/"
STYLESHEET_URL = STATIC_BASE_URL + "pdf/minutes.css"


# --- Fetching: the app's static files and nothing else -----------------------


class RefusedURL(ValueError):
    """A URL the PDF renderer may not fetch."""


def static_path_for(url):
    """The file of the app's static files that `url` names, or RefusedURL."""
    base = urlsplit(STATIC_BASE_URL)
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise RefusedURL(f"Malformed URL: {url!r}") from exc
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or parts.query:
        raise RefusedURL(f"Only the app's static files may be fetched, not {url!r}")
    relative = unquote(parts.path).removeprefix(base.path)
    segments = relative.split("/")
    if not relative or any(s in ("", ".", "..") or "\\" in s or "\0" in s for s in segments):
        raise RefusedURL(f"Not a static file path: {url!r}")
    path = _find_static(relative)
    if path is None:
        raise RefusedURL(f"No such static file: {url!r}")
    return path


def _find_static(relative):
    """The static file's path: from the finders (source tree) or STATIC_ROOT."""
    try:
        found = finders.find(relative)
        if found:
            return Path(found)
        if settings.STATIC_ROOT:
            candidate = Path(safe_join(settings.STATIC_ROOT, relative))
            if candidate.is_file():
                return candidate
    except SuspiciousFileOperation:
        return None
    return None


class StaticFilesFetcher(URLFetcher):
    """Serves STATIC_BASE_URL/<path> from the static files; refuses any other URL.

    WeasyPrint logs a refused URL and renders without the resource, so a
    stray `url(file:///etc/passwd)` can never read or fetch anything.
    """

    def __init__(self):
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)

    def fetch(self, url, headers=None):
        path = static_path_for(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if content_type.startswith("text/"):
            content_type += "; charset=utf-8"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})


def _write_pdf(html, embedded=(), content_hash=""):
    """The HTML as PDF/A bytes, tagged, with consistent PDF/A metadata (meetings.pdf_metadata).

    `embedded` files [(name, description, bytes, datetime)] are attached as
    PDF/A-3 associated files: the originals travel inside the archival PDF.
    `content_hash` (the signed content's SHA-256) is recorded in the XMP.
    """
    font_config = FontConfiguration()
    stylesheet = CSS(url=STYLESHEET_URL, url_fetcher=StaticFilesFetcher(), font_config=font_config)
    attachments = [
        Attachment(file_obj=BytesIO(data), name=name, description=description,
                   created=when, modified=when, relationship="Supplement")
        for name, description, data, when in embedded
    ]
    pdf = HTML(string=html, base_url=STATIC_BASE_URL, url_fetcher=StaticFilesFetcher()).write_pdf(
        stylesheets=[stylesheet], font_config=font_config, pdf_variant=PDF_VARIANT,
        attachments=attachments, pdf_tags=True,
    )
    return pdf_metadata.finish(pdf, language=LANGUAGE, content_hash=content_hash)


# --- Rendering ----------------------------------------------------------------


def render_minutes_pdf(meeting, *, append_attachments=True, embed_attachments=False):
    """The minutes of `meeting` as PDF bytes.

    For reading, the PDF attachments' pages are appended after the minutes;
    such a file is no longer PDF/A and does not claim to be. The archival
    copy made at the last signature (`embed_attachments`, no appending) is
    PDF/A-3b with every attachment embedded as an associated file.
    """
    meeting = _with_contents(meeting)
    appended = attachment_pdfs(meeting) if append_attachments else []
    # Imported minutes always carry their original file (docx, txt, pdf) inside.
    embedded = _embedded_files(meeting, only_original=not embed_attachments)
    html = minutes_html(meeting, appended_ids={attachment.pk for attachment, _ in appended})
    is_final = meeting.status == Meeting.Status.ADJUSTED
    minutes = _write_pdf(html, embedded, content_hash=meeting.content_hash() if is_final else "")
    if not appended:
        return minutes
    return append_attachment_pages(minutes, appended)


def _embedded_files(meeting, *, only_original=False):
    files = []
    for attachment in meeting.attachments.all():
        is_original = meeting.is_imported and meeting.source_sha256 and attachment.sha256 == meeting.source_sha256
        if only_original and not is_original:
            continue
        if getattr(attachment, "is_secret", False):  # the public version (meetings.secrecy)
            continue
        data = _read_attachment(attachment)
        if data is not None:
            name = attachment.file.name.rsplit("/", 1)[-1]
            files.append((name, attachment.title, data, attachment.uploaded_at))
    return files


def _render_html(context_function, *args):
    """The template as WeasyPrint prints it: in Swedish and in the app's time zone."""
    with translation.override(LANGUAGE), timezone.override(settings.TIME_ZONE):
        return render_to_string(TEMPLATE, context_function(*args))


def _filename(meeting, prefix):
    with translation.override(LANGUAGE):
        prefix = gettext(prefix)
    group = meeting.group.name.replace("/", " ")
    return f"{slugify(f'{prefix} {group}')}-{meeting.date.isoformat()}.pdf"


def render_template_pdf(template, context):
    """Another document in the minutes' style, as PDF/A (the protocol extract of meetings.immediate)."""
    with translation.override(LANGUAGE), timezone.override(settings.TIME_ZONE):
        html = render_to_string(template, context)
    return _write_pdf(html)


def minutes_html(meeting, *, appended_ids=frozenset()):
    """The HTML of the minutes that WeasyPrint prints."""
    return _render_html(_context, meeting, appended_ids)


def pdf_filename(meeting):
    """"minnesanteckningar-fsg-vsg-2020-11-16.pdf"."""
    return _filename(meeting, gettext_noop("Minutes"))


# --- Agenda mode: the same template, headings, items and presenters only -------------


def agenda_html(meeting):
    """The agenda (föredragningslista) of `meeting` as the HTML WeasyPrint prints."""
    return _render_html(_agenda_context, meeting)


def render_agenda_pdf(meeting):
    """The agenda of `meeting` as PDF bytes: no watermark, no adjusters, no attachments."""
    return _write_pdf(agenda_html(meeting))


def agenda_pdf_filename(meeting):
    """"foredragningslista-fsg-vsg-2020-11-16.pdf"."""
    return _filename(meeting, gettext_noop("Agenda"))


def _agenda_context(meeting):
    meeting = Meeting.objects.select_related("group").prefetch_related("items").get(pk=meeting.pk)
    return {
        "agenda": True,
        "agenda_heading": meeting.agenda_heading,
        "meeting": meeting,
        "sections": meeting.agenda_sections(),
        "is_draft": False,
        "letterhead_date": meeting.date,
        "created": _w3c_datetime(meeting.created_at),
        "modified": _w3c_datetime(meeting.updated_at),
        "attachments": [],
        "appended_ids": frozenset(),
        "closing_blocks": [],
        "adjusters": [],
        "show_unsigned": False,
    }


def _with_contents(meeting):
    """The meeting with everything the template shows prefetched (kept when already there)."""
    if "items" in getattr(meeting, "_prefetched_objects_cache", {}):
        return meeting
    return Meeting.objects.with_contents().get(pk=meeting.pk)


def _context(meeting, appended_ids):
    sections = [
        (kind, label, items)
        for kind, label, items in meeting.items_by_section()
        # As in the corpus: empty Information/Dialog/Beslut headings stay, an
        # empty "Övrigt" is left out.
        if items or kind != "other"
    ]
    return {
        "meeting": meeting,
        "sections": sections,
        # Until the last signature the minutes are not final, even when partly signed.
        "is_draft": meeting.status != Meeting.Status.ADJUSTED,
        "letterhead_date": meeting.document_date or meeting.date,
        "created": _w3c_datetime(meeting.created_at),
        "modified": _w3c_datetime(meeting.updated_at),
        "attachments": list(meeting.attachments.all()),
        "appended_ids": appended_ids,
        "closing_blocks": parse_blocks(meeting.closing_text),
        "adjusters": _adjusters(meeting),
        "show_unsigned": meeting.status != Meeting.Status.ADJUSTED,
        "justering": _justering(meeting),
        "public_version": getattr(meeting, "is_public_version", False),
        "mbl_states": _mbl_states(meeting),
        "immediate": _immediate(meeting),
    }


def _justering(meeting):
    """The Justering section of adjusted minutes: the signature records and the seal, or None."""
    if meeting.status != Meeting.Status.ADJUSTED or meeting.is_imported:
        return None
    signatures = list(meeting.signatures.filter(voided_at__isnull=True).select_related("adjuster__party"))
    return {
        "signatures": signatures,
        "seal_signer": sealing.seal_signer_name(),
        "sealed_at": meeting.adjusted_at,
        "content_hash": meeting.content_hash(),
    }


def _immediate(meeting):
    """{item id: ImmediateAdjustment} of the items adjusted at once; each item gets `.immediate_adjusted_at`."""
    done = {i.item_id: i for i in meeting.immediate_adjustments.all() if i.is_adjusted}
    for item in meeting.items.all():
        item.immediate_adjusted_at = done[item.pk].adjusted_at if item.pk in done else None
    return done


def _mbl_states(meeting):
    """{decision id: MblState} of the meeting's MBL decisions, from the meeting as it is in memory.

    At the last signature the status is set but not yet saved: the window printed is the one that opens then.
    """
    states = {}
    for item in meeting.items.all():
        decision = getattr(item, "decision", None) if item.kind == AgendaItem.Kind.DECISION else None
        if decision is not None and decision.mbl:
            states[decision.pk] = decision.mbl_state = mbl.decision_state(decision)
    return states


def _adjusters(meeting):
    """The adjusters; with signing in place, each knows whether it signed these minutes.

    The template reads `adjuster.signed_at` and `adjuster.verification_code`
    and prints them only when set.
    """
    with_signatures = getattr(meeting, "adjusters_with_signatures", None)
    return list(with_signatures()) if with_signatures else list(meeting.adjusters.all())


def _w3c_datetime(value):
    """A fixed, reproducible date for the PDF metadata ("2020-11-16T09:00:00Z")."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = value.astimezone(datetime.timezone.utc)
    return value.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- Attachments ---------------------------------------------------------------


def attachment_pdfs(meeting):
    """[(attachment, clean PDF bytes)] for each attachment that is a readable PDF.

    A damaged, encrypted or missing file is skipped with a warning: it stays
    listed by name in the minutes, and the minutes still print.
    """
    result = []
    for attachment in meeting.attachments.all():
        if getattr(attachment, "is_secret", False):  # the public version (meetings.secrecy)
            continue
        data = _read_attachment(attachment)
        if data is None or b"%PDF-" not in data[:1024]:
            continue
        try:
            result.append((attachment, _rewrite_pdf(data)))
        except Exception as exc:  # pypdf raises many kinds of errors on damaged files
            logger.warning(
                "Attachment %s (%s) is not a readable PDF and is not appended: %s",
                attachment.pk, attachment.title, exc,
            )
    return result


def _read_attachment(attachment):
    """The attachment's bytes, or None when the file is gone or is not the file that was uploaded.

    Signatures cover the SHA-256 recorded at upload: a file changed on disk
    since is never embedded or appended in its place.
    """
    try:
        with attachment.file.open("rb") as handle:
            data = handle.read()
    except (OSError, ValueError) as exc:
        logger.warning("Attachment %s has no readable file: %s", attachment.pk, exc)
        return None
    if attachment.sha256 and hashlib.sha256(data).hexdigest() != attachment.sha256:
        logger.warning("Attachment %s (%s) changed on disk since it was uploaded; left out", attachment.pk,
                       attachment.title)
        return None
    return data


def _rewrite_pdf(data):
    """The PDF read and written again by pypdf; raises when it cannot be read.

    Writing it out on its own first means a broken file fails here, before it
    is mixed into the minutes, and never leaves a half-appended result.
    """
    reader = PdfReader(BytesIO(data), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        raise ValueError("encrypted with a password")
    writer = PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    if not writer.pages:
        raise ValueError("no pages")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _drop_seal(document):
    """Remove the seal (signature field, certification) from a rewritten copy.

    The rewritten bytes are no longer the sealed ones, so the seal could only
    show as broken; the reading copy says in its Justering section who sealed
    the archival copy, which /verify/ checks.
    """
    for key in ("/AcroForm", "/Perms"):
        if key in document.Root:
            del document.Root[key]
    for page in document.pages:
        annotations = page.obj.get("/Annots")
        if annotations is not None:
            kept = [a for a in annotations if a.get("/FT") != "/Sig"]
            page.obj.Annots = document.make_indirect(pikepdf.Array(kept))


def append_attachment_pages(minutes, appended):
    """The minutes followed by the attached PDFs' pages, one bookmark per attachment.

    The combined file keeps the minutes' catalog (language, output intent)
    and document info, but not the PDF/A identification: the appended pages
    may use fonts that are not embedded, transparency and so on, so the file
    does not claim a conformance it may not have. The archival copy is the
    one with the attachments embedded (render_minutes_pdf).
    """
    writer = PdfWriter(clone_from=BytesIO(minutes))
    for attachment, data in appended:
        first_page = len(writer.pages)
        writer.append(PdfReader(BytesIO(data)), import_outline=False)
        writer.add_outline_item(title=attachment.title, page_number=first_page)
    out = BytesIO()
    writer.write(out)
    with pikepdf.open(BytesIO(out.getvalue())) as document:
        with document.open_metadata(set_pikepdf_as_editor=False) as metadata:
            for key in ("pdfaid:part", "pdfaid:conformance"):
                if key in metadata:
                    del metadata[key]
        _drop_seal(document)
        result = BytesIO()
        document.save(result, deterministic_id=True)
    return result.getvalue()
