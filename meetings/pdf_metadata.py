"""The PDF/A metadata of the app's PDFs, written after WeasyPrint.

WeasyPrint's PDF/A-3b output carries the document information (title,
author, subject, dates) in the Info dictionary but only the pdfaid entries
and the producer in its XMP, and embeds attachment names as UTF-8 bytes in
`/F` (mojibake in every reader that honours PDFDocEncoding). `finish` makes
the two consistent, as PDF/A asks:

- the XMP mirrors the Info dictionary (dc:title, dc:creator, dc:description,
  xmp:CreateDate/ModifyDate/CreatorTool, pdf:Producer), adds dc:language
  and keeps pdfaid part and conformance;
- the SHA-256 of the minutes' content (the hash the adjusters signed) is
  recorded as samverkan:contentSHA256, declared in a PDF/A extension schema
  so the file stays valid PDF/A; /verify/ finds the minutes by it;
- each embedded file gets an ASCII `/F` beside its Unicode `/UF`, and the
  embedded-files name tree is keyed by the Unicode name.

The output is deterministic (pikepdf's deterministic /ID), as the rest of
the rendering.
"""

import re
import unicodedata
from io import BytesIO
from xml.sax.saxutils import escape, quoteattr

import pikepdf

NAMESPACE = "https://samverkan.se/ns/pdf/1.0/"
PREFIX = "samverkan"
CONTENT_HASH_PROPERTY = "contentSHA256"

_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?")


def ascii_filename(name):
    """An ASCII fallback for a file name: accents dropped, anything else replaced by "_"."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = "".join(c if 32 <= ord(c) < 127 and c not in '\\/:*?"<>|' else "_" for c in stripped)
    return cleaned or "attachment"


def xmp_date(pdf_date):
    """"D:20201116090000+01'00'" → "2020-11-16T09:00:00+01:00"; "" when it cannot be read."""
    match = _PDF_DATE.match(str(pdf_date or ""))
    if not match:
        return ""
    year, month, day, hour, minute, second, zone = match.groups()
    value = f"{year}-{month or '01'}-{day or '01'}T{hour or '00'}:{minute or '00'}:{second or '00'}"
    if zone in (None, "Z"):
        return value + "Z"
    digits = zone.replace("'", "")
    return f"{value}{digits[:3]}:{digits[3:5]}"


def _text(info, key):
    value = info.get(key)
    return str(value) if value is not None else ""


def _xmp(info, *, part, conformance, language, content_hash):
    title, author, subject = _text(info, "/Title"), _text(info, "/Author"), _text(info, "/Subject")
    creator, producer = _text(info, "/Creator"), _text(info, "/Producer")
    created, modified = xmp_date(info.get("/CreationDate")), xmp_date(info.get("/ModDate"))

    def alt(tag, value):
        return (f"<{tag}><rdf:Alt><rdf:li xml:lang=\"x-default\">{escape(value)}</rdf:li></rdf:Alt></{tag}>"
                if value else "")

    def simple(tag, value):
        return f"<{tag}>{escape(value)}</{tag}>" if value else ""

    creator_seq = f"<dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>" if author else ""
    extension = ""
    own = ""
    if content_hash:
        extension = f"""
  <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
      xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>Samverkan minutes</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>{NAMESPACE}</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>{PREFIX}</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
     <pdfaProperty:name>{CONTENT_HASH_PROPERTY}</pdfaProperty:name>
     <pdfaProperty:valueType>Text</pdfaProperty:valueType>
     <pdfaProperty:category>internal</pdfaProperty:category>
     <pdfaProperty:description>SHA-256 of the minutes' canonical content, as signed by the adjusters</pdfaProperty:description>
    </rdf:li></rdf:Seq></pdfaSchema:property>
   </rdf:li></rdf:Bag></pdfaExtension:schemas>
  </rdf:Description>"""
        own = (f'\n  <rdf:Description rdf:about="" xmlns:{PREFIX}={quoteattr(NAMESPACE)}>'
               f"<{PREFIX}:{CONTENT_HASH_PROPERTY}>{escape(content_hash)}</{PREFIX}:{CONTENT_HASH_PROPERTY}>"
               "</rdf:Description>")
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <pdfaid:part>{escape(part)}</pdfaid:part><pdfaid:conformance>{escape(conformance)}</pdfaid:conformance>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:format>application/pdf</dc:format>{alt("dc:title", title)}{creator_seq}{alt("dc:description", subject)}
   <dc:language><rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag></dc:language>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   {simple("xmp:CreatorTool", creator)}{simple("xmp:CreateDate", created)}{simple("xmp:ModifyDate", modified)}
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">{simple("pdf:Producer", producer)}</rdf:Description>{extension}{own}
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def _fix_embedded_names(pdf):
    names = pdf.Root.get("/Names")
    if names is None or "/EmbeddedFiles" not in names:
        return
    tree = pikepdf.NameTree(names.EmbeddedFiles)
    specs = [spec for _key, spec in tree.items()]
    for spec in specs:
        unicode_name = str(spec.get("/UF", spec.get("/F", "attachment")))
        spec.F = pikepdf.String(ascii_filename(unicode_name))
        spec.UF = pikepdf.String(unicode_name)
    # The tree's keys were the mojibake /F values: key it by the Unicode names.
    new_tree = pikepdf.NameTree.new(pdf)
    for spec in specs:
        new_tree[str(spec.UF)] = spec
    names.EmbeddedFiles = new_tree.obj


def finish(data, *, language="sv", content_hash=""):
    """The PDF with consistent PDF/A metadata (see the module docstring)."""
    with pikepdf.open(BytesIO(data)) as pdf:
        old = pdf.open_metadata(set_pikepdf_as_editor=False)
        part, conformance = old.get("pdfaid:part"), old.get("pdfaid:conformance")
        if part:
            info = pdf.docinfo
            xmp = _xmp(info, part=part, conformance=conformance or "B", language=language,
                       content_hash=content_hash)
            pdf.Root.Metadata = pdf.make_stream(xmp, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
        _fix_embedded_names(pdf)
        out = BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()
