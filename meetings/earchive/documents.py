"""The XML documents of an E-ARK SIP: METS (package and representation), PREMIS, Dublin Core.

Every function takes plain values (no database access) and returns bytes.
Values typed by users are only ever element text or attribute values, which
lxml escapes.
"""

from lxml import etree

METS = "http://www.loc.gov/METS/"
XLINK = "http://www.w3.org/1999/xlink"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
CSIP = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SIP = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
PREMIS = "http://www.loc.gov/premis/v3"
DC = "http://purl.org/dc/elements/1.1/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"

CSIP_PROFILE = "https://earkcsip.dilcis.eu/profile/E-ARK-CSIP.xml"
SIP_PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
CONTENT_TYPE = {
    f"{{{CSIP}}}CONTENTINFORMATIONTYPE": "OTHER",
    f"{{{CSIP}}}OTHERCONTENTINFORMATIONTYPE": "Minutes (minnesanteckningar) as PDF/A-3b",
}
METS_SCHEMA_LOCATION = (
    f"{METS} schemas/mets.xsd {XLINK} schemas/xlink.xsd "
    f"{CSIP} schemas/DILCISExtensionMETS.xsd {SIP} schemas/DILCISExtensionSIPMETS.xsd"
)


def _m(tag):
    return f"{{{METS}}}{tag}"


def _x(tag):
    return f"{{{XLINK}}}{tag}"


def _bytes(root):
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _file_attrs(entry, created):
    return {
        "MIMETYPE": entry.mimetype, "SIZE": str(entry.size), "CREATED": created,
        "CHECKSUM": entry.sha256.upper(), "CHECKSUMTYPE": "SHA-256",
    }


def _flocat(parent, href):
    etree.SubElement(parent, _m("FLocat"), {"LOCTYPE": "URL", _x("type"): "simple", _x("href"): href})


def _header(root, *, created, agents):
    header = etree.SubElement(root, _m("metsHdr"), {
        "CREATEDATE": created, "LASTMODDATE": created, "RECORDSTATUS": "NEW", f"{{{CSIP}}}OAISPACKAGETYPE": "SIP",
    })
    for role, agent_type, name, note, note_type in agents:
        attrs = {"ROLE": role, "TYPE": agent_type}
        if agent_type == "OTHER":
            attrs["OTHERTYPE"] = "SOFTWARE"
        agent = etree.SubElement(header, _m("agent"), attrs)
        etree.SubElement(agent, _m("name")).text = name
        if note:
            etree.SubElement(agent, _m("note"), {f"{{{CSIP}}}NOTETYPE": note_type}).text = note
    return header


def _root(objid, label, profile):
    return etree.Element(_m("mets"), {
        "OBJID": objid, "LABEL": label, "TYPE": "Textual works – Digital", "PROFILE": profile,
        **CONTENT_TYPE, f"{{{XSI}}}schemaLocation": METS_SCHEMA_LOCATION,
    }, nsmap={None: METS, "xlink": XLINK, "xsi": XSI, "csip": CSIP, "sip": SIP})


def package_mets(*, objid, label, created, agents, descriptive, preservation, documentation, schemas,
                 representations):
    """The package's root METS.xml.

    `descriptive`/`preservation`: [(entry, mdtype)]; `documentation`/`schemas`: [entry];
    `representations`: [(name, rep METS entry)]. An entry has path, mimetype, size, sha256.
    """
    root = _root(objid, label, SIP_PROFILE)
    _header(root, created=created, agents=agents)
    dmd_ids = []
    for index, (entry, mdtype) in enumerate(descriptive, start=1):
        dmd_id = f"dmd-{index}"
        dmd_ids.append(dmd_id)
        section = etree.SubElement(root, _m("dmdSec"), {"ID": dmd_id, "CREATED": created, "STATUS": "CURRENT"})
        etree.SubElement(section, _m("mdRef"), {
            "LOCTYPE": "URL", _x("type"): "simple", _x("href"): entry.path, "MDTYPE": mdtype,
            **{k: v for k, v in _file_attrs(entry, created).items()},
        })
    amd = etree.SubElement(root, _m("amdSec"), {"ID": "amd-1"})
    amd_ids = []
    for index, (entry, mdtype) in enumerate(preservation, start=1):
        amd_id = f"digiprov-{index}"
        amd_ids.append(amd_id)
        section = etree.SubElement(amd, _m("digiprovMD"), {"ID": amd_id, "STATUS": "CURRENT"})
        etree.SubElement(section, _m("mdRef"), {
            "LOCTYPE": "URL", _x("type"): "simple", _x("href"): entry.path, "MDTYPE": mdtype,
            **_file_attrs(entry, created),
        })
    file_sec = etree.SubElement(root, _m("fileSec"), {"ID": "filesec-1"})
    groups = []
    for use, entries, group_id in (("Documentation", documentation, "grp-documentation"),
                                   ("Schemas", schemas, "grp-schemas")):
        # eark-validator 1.1.3's CSIP63 wants the content information type on every file group.
        group = etree.SubElement(file_sec, _m("fileGrp"), {"ID": group_id, "USE": use, **CONTENT_TYPE})
        for index, entry in enumerate(entries, start=1):
            element = etree.SubElement(group, _m("file"), {"ID": f"{group_id}-{index}", **_file_attrs(entry, created)})
            _flocat(element, entry.path)
        groups.append(group_id)
    rep_groups = []
    for name, entry in representations:
        group_id = f"grp-{name}"
        group = etree.SubElement(file_sec, _m("fileGrp"), {
            "ID": group_id, "USE": f"Representations/{name}", **CONTENT_TYPE,
        })
        element = etree.SubElement(group, _m("file"), {"ID": f"{group_id}-mets", **_file_attrs(entry, created)})
        _flocat(element, entry.path)
        rep_groups.append((name, group_id, entry))
    struct = etree.SubElement(root, _m("structMap"), {"ID": "structmap-1", "TYPE": "PHYSICAL", "LABEL": "CSIP"})
    top = etree.SubElement(struct, _m("div"), {"ID": "div-root", "LABEL": objid})
    etree.SubElement(top, _m("div"), {"ID": "div-metadata", "LABEL": "Metadata", "ADMID": " ".join(amd_ids),
                                      "DMDID": " ".join(dmd_ids)})
    for division, group_id in (("Documentation", "grp-documentation"), ("Schemas", "grp-schemas")):
        div = etree.SubElement(top, _m("div"), {"ID": f"div-{division.lower()}", "LABEL": division})
        etree.SubElement(div, _m("fptr"), {"FILEID": group_id})
    representations_div = etree.SubElement(top, _m("div"), {"ID": "div-representations", "LABEL": "Representations"})
    for _name, group_id, _entry in rep_groups:
        etree.SubElement(representations_div, _m("fptr"), {"FILEID": group_id})
    for name, group_id, entry in rep_groups:
        div = etree.SubElement(representations_div, _m("div"), {"ID": f"div-{name}", "LABEL": f"Representations/{name}"})
        etree.SubElement(div, _m("mptr"), {
            "LOCTYPE": "URL", _x("type"): "simple", _x("href"): entry.path, _x("title"): group_id,
        })
    return _bytes(root)


def representation_mets(*, objid, label, created, agents, data, preservation):
    """The representation's METS.xml: its data files and their PREMIS."""
    root = _root(objid, label, SIP_PROFILE)
    _header(root, created=created, agents=agents)
    amd = etree.SubElement(root, _m("amdSec"), {"ID": "rep-amd-1"})
    amd_ids = []
    for index, entry in enumerate(preservation, start=1):
        amd_id = f"rep-digiprov-{index}"
        amd_ids.append(amd_id)
        section = etree.SubElement(amd, _m("digiprovMD"), {"ID": amd_id, "STATUS": "CURRENT"})
        etree.SubElement(section, _m("mdRef"), {
            "LOCTYPE": "URL", _x("type"): "simple", _x("href"): entry.path, "MDTYPE": "PREMIS",
            **_file_attrs(entry, created),
        })
    file_sec = etree.SubElement(root, _m("fileSec"), {"ID": "rep-filesec-1"})
    group = etree.SubElement(file_sec, _m("fileGrp"), {"ID": "rep-grp-data", "USE": "Data"})
    for index, entry in enumerate(data, start=1):
        element = etree.SubElement(group, _m("file"), {"ID": f"rep-file-{index}", **_file_attrs(entry, created)})
        _flocat(element, entry.path)
    struct = etree.SubElement(root, _m("structMap"), {"ID": "rep-structmap-1", "TYPE": "PHYSICAL", "LABEL": "CSIP"})
    top = etree.SubElement(struct, _m("div"), {"ID": "rep-div-root", "LABEL": objid})
    etree.SubElement(top, _m("div"), {"ID": "rep-div-metadata", "LABEL": "Metadata", "ADMID": " ".join(amd_ids)})
    div = etree.SubElement(top, _m("div"), {"ID": "rep-div-data", "LABEL": "Data"})
    etree.SubElement(div, _m("fptr"), {"FILEID": "rep-grp-data"})
    return _bytes(root)


def dublin_core(*, title, date, creator, publisher, identifiers, descriptions, subjects):
    """The descriptive metadata as an oai_dc record (MDTYPE="DC")."""
    root = etree.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd")

    def add(tag, value):
        if value:
            etree.SubElement(root, f"{{{DC}}}{tag}").text = value

    add("title", title)
    add("creator", creator)
    add("publisher", publisher)
    add("date", date)
    add("type", "Minnesanteckningar")
    add("format", "application/pdf")
    add("language", "sv")
    for identifier in identifiers:
        add("identifier", identifier)
    for subject in subjects:
        add("subject", subject)
    for description in descriptions:
        add("description", description)
    return _bytes(root)


def _p(tag):
    return f"{{{PREMIS}}}{tag}"


def _identifier(parent, kind, id_type, value):
    """<kind><kindType>…</kindType><kindValue>…</kindValue></kind>, e.g. objectIdentifier."""
    element = etree.SubElement(parent, _p(kind))
    etree.SubElement(element, _p(kind + "Type")).text = id_type
    etree.SubElement(element, _p(kind + "Value")).text = value
    return element


def premis(*, objects, events, agents):
    """PREMIS 3: `objects` [(entry, format name)], `events` [dict], `agents` [(id, name, type)].

    An event: id, type, datetime, detail, outcome, agent ids, object paths.
    """
    root = etree.Element(_p("premis"), {"version": "3.0"}, nsmap={None: PREMIS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{PREMIS} http://www.loc.gov/standards/premis/premis.xsd")
    for entry, format_name in objects:
        obj = etree.SubElement(root, _p("object"), {f"{{{XSI}}}type": "file"})
        _identifier(obj, "objectIdentifier", "local", entry.path)
        characteristics = etree.SubElement(obj, _p("objectCharacteristics"))
        fixity = etree.SubElement(characteristics, _p("fixity"))
        etree.SubElement(fixity, _p("messageDigestAlgorithm")).text = "SHA-256"
        etree.SubElement(fixity, _p("messageDigest")).text = entry.sha256
        etree.SubElement(characteristics, _p("size")).text = str(entry.size)
        file_format = etree.SubElement(characteristics, _p("format"))
        designation = etree.SubElement(file_format, _p("formatDesignation"))
        etree.SubElement(designation, _p("formatName")).text = format_name
        etree.SubElement(obj, _p("originalName")).text = entry.path.rsplit("/", 1)[-1]
    for event in events:
        element = etree.SubElement(root, _p("event"))
        _identifier(element, "eventIdentifier", "local", event["id"])
        etree.SubElement(element, _p("eventType")).text = event["type"]
        etree.SubElement(element, _p("eventDateTime")).text = event["datetime"]
        detail = etree.SubElement(element, _p("eventDetailInformation"))
        etree.SubElement(detail, _p("eventDetail")).text = event["detail"]
        outcome = etree.SubElement(element, _p("eventOutcomeInformation"))
        etree.SubElement(outcome, _p("eventOutcome")).text = event["outcome"]
        for agent_id in event["agents"]:
            _identifier(element, "linkingAgentIdentifier", "local", agent_id)
        for path in event["objects"]:
            _identifier(element, "linkingObjectIdentifier", "local", path)
    for agent_id, name, agent_type in agents:
        agent = etree.SubElement(root, _p("agent"))
        _identifier(agent, "agentIdentifier", "local", agent_id)
        etree.SubElement(agent, _p("agentName")).text = name
        etree.SubElement(agent, _p("agentType")).text = agent_type
    return _bytes(root)
