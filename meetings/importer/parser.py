"""From the text of minutes to their structure: header, sections, items, inputs, decisions.

The parser knows the general shape of the minutes of a Swedish cooperation
group (samverkansgrupp), not one municipality's template:

- a header: "Minnesanteckningar från samverkansgrupp FSG/VSG – Socialförvaltningen
  den 16 november 2020" (group, administration, date), "Bilaga till protokoll
  11/2020", "DNR:03/2019", a place ("Plats: …" or a date line with a place),
  letterhead lines repeated on every page ("SID 1(6)", "PROTOKOLL SAMVERKANSGRUPP");
- sections Information / Dialog / Beslut / Övrigt (with or without a colon, with
  a number, or an "Ärendelista" whose items carry their kind in the title);
- items: a title line, perhaps a presenter (after a comma, after a run of
  spaces, in parentheses, or on a "Föredragande:" line), then the text:
  paragraphs, bullets, sub-headings for the operational areas ("BUF");
- the unions' input: under "Inspel från fackliga organisationer", or a
  paragraph that starts with the unions as subject ("Fackliga poängterar …",
  "SSR menar …"), with the employer's reply that follows it;
- decisions: the outcome sentence ("… är eniga i beslutet", "SSR är oeniga med
  beslutet", "Fackliga har inget att invända", moved to an MBL §11 negotiation)
  with each party's position; decisions listed as bullets in the Beslut section;
- adjusters from "Val av justerare" or from a closing sentence ("X justerar
  protokollet för SSR, Y för Kommunal och Z för arbetsgivaren").

Text from PDFs is repaired on the way: a line that starts with one space (or
follows a form feed) begins a new page and continues the paragraph before it
unless that paragraph ended; lines wrapped inside a paragraph are joined, words
hyphenated at a line end are whole again ("tilläggs-" + "uppdrag").

Nothing is dropped: text the parser cannot place stays with the item it follows,
or goes to `unclassified`. `parse_minutes` raises nothing but MinutesImportError.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from meetings.importer.errors import MinutesImportError
from meetings.importer.parties import PartyDirectory

INFORMATION, DIALOG, DECISION, OTHER = "information", "dialog", "decision", "other"
KINDS = (INFORMATION, DIALOG, DECISION, OTHER)

AGREED, DISAGREED, NO_OBJECTION, DEFERRED, UNKNOWN = (
    "agreed", "disagreed", "no_objection", "deferred", "unknown",
)
AGREE, DISAGREE, DEMAND = "agree", "disagree", "demand"

MAX_TEXT = 2_000_000  # characters; longer texts are not minutes

MONTHS = {
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "okt": 10, "nov": 11, "dec": 12,
}
MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE_TEXT_RE = re.compile(
    rf"(?<!\d)(?P<day>\d{{1,2}})(?::[ae])?\s+(?P<month>{MONTH_RE})\.?\s+(?P<year>(?:19|20)\d\d)(?!\d)",
    re.IGNORECASE,
)
DATE_ISO_RE = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)(?!\d)")
DATE_NUM_RE = re.compile(r"(?<![\d/.])(?P<day>\d{1,2})[./](?P<month>\d{1,2})[./](?P<year>(?:19|20)\d\d)(?!\d)")
TIME_RANGE_RE = re.compile(
    r"(?:kl(?:ockan)?\.?\s*)?(?P<h1>[01]?\d|2[0-3])[.:](?P<m1>[0-5]\d)\s*(?:[-–—]|till)\s*"
    r"(?:kl\.?\s*)?(?P<h2>[01]?\d|2[0-3])[.:](?P<m2>[0-5]\d)",
    re.IGNORECASE,
)
TIME_RE = re.compile(r"\bkl(?:ockan)?\.?\s*(?P<h1>[01]?\d|2[0-3])[.:](?P<m1>[0-5]\d)", re.IGNORECASE)

# --- Lines that are letterhead, repeated on every page ------------------------------

PAGE_RE = re.compile(
    r"(?:sid(?:a|an)?\.?\s*)?\d{1,3}\s*(?:\(\s*\d{1,3}\s*\)|av\s+\d{1,3}|/\s*\d{1,3})|sid(?:a|an)?\.?\s*\d{1,3}",
    re.IGNORECASE,
)
DNR_RE = re.compile(
    r"\b(?:dnr|diarienummer|diarienr|d\.nr)\.?\s*:?\s*(?P<dnr>(?:[A-ZÅÄÖ]{1,8}\s)?[A-ZÅÄÖa-zåäö0-9][\w.\-/:]*\d[\w.\-/]*)",
    re.IGNORECASE,
)
LETTERHEAD_TITLE_RE = re.compile(
    r"(?:[A-ZÅÄÖ/\-–&]+\s+)*(?:MINNESANTECKNINGAR|MÖTESANTECKNINGAR|ANTECKNINGAR|PROTOKOLL)"
    r"(?:\s+[A-ZÅÄÖ/\-–&]+)*"
)

# --- The header -------------------------------------------------------------------

HEADING_START_RE = re.compile(
    r"^(?:minnesanteckningar|mötesanteckningar|anteckningar|protokoll|mötesprotokoll)\b",
    re.IGNORECASE,
)
HEADING_PREFIX_RE = re.compile(
    r"^(?:minnesanteckningar|mötesanteckningar|anteckningar|protokoll|mötesprotokoll)"
    r"(?:\s+(?:från|fört|förda|vid|för|över|med))*"
    r"(?:\s+(?:möte|mötet|sammanträde|sammanträdet)(?:\s+(?:i|med|för|inom))?)?"
    r"(?:\s+(?:den|lokala|centrala|förvaltningens|verksamhetens))?"
    r"(?:\s+samverkans(?:grupp|gruppen|gruppsmöte|gruppsmötet|möte|mötet|grupp(?:en)?s\s+möte))?\s*",
    re.IGNORECASE,
)
PROTOCOL_RE = re.compile(
    r"protokoll(?:et)?(?:\s*(?:nr|nummer|number)\.?)?\s*[:#]?\s*"
    r"(?P<number>\d{1,4}\s*/\s*(?:19|20)?\d\d|(?:19|20)\d\d\s*[:/]\s*\d{1,4}|\d{1,4}:(?:19|20)\d\d)",
    re.IGNORECASE,
)
LABEL_RE = re.compile(
    r"^(?P<label>plats|lokal|mötesplats|mötesrum|möteslokal|tid och plats|datum och tid|datum och plats|"
    r"datum|mötesdatum|tid|tidpunkt|ordförande|mötesordförande|sekreterare|mötessekreterare|"
    r"justerare|protokolljusterare)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
PRESENT_RE = re.compile(
    r"^(?:närvarande|deltagare|frånvarande|anmält förhinder|förhinder|ej närvarande|övriga närvarande|"
    r"närvarande från arbetsgivaren|närvarande från fackliga|ledamöter|adjungerade|sändlista)\b.*",
    re.IGNORECASE,
)

# --- Sections -------------------------------------------------------------------------

SECTION_WORDS = {
    INFORMATION: r"information|informationsärenden|informationsärende|informationspunkter|informationsfrågor|"
                 r"för information|information enligt mbl\s*§?\s*19|mbl\s*§\s*19",
    DIALOG: r"dialog|dialogärenden|dialogpunkter|dialogfrågor|diskussion|diskussionspunkter|för dialog|"
            r"samverkan|samverkansfrågor",
    DECISION: r"beslut|beslutsärenden|beslutsärende|beslutspunkter|beslutsfrågor|för beslut|"
              r"förhandling|förhandlingsärenden|beslut\s*\(mbl\s*§?\s*11\)|mbl\s*§\s*11",
    OTHER: r"övrigt|övriga frågor|övriga ärenden|övriga punkter|övriga|eventuellt övrigt",
    "agenda": r"ärendelista|ärendelistan|dagordning|dagordningen|föredragningslista|agenda",
}
NUMBER_PREFIX = r"(?:(?:§\s*\d{1,3}[a-z]?|punkt\s+\d{1,3}|\d{1,2}(?:\.\d{1,2})*[.)]|[IVX]{1,4}\.)\s*)?"
SECTION_RE = re.compile(
    rf"^{NUMBER_PREFIX}(?P<name>{'|'.join(f'(?P<{k}>{v})' for k, v in SECTION_WORDS.items())})"
    r"\s*(?:(?P<colon>:)\s*(?P<rest>.*)|\((?P<paren>[^)]*)\)\s*:?)?\s*$",
    re.IGNORECASE,
)
KIND_MARKER_RE = re.compile(
    r"\s*(?:[(\[]\s*(?:för\s+)?(?P<a>information|dialog|beslut|diskussion|förhandling)\s*[)\]]|"
    r"\s[–—-]\s*(?:för\s+)?(?P<b>information|dialog|beslut)\b)\s*$",
    re.IGNORECASE,
)
KIND_PREFIX_RE = re.compile(
    r"^(?P<k>information|dialog|beslut|övrigt)\s*[:–—-]\s*(?P<title>\S.*)$", re.IGNORECASE,
)

# --- Union input, decisions, adjusters, closing -----------------------------------

UNION_HEADING_RE = re.compile(
    r"^(?:inspel\s+från\s+(?:de\s+)?(?:fackliga(?:\s+(?:organisationer(?:na)?|representanter(?:na)?|"
    r"parter(?:na)?))?|facket|arbetstagarsidan|arbetstagarorganisationer(?:na)?)|"
    r"fackliga?\s+(?:inspel|synpunkter|kommentarer|frågor|ståndpunkter)|fackligt\s+inspel|"
    r"facklig\s+synpunkt|fackens\s+(?:inspel|synpunkter)|synpunkter\s+från\s+(?:de\s+)?fackliga(?:\s+\w+)?|"
    r"arbetstagarsidans\s+synpunkter)\s*:?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
UNION_SUBJECT_RE = re.compile(
    r"^(?:de\s+|samtliga\s+|alla\s+)?(?:fackliga|facket|fackens|arbetstagarsidan|arbetstagarorganisationerna|"
    r"fackförbunden|fackliga\s+organisationerna)\b",
    re.IGNORECASE,
)
SPEECH_VERBS = (
    r"menar|anser|påtalar|poängterar|efterfrågar|undrar|lyfter|framför|yrkar|påpekar|tycker|understryker|"
    r"betonar|frågar|föreslår|uttrycker|saknar|ställer\s+sig|vill|önskar|har\s+synpunkter|har\s+frågor|"
    r"tar\s+upp|informerar|instämmer|delar|ser|oroar\s+sig|känner\s+oro|uppmanar|begär|kräver|accepterar|"
    r"välkomnar|är\s+(?:positiva|negativa|oroliga|kritiska|tveksamma)"
)
REPLY_RE = re.compile(
    r"^(?:arbetsgivaren|arbetsgivarsidan|förvaltningen|verksamheten|ordförande(?:n)?|socialdirektör(?:en)?|"
    r"förvaltningschef(?:en)?|verksamhetschef(?:en)?|enhetschef(?:en)?|sektionschef(?:en)?|avdelningschef(?:en)?|"
    r"hr(?:-\w+)?|hr-chef(?:en)?|vc|ec|sc|chef(?:en|erna)?|ledningen)\b"
    r"|\b(?:responderar|svarar|besvarar|tar\s+(?:med\s+sig|till\s+sig)|återkommer|håller\s+med)\b",
    re.IGNORECASE,
)

DEFERRED_RE = re.compile(
    r"mbl\s*§\s*11|§\s*11\s*mbl|11\s*§\s*mbl|mbl\s*11\b|mbl-förhandling|förhandling\s+enligt\s+(?:mbl|11)|"
    r"(?:flyttas|hänskjuts|överlämnas|skjuts|tas\s+upp|förs)\s+(?:över\s+)?till\s+(?:en\s+)?(?:ny\s+)?(?:mbl-?\s*)?förhandling|"
    r"\bbordl(?:äggs|ades|agd)\b|beslutet\s+skjuts\s+upp|(?:beslut(?:et)?|punkten|frågan)\s+(?:skjuts\s+upp|flyttas\s+till)",
    re.IGNORECASE,
)
DISAGREE_RE = re.compile(
    r"\boeni(?:g|ga)\b|\boenighet\b|reserverar\s+sig|\breservation\b|avvikande\s+mening|"
    r"ställer\s+sig\s+inte\s+bakom|motsätter\s+sig|säger\s+nej\s+till|inte\s+(?:är\s+)?eniga",
    re.IGNORECASE,
)
NO_OBJECTION_RE = re.compile(
    r"inget\s+att\s+invända|inte\s+något\s+att\s+invända|inga\s+invändningar|ingen\s+invändning|"
    r"ingen\s+erinran|utan\s+erinran|inga\s+erinringar|lämnar\s+inga\s+synpunkter\s+på\s+beslutet",
    re.IGNORECASE,
)
AGREE_RE = re.compile(
    r"\beni(?:g|ga)\b|\benighet\b|\benigt\b|överens\s+om\s+(?:beslutet|förslaget)|ställer\s+sig\s+bakom|"
    r"instämmer\s+i\s+(?:beslutet|förslaget)|godkänner\s+(?:beslutet|förslaget)|tillstyrker",
    re.IGNORECASE,
)
DEMAND_RE = re.compile(r"\byrka(?:r|de|nde)\b", re.IGNORECASE)
DECISION_WORD_RE = re.compile(r"beslut|förslag|eniga\.?$|enighet|överens\.?$", re.IGNORECASE)
DECISION_INTENT_RE = re.compile(
    r"^(?:beslut(?:et)?\s*(?::|fattas|togs|fattades|blev)|beslutades\b|det\s+beslutades\b|"
    r"(?:arbetsgivaren|förvaltningen|socialdirektören|förvaltningschefen|nämnden)\s+"
    r"(?:beslutar|beslutade|fattar\s+beslut|har\s+beslutat|tar\s+beslut|fattade\s+beslut))",
    re.IGNORECASE,
)
SEE_ATTACHMENT_RE = re.compile(r"^se\s+(?:bilaga|bilagor|bifogad|bifogade)\b", re.IGNORECASE)

ADJUSTER_TITLE_RE = re.compile(
    r"^(?:val\s+av\s+(?:protokoll)?justerare|(?:protokoll)?justerare|justering(?:\s+av\s+protokollet)?|"
    r"val\s+av\s+justerande)\b",
    re.IGNORECASE,
)
ADJUSTERS_CHOSEN_RE = re.compile(
    r"^(?P<names>.+?)\s+(?:valdes|väljs|utsågs|utses|utsågs|är|blev)\s+(?:till\s+|som\s+)?"
    r"(?:(?:protokoll)?justerare|att\s+justera)",
    re.IGNORECASE,
)
ADJUSTERS_LEAD_RE = re.compile(
    r"^(?:till\s+)?(?:protokoll)?justerare\s+(?:valdes|väljs|utsågs|utses|blev|är)?\s*:?\s*(?P<names>.+?)\.?$",
    re.IGNORECASE,
)
CLOSING_ADJUSTS_RE = re.compile(r"\bjusterar\b|\bjusteras\s+av\b", re.IGNORECASE)
CLOSING_RE = re.compile(
    r"^(?:(?:mötes)?ordförande(?:n)?\s+(?:avslutar|förklarar|tackar)|mötet\s+(?:avslutas|avslutades|förklaras|"
    r"förklarades)|nästa\s+(?:möte|sammanträde)|vid\s+(?:protokollet|pennan|tangentbordet)|"
    r"antecknat\s+av|(?:mötes)?sekreterare\s*:|dag\s+som\s+ovan)",
    re.IGNORECASE,
)
PRESENTER_LINE_RE = re.compile(
    r"^(?:föredragande|föredragen\s+av|presentatör|presenteras\s+av|ansvarig|ärendeansvarig)\s*:\s*(?P<who>.+)$",
    re.IGNORECASE,
)

ROLE_RE = re.compile(
    r"chef|direktör|ordförande|sekreterare|\bHR\b|^HR|HR-|\bVC\b|\bEC\b|\bSC\b|\bAC\b|\bFC\b|konsult|controller|"
    r"strateg|samordnare|handläggare|ansvarig|\bresp\.|respektive|specialist|ekonom\b|jurist|rektor|"
    r"skyddsombud|projektledare|utvecklare|utredare|koordinator|kommunikatör|registrator|ombud\b|"
    r"föredragande|ledningsgrupp|förvaltningsledning|\bSOF\b|medarbetare|representant|personalföreträdare|"
    r"samtliga|alla\b|verksamhetsområde|controllers|HR-partner|lönespecialist|arbetsmiljö(?:ingenjör|specialist)",
    re.IGNORECASE,
)
NAME_RE = re.compile(
    r"^[A-ZÅÄÖÉ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?(?:\s+(?:af\s+|von\s+|de\s+)?[A-ZÅÄÖÉ][a-zåäöéü]+"
    r"(?:-[A-ZÅÄÖ][a-zåäöé]+)?){1,2}$"
)
INITIALS_RE = re.compile(r"^[A-ZÅÄÖ]{2,3}$")

# Sub-headings inside an item: the operational areas and the usual labels.
SUBHEADINGS = {
    "gm", "gr", "buf", "vuxen", "uu", "ifo", "lss", "äldre", "stab", "staben", "myndighet", "utförare",
    "gemensamma resurser", "barn, unga och familj", "barn unga och familj", "barn och unga", "vuxenverksamheten",
    "funktionsnedsättning", "socialpsykiatri", "ekonomiskt bistånd", "försörjningsstöd", "mottagningen",
    "utredningsenheten", "utredning", "hvb", "familjehem", "öppenvård", "kommentarer", "kommentar",
    "bakgrund", "syfte", "förslag", "synpunkter", "frågor", "diskussion", "sammanfattning", "konsekvenser",
    "risker", "uppföljning", "nuläge", "nulägesbeskrivning", "riskbedömning", "tidsplan", "ekonomi",
    "arbetsmiljö", "statistik", "sjukfrånvaro", "personalomsättning", "arbetsskador", "tillbud",
    "information", "beslutsunderlag", "övrigt",
}

FINITE_VERBS = {
    "är", "var", "har", "hade", "blir", "blev", "kommer", "ska", "skall", "kan", "kunde", "måste", "bör",
    "vill", "får", "fick", "finns", "fanns", "gör", "gjorde", "går", "gick", "ser", "tar", "tog", "informerar",
    "informerade", "menar", "anser", "beslutar", "beslutade", "beslutades", "redogör", "redogjorde",
    "presenterar", "presenterade", "önskar", "efterfrågar", "påtalar", "undrar", "föreslår", "diskuteras",
    "diskuterades", "läggs", "lades", "valdes", "avslutar", "öppnar", "behöver", "arbetar", "pågår", "gäller",
    "innebär", "saknas", "framgår", "visar", "berättar", "lyfter", "framför", "meddelar", "godkänns",
    "godkändes", "fastställs", "fastställdes", "noteras", "noterades", "tackar", "hälsar", "ställer",
}
FUNCTION_WORDS = {
    "och", "att", "som", "för", "i", "på", "med", "av", "till", "en", "ett", "det", "den", "de", "om", "från",
    "men", "samt", "eller", "vid", "under", "inom", "är", "har", "var", "så", "då", "när", "där", "vilket",
}
CONJUNCTIONS = {"och", "eller", "samt", "respektive", "resp", "resp.", "till", "som", "men"}
BULLET_RE = re.compile(r"^\s*(?:[•·▪◦●■□➢➤►‣⁃∙*–—-]|o(?=\s)|\uf0b7|\uf0a7|\uf0d8)\s+(?P<text>\S.*)$")
TERMINAL = (".", "!", "?", ";", ",", "…")


# --- The result ---------------------------------------------------------------------


@dataclass
class ParsedAdjuster:
    name: str
    party: str | None = None


@dataclass
class ParsedUnionInput:
    party: str | None
    paragraphs: list = field(default_factory=list)

    @property
    def text(self):
        return "\n\n".join(self.paragraphs)


@dataclass
class ParsedDecision:
    text: str
    outcome: str = UNKNOWN
    positions: list = field(default_factory=list)  # [(party name, stand, comment)]
    deferred_to: str = ""


@dataclass
class ParsedItem:
    kind: str
    title: str
    presenter: str = ""
    blocks: list = field(default_factory=list)  # ("p", text) / ("h", text) / ("b", [lines])
    union_inputs: list = field(default_factory=list)
    decision: ParsedDecision | None = None
    decision_paragraphs: list = field(default_factory=list)
    kind_given: bool = True  # from a section heading or a marker, not guessed

    @property
    def body(self):
        return render_blocks(self.blocks)


@dataclass
class ParsedMinutes:
    group: str | None = None
    administration: str | None = None
    date: datetime.date | None = None
    protocol: str | None = None
    dnr: str | None = None
    place: str | None = None
    document_date: datetime.date | None = None
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    chair: str = ""
    secretary: str = ""
    closing_text: str = ""
    adjusters: list = field(default_factory=list)
    items: list = field(default_factory=list)
    unclassified: list = field(default_factory=list)
    source_text: str = ""

    @property
    def unclassified_text(self):
        return "\n\n".join(self.unclassified)

    def as_dict(self, *, id=None, source=""):
        """The documented JSON shape of one meeting (README: Import of existing minutes)."""
        return {
            "id": id,
            "source": source,
            "group": self.group,
            "administration": self.administration,
            "date": self.date.isoformat() if self.date else None,
            "protocol": self.protocol,
            "dnr": self.dnr,
            "place": self.place,
            "adjusters": [{"name": a.name, "party": a.party} for a in self.adjusters],
            "items": [
                {
                    "kind": item.kind,
                    "title": item.title,
                    "presenter": item.presenter or None,
                    "body": item.body,
                    "union_inputs": [{"party": u.party, "text": u.text} for u in item.union_inputs],
                    "decision": None if item.decision is None else {
                        "text": item.decision.text,
                        "outcome": item.decision.outcome,
                        "positions": [{"party": p, "position": s} for p, s, _c in item.decision.positions],
                    },
                }
                for item in self.items
            ],
            "unclassified": self.unclassified_text,
        }


def render_blocks(blocks):
    """Blocks in the item text format of meetings.text: paragraphs, "## " headings, "- " bullets."""
    out = []
    previous = None
    for kind, content in blocks:
        if kind == "h":
            text = f"## {content}"
        elif kind == "b":
            text = "- " + "\n".join(content)
        else:
            text = content
        if kind == "b" and previous == "b":
            out[-1] += "\n" + text  # one list, as in the minutes
        else:
            out.append(text)
        previous = kind
    return "\n\n".join(out)


# --- Lines ----------------------------------------------------------------------------


@dataclass
class Line:
    text: str  # stripped, inner runs of spaces kept
    page_start: bool = False
    blank_before: int = 0

    @property
    def clean(self):
        return " ".join(self.text.split())


def normalise(text):
    """The text as lines: Unicode NFC, no control characters, page breaks marked."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u00ad", "").replace("\u200b", "").replace("\ufeff", "").replace("\xa0", " ")
    text = text.replace("\t", "   ")
    text = "".join(ch for ch in text if ch in "\n\f" or unicodedata.category(ch)[0] != "C"
                   or unicodedata.category(ch) == "Co")
    lines = []
    blank = 0
    for page_number, page in enumerate(text.split("\f")):
        first_on_page = page_number > 0
        for raw in page.split("\n"):
            stripped = raw.strip()
            if not stripped:
                blank += 1
                continue
            page_start = first_on_page or (raw.startswith(" ") and not raw.startswith("  "))
            lines.append(Line(stripped, page_start=page_start, blank_before=blank))
            blank = 0
            first_on_page = False
    return lines


def parse_date(text):
    """The first date in `text` ("16 november 2020", "2020-11-16", "16/11 2020"), or None."""
    candidates = []
    for regex in (DATE_TEXT_RE, DATE_ISO_RE, DATE_NUM_RE):
        for match in regex.finditer(text or ""):
            month = match.group("month")
            month = MONTHS.get(month.lower().rstrip(".")) if not month.isdigit() else int(month)
            try:
                value = datetime.date(int(match.group("year")), int(month), int(match.group("day")))
            except (TypeError, ValueError):
                continue
            candidates.append((match.start(), value, match))
            break
    if not candidates:
        return None, None
    _start, value, match = min(candidates, key=lambda c: c[0])
    return value, match


def parse_times(text):
    match = TIME_RANGE_RE.search(text or "")
    if match:
        try:
            return (datetime.time(int(match["h1"]), int(match["m1"])),
                    datetime.time(int(match["h2"]), int(match["m2"])), match)
        except ValueError:
            return None, None, None
    match = TIME_RE.search(text or "")
    if match:
        return datetime.time(int(match["h1"]), int(match["m1"])), None, match
    return None, None, None


def join_lines(lines):
    """Lines wrapped inside one paragraph, as one line; hyphenated words made whole."""
    out = ""
    for line in lines:
        line = " ".join(line.split())
        if not out:
            out = line
            continue
        if out.endswith("-") and len(out) >= 2 and out[-2].isalpha():
            first_word = line.split(" ", 1)[0]
            if first_word.lower().rstrip(".,") in CONJUNCTIONS:
                out += " " + line  # "hot-" + "och våld": "hot- och våld"
            elif line[:1].islower() and not out[-2].isupper():
                out = out[:-1] + line  # "tilläggs-" + "uppdrag"
            else:
                out += line  # "HR-" + "enheten", "FSG-" + "VSG"
        else:
            out += " " + line
    return out


def has_finite_verb(text):
    return any(w.lower().strip(".,:") in FINITE_VERBS for w in text.split())


def strip_number(title):
    return re.sub(r"^(?:§\s*\d{1,3}[a-z]?\.?|punkt\s+\d{1,3}[.:]?|\d{1,2}(?:\.\d{1,2})*[.)]|[IVX]{1,4}\.)\s+",
                  "", title, flags=re.IGNORECASE).strip()


class Parser:
    def __init__(self, text, parties=None):
        self.source = text
        self.parties = parties or PartyDirectory()
        self.result = ParsedMinutes(source_text=text)
        self.letterhead = []

    # -- entry ----------------------------------------------------------------------

    def parse(self):
        lines = normalise(self.source)
        lines = self._drop_letterhead(lines)
        self.width = self._line_width(lines)
        body_start = self._parse_header(lines)
        units = self._units(lines[body_start:])
        units = self._drop_agenda_listing(units)
        self._assemble(units)
        self._finish()
        return self.result

    @staticmethod
    def _line_width(lines):
        lengths = sorted(len(line.text) for line in lines if len(line.text) > 20)
        if not lengths:
            return 80
        return max(40, lengths[int(len(lengths) * 0.9) - 1 if len(lengths) > 1 else 0])

    # -- letterhead -------------------------------------------------------------------

    def _drop_letterhead(self, lines):
        """Remove letterhead lines wherever they repeat; remember their facts."""
        kept = []
        carry_page_start = False
        counts = {}
        for line in lines:
            counts[line.clean] = counts.get(line.clean, 0) + 1
        head = {line.clean for line in lines[:8]}
        page_starts = [i for i, line in enumerate(lines) if line.page_start]
        near_page_start = {j for i in page_starts for j in range(i, i + 3)}
        for index, line in enumerate(lines):
            text = line.clean
            is_letterhead = (
                PAGE_RE.fullmatch(text)
                or re.fullmatch(r"(?:dnr|diarienummer|diarienr)\.?\s*:?\s*\S+", text, re.IGNORECASE)
                or (LETTERHEAD_TITLE_RE.fullmatch(text) and text.upper() == text and len(text) < 80)
                or DATE_ISO_RE.fullmatch(text)
                or (counts[text] > 1 and text in head and len(text) < 60 and index > 0
                    and index in near_page_start and not SECTION_RE.match(text)
                    and any(l.clean == text for l in lines[:index]))
            )
            if is_letterhead:
                self.letterhead.append(text)
                carry_page_start = carry_page_start or line.page_start
                continue
            if carry_page_start:
                line.page_start = True
                carry_page_start = False
            kept.append(line)
        for text in self.letterhead:
            dnr = DNR_RE.search(text)
            if dnr and not self.result.dnr:
                self.result.dnr = dnr.group("dnr")
            if DATE_ISO_RE.fullmatch(text) and not self.result.document_date:
                self.result.document_date, _ = parse_date(text)
        return kept

    # -- header ----------------------------------------------------------------------

    def _parse_header(self, lines):
        """Read the header; returns the index of the first line of the content."""
        result = self.result
        end = None
        for index, line in enumerate(lines[:60]):
            if self._section_match(line.clean) or (index and self._looks_numbered_title(line.clean)):
                end = index
                break
        if end is None:
            end = self._header_end_without_sections(lines)
        index = 0
        found_heading = False
        while index < end:
            text = lines[index].clean
            if not found_heading and HEADING_START_RE.match(text):
                consumed = self._match_heading(lines, index, end)
                if consumed:
                    found_heading = True
                    index += consumed
                    continue
            if self._header_line(text, lines, index):
                index += 1
                continue
            if PRESENT_RE.match(text):
                block = [text]
                index += 1
                while index < end and lines[index].blank_before == 0 and not LABEL_RE.match(lines[index].clean):
                    block.append(lines[index].clean)
                    index += 1
                result.unclassified.append("\n".join(block))
                continue
            result.unclassified.append(text)
            index += 1
        if not result.date and result.document_date:
            # Only a letterhead date: better than none, shown for review.
            result.date = result.document_date
        if result.document_date == result.date:
            result.document_date = None
        return end

    def _header_end_without_sections(self, lines):
        """Without a section heading: the header ends after its last recognisable line."""
        last = -1
        for index, line in enumerate(lines[:25]):
            text = line.clean
            if (HEADING_START_RE.match(text) or PROTOCOL_RE.search(text) or LABEL_RE.match(text)
                    or DNR_RE.search(text) or PRESENT_RE.match(text)):
                last = index
            elif index == last + 1 and last >= 0 and line.blank_before == 0 and HEADING_START_RE.match(
                    lines[last].clean):
                last = index  # the heading's second line
        return last + 1

    def _looks_numbered_title(self, text):
        return bool(re.match(r"^(?:§\s*\d{1,3}|\d{1,2}[.)])\s+[A-ZÅÄÖ]", text)) and not TERMINAL_END(text)

    def _match_heading(self, lines, index, end):
        """The heading ("Minnesanteckningar från samverkansgrupp X – Y den …"), over up to 3 lines."""
        for count in (1, 2, 3):
            if index + count > end:
                break
            if count > 1 and lines[index + count - 1].blank_before > 1:
                break
            text = " ".join(line.clean for line in lines[index:index + count])
            parsed = self._heading_parts(text)
            if parsed and (parsed[2] or count == 3 or index + count >= end
                           or lines[index + count].blank_before > 0
                           and not self._heading_continues(lines[index + count].clean)):
                group, administration, date = parsed
                result = self.result
                result.group = result.group or group
                result.administration = result.administration or administration
                result.date = result.date or date
                rest = PROTOCOL_RE.search(text)
                if rest and not result.protocol:
                    result.protocol = re.sub(r"\s+", "", rest.group("number"))
                return count
        return 0

    @staticmethod
    def _heading_continues(text):
        return bool(parse_date(text)[0]) and len(text) < 80

    def _heading_parts(self, text):
        date, date_match = parse_date(text)
        rest = HEADING_PREFIX_RE.sub("", text, count=1)
        if date_match:
            before = text[:date_match.start()]
            rest = HEADING_PREFIX_RE.sub("", before, count=1)
        rest = re.sub(r"(?:\s+|,)(?:den|dagen|datum|mötesdatum|mötet)?\s*[,:]?\s*$", "", rest.strip(),
                      flags=re.IGNORECASE)
        rest = re.sub(r"\s+(?:den|kl\.?)$", "", rest, flags=re.IGNORECASE).strip(" ,–—-:")
        rest = re.sub(r"\bbilaga\s+till\s+protokoll.*$", "", rest, flags=re.IGNORECASE).strip(" ,–—-:")
        if not rest and not date:
            return None
        group, administration = None, None
        if rest:
            parts = re.split(r"\s+[–—-]\s+|\s+[–—]|\s*,\s+|\s+(?:för|inom|på|vid)\s+", rest, maxsplit=1)
            if len(parts) == 2:
                group, administration = parts[0].strip(" -–—"), parts[1].strip(" -–—,")
            else:
                words = rest.split()
                split = next((i for i, w in enumerate(words) if re.search(
                    r"(förvaltning(en)?|nämnd(en)?|kontoret|avdelning(en)?|kommun(en)?|staden|regionen)$", w,
                    re.IGNORECASE)), None)
                if split:
                    group, administration = " ".join(words[:split]), " ".join(words[split:])
                else:
                    group = rest
        if group is not None and (len(group) > 100 or not group):
            group = None
        if administration is not None and (len(administration) > 200 or not administration):
            administration = None
        if group is None and date is None:
            return None
        return group, administration, date

    def _header_line(self, text, lines, index):
        """Facts of the header other than the heading; True when the line is used."""
        result = self.result
        used = False
        protocol = PROTOCOL_RE.search(text)
        if protocol and re.match(r"^(?:bilaga|protokoll|minnesanteckningar|anteckningar|till)\b", text, re.IGNORECASE):
            result.protocol = result.protocol or re.sub(r"\s+", "", protocol.group("number"))
            used = True
        dnr = DNR_RE.search(text)
        if dnr and len(text) < 80:
            result.dnr = result.dnr or dnr.group("dnr")
            used = True
        label = LABEL_RE.match(text)
        if label:
            name, value = label.group("label").lower(), label.group("value").strip()
            if name in ("ordförande", "mötesordförande"):
                result.chair = value
            elif name in ("sekreterare", "mötessekreterare"):
                result.secretary = value
            elif name in ("justerare", "protokolljusterare"):
                result.adjusters.extend(self._adjuster_list(value))
            else:
                self._date_place(value, place_only=name in ("plats", "lokal", "mötesplats", "mötesrum",
                                                            "möteslokal"))
            return True
        if used:
            return True
        date, _match = parse_date(text)
        if date and len(text) < 120 and not HEADING_START_RE.match(text):
            self._date_place(text)
            return True
        return False

    def _date_place(self, value, place_only=False):
        result = self.result
        rest = value
        if not place_only:
            date, match = parse_date(value)
            if date:
                result.date = result.date or date
                rest = rest[:match.start()] + " " + rest[match.end():]
            start, end, time_match = parse_times(rest)
            if start:
                result.start_time = result.start_time or start
                result.end_time = result.end_time or end
                rest = rest[:time_match.start()] + " " + rest[time_match.end():]
        rest = re.sub(r"\b(?:plats|lokal|tid|datum|den|kl\.?|klockan|mötesdatum)\b\s*:?", " ", rest,
                      flags=re.IGNORECASE)
        rest = re.sub(r"^(?:måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag)(?:en)?\b", "", rest.strip(),
                      flags=re.IGNORECASE)
        place = " ".join(rest.split()).strip(" ,;:–—-")
        if place and not result.place and len(place) <= 200 and re.search(r"[A-Za-zÅÄÖåäö]", place):
            result.place = place

    # -- sections -------------------------------------------------------------------

    def _section_match(self, text):
        match = SECTION_RE.match(text)
        if not match:
            prefix = KIND_PREFIX_RE.match(text)
            if prefix and not has_finite_verb(prefix.group("title")) and len(text) < 100 \
                    and not TERMINAL_END(prefix.group("title")):
                kind = {"information": INFORMATION, "dialog": DIALOG, "beslut": DECISION,
                        "övrigt": OTHER}[prefix.group("k").lower()]
                return kind, prefix.group("k"), prefix.group("title")
            return None
        kind = next(k for k in SECTION_WORDS if match.group(k))
        rest = (match.group("rest") or "").strip()
        if rest and (TERMINAL_END(rest) and not rest.endswith(":")) :
            return None  # "Beslut: Arbetsgivaren beslutar …" is a sentence, not a heading
        return kind, match.group("name"), rest

    # -- units -----------------------------------------------------------------------

    def _units(self, lines):
        """Lines as units: section, union heading, heading, paragraph, bullet."""
        units = []
        current = None  # the paragraph or bullet being read
        for index, line in enumerate(lines):
            text = line.text
            clean = line.clean
            following = lines[index + 1] if index + 1 < len(lines) else None
            section = self._section_match(clean)
            if section:
                kind, label, rest = section
                units.append(("section", kind, label))
                current = None
                if rest:
                    units.append(("heading", rest))
                continue
            union = UNION_HEADING_RE.match(clean)
            if union and len(clean) < 120 and (not union.group("rest") or clean[len(clean) - len(union.group(
                    "rest")) - 1:].lstrip().startswith(":") or ":" in clean[:len(clean) - len(union.group("rest"))]):
                units.append(("union", union.group("rest").strip()))
                current = None
                continue
            continues = current is not None and line.blank_before == 0
            if line.page_start and current is not None and not continues:
                # A new page: the paragraph before goes on unless it had ended.
                last = current[1][-1] if current[0] == "para" else current[1][-1]
                continues = not TERMINAL_END(last) and (clean[:1].islower() or clean[:1].isdigit())
            if line.page_start and continues and current is not None:
                last = current[1][-1]
                if TERMINAL_END(last):
                    continues = False
            bullet = BULLET_RE.match(text)
            if bullet:
                current = ("bullet", [bullet.group("text").strip()])
                units.append(current)
                continue
            if continues and current[0] == "para" and self._deliberate_break(current[1][-1], clean):
                # The line before ended a sentence where the next word would have fit:
                # the line break is the author's, a new paragraph.
                continues = False
            if continues:
                previous = current[1][-1]
                if (TERMINAL_END(previous) and not previous.endswith(",")
                        and self._heading_like(clean, following, strict=True)):
                    units.append(("heading", text))
                    current = None
                    continue
                current[1].append(text)
                continue
            if self._heading_like(clean, following):
                units.append(("heading", text))
                current = None
                continue
            current = ("para", [text])
            units.append(current)
        return units

    def _deliberate_break(self, previous, clean):
        previous = " ".join(previous.split())
        if not previous.endswith((".", "!", "?")):
            return False
        first_word = clean.split(" ", 1)[0]
        return len(previous) + 1 + len(first_word) <= 0.9 * self.width

    def _heading_like(self, clean, following, strict=False):
        """Could this line, at the start of a paragraph, be a title or a sub-heading?"""
        text = clean.rstrip(":").strip() if clean.endswith(":") else clean
        if not text or len(clean) > 110 or TERMINAL_END(clean) or clean.endswith("-"):
            return False
        if not (text[0].isupper() or text[0].isdigit() or text[0] in "§"):
            return False
        words = text.split()
        if len(words) > 14:
            return False
        if clean.endswith(":") and (len(words) > 6 or has_finite_verb(text)):
            return False
        if len(words) > 3 and has_finite_verb(strip_number(text)):
            return False
        directly_followed = following is not None and following.blank_before == 0 and not following.page_start
        if directly_followed or strict:
            # The first line of a wrapped paragraph is near the full width and reads as
            # part of a sentence; a title is short or at least verbless.
            if len(clean) > 0.72 * self.width and (
                len(words) > 10 or has_finite_verb(text) or words[-1].lower() in FUNCTION_WORDS
            ):
                return False
            if following is not None and following.clean[:1].islower() and not BULLET_RE.match(following.text):
                return False
        return True

    def _drop_agenda_listing(self, units):
        """An agenda ("Ärendelista" followed by titles only) repeated as items later: kept aside."""
        out = []
        index = 0
        while index < len(units):
            unit = units[index]
            if unit[0] == "section" and unit[1] == "agenda":
                run = index + 1
                seen = set()
                while run < len(units) and (
                    (units[run][0] == "heading")
                    or (units[run][0] == "bullet" and len(units[run][1]) == 1)
                    or (units[run][0] == "section" and units[run][1] == OTHER)
                ) and self._title_key(self._unit_title(units[run])) not in seen:
                    seen.add(self._title_key(self._unit_title(units[run])))
                    run += 1
                titles = [self._title_key(self._unit_title(u)) for u in units[index + 1:run]]
                later = {self._title_key(self._unit_title(u)) for u in units[run:] if u[0] in ("heading", "section")}
                if len(titles) >= 2 and sum(t in later for t in titles) >= max(1, len(titles) // 2):
                    listing = [unit[2]] + ["- " + u[1][0] if u[0] == "bullet" else self._unit_title(u)
                                           for u in units[index + 1:run]]
                    self.result.unclassified.append("\n".join(listing))
                    out.append(("section", None, unit[2]))
                    index = run
                    continue
            out.append(unit)
            index += 1
        return out

    @staticmethod
    def _unit_title(unit):
        if unit[0] == "bullet":
            return unit[1][0]
        if unit[0] == "section":
            return str(unit[2] or "")
        return unit[1]

    def _title_key(self, text):
        title, _presenter = self._split_title(strip_number(" ".join(text.split())))
        return title.casefold()

    # -- assembling items -------------------------------------------------------------

    def _assemble(self, units):
        self.section = None  # (kind or None, label)
        self.item = None
        self.target = "body"  # body | union | decision
        self.sub_mode = False
        self.last_unit = None
        self.bullet_decisions = []  # items made from the bullets of a Beslut section
        self.lead_in = []
        self.after_title = False
        for unit in units:
            kind = unit[0]
            if kind == "section":
                self._close_bullet_decisions()
                previous_section = self.section
                self.section = (unit[1], unit[2])
                if unit[1] == DECISION and self.item is not None and self.item.kind == DECISION \
                        and self.last_unit and self.last_unit[0] != "section" and self.item.blocks \
                        and unit[2].lower().startswith("beslut"):
                    # "Beslut:" inside a decision item labels its decision.
                    self.section = previous_section
                    self.target = "decision"
                    self.last_unit = unit
                    continue
                self.item = None
                self.target = "body"
                self.sub_mode = False
            elif kind == "union":
                item = self.item or self._implicit_item()
                item.union_inputs.append(ParsedUnionInput(party=None))
                self.target = "union"
                if unit[1]:
                    self._paragraph(unit[1])
            elif kind == "heading":
                self._heading(unit[1])
            elif kind == "bullet":
                self._bullet(unit[1])
            else:
                self._paragraph(join_lines(unit[1]), raw_lines=unit[1])
            self.last_unit = unit
        self._close_bullet_decisions()

    def _section_kind(self):
        return self.section[0] if self.section and self.section[0] in KINDS else None

    def _new_item(self, title, presenter="", kind=None):
        section_kind = self._section_kind()
        kind_given = True
        marker = KIND_MARKER_RE.search(title)
        if marker:
            word = (marker.group("a") or marker.group("b")).lower()
            kind = kind or {"information": INFORMATION, "dialog": DIALOG, "diskussion": DIALOG,
                            "beslut": DECISION, "förhandling": DECISION}[word]
            title = title[:marker.start()].strip() or title
        if kind is None:
            kind = section_kind
        if kind is None:
            kind_given = False
            kind = OTHER if re.match(r"^övrig", title, re.IGNORECASE) else INFORMATION
        item = ParsedItem(kind=kind, title=title[:300], presenter=presenter[:200], kind_given=kind_given)
        self.result.items.append(item)
        self.item = item
        self.target = "body"
        self.sub_mode = False
        self.after_title = True
        return item

    def _implicit_item(self):
        """Text in a section before any title: an item named after the section ("Övrigt")."""
        label = self.section[1] if self.section else ""
        title = (label or "").strip().rstrip(":").strip()
        title = title[:1].upper() + title[1:] if title else "Övrigt"
        return self._new_item(title if title else "Övrigt")

    def _heading(self, raw):
        clean = " ".join(raw.split())
        text = clean[:-1].strip() if clean.endswith(":") else clean
        key = text.casefold()
        item = self.item
        presenter_line = PRESENTER_LINE_RE.match(clean)
        if presenter_line and item is not None:
            if self.after_title and not item.presenter:
                item.presenter = presenter_line.group("who").strip()[:200]
            else:
                item.blocks.append(("p", clean))
            return
        if item is not None and self.target != "decision" and (
            key in SUBHEADINGS
            or (self.sub_mode and len(text.split()) <= 2 and not self._split_title(text)[1]
                and not re.match(r"^\d", text))
        ) and not ADJUSTER_TITLE_RE.match(text):
            self._close_union_run()
            item.blocks.append(("h", text))
            self.sub_mode = True
            self.after_title = False
            return
        if self.bullet_decisions:
            self._close_bullet_decisions()
        title, presenter = self._split_title(strip_number(raw))
        kind = None
        prefix = KIND_PREFIX_RE.match(title)
        if prefix:
            kind = {"information": INFORMATION, "dialog": DIALOG, "beslut": DECISION,
                    "övrigt": OTHER}[prefix.group("k").lower()]
            title = prefix.group("title")
        title = title.rstrip(":").strip() or clean
        self._new_item(title, presenter, kind)

    def _split_title(self, raw):
        """("Val av justerare", "SOF Socialdirektör") from "Val av justerare, SOF Socialdirektör"."""
        text = raw.strip().rstrip(":").strip()
        columns = re.split(r"\s{3,}", text)
        if len(columns) >= 2:
            return " ".join(columns[0].split()), " ".join(" ".join(columns[1:]).split())
        text = " ".join(text.split())
        paren = re.match(r"^(?P<title>.+?)\s*\((?P<who>[^()]+)\)$", text)
        if paren and self._is_presenter(paren.group("who")):
            return paren.group("title"), paren.group("who")
        parts = text.split(", ")
        for cut in range(1, len(parts)):
            suffix = parts[cut:]
            if all(self._is_presenter(p) for p in suffix):
                return ", ".join(parts[:cut]), ", ".join(suffix)
        dash = re.match(r"^(?P<title>.+)\s+[–—-]\s+(?P<who>\S.*?)$", text)
        if dash and ROLE_RE.search(dash.group("who")) and len(dash.group("who").split()) <= 4:
            return dash.group("title"), dash.group("who")
        return text, ""

    def _is_presenter(self, text):
        text = text.strip()
        words = text.split()
        if not words or len(words) > 6 or TERMINAL_END(text):
            return False
        if text.casefold() in SUBHEADINGS:
            return False
        if ROLE_RE.search(text):
            return True
        if NAME_RE.match(text) and not self.parties.resolve(text):
            return True
        return bool(INITIALS_RE.match(text)) and text not in {"BUF", "GM", "GR", "UU", "IFO", "LSS", "HVB",
                                                               "SOF", "MBL", "APT"}

    def _bullet(self, lines):
        section_kind = self._section_kind()
        first = " ".join(lines[0].split())
        if section_kind == DECISION and (self.item is None or self.item in self.bullet_decisions):
            # Decisions listed as bullets: one decision item per bullet.
            text = join_lines(lines)
            if len(lines) == 1 and not TERMINAL_END(first) and len(first) <= 200:
                title, presenter = self._split_title(first)
                item = self._new_item(title, presenter, DECISION)
            else:
                title = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0].rstrip(".")
                item = self._new_item(title[:300], "", DECISION)
                item.decision_paragraphs.append(text)
            self.bullet_decisions.append(item)
            if self.lead_in:
                self.result.unclassified.extend(self.lead_in)
                self.lead_in = []
            return
        item = self.item or self._implicit_item()
        self.after_title = False
        if len(lines) > 1 and self._short_title_line(first):
            content = [first, join_lines(lines[1:])]
        else:
            content = [join_lines(lines)]
        if self.target == "union" and item.union_inputs:
            item.union_inputs[-1].paragraphs.append("- " + "\n".join(content))
        elif self.target == "decision":
            item.decision_paragraphs.append("- " + "\n".join(content))
        else:
            item.blocks.append(("b", content))

    def _short_title_line(self, text):
        return not TERMINAL_END(text) and len(text) <= 0.72 * self.width and not text.endswith("-")

    def _close_bullet_decisions(self):
        if self.lead_in:
            self.result.unclassified.extend(self.lead_in)
            self.lead_in = []
        self.bullet_decisions = []

    def _close_union_run(self):
        if self.target == "union":
            self.target = "body"

    def _paragraph(self, text, raw_lines=None):
        if not text:
            return
        result = self.result
        item = self.item
        after_title = self.after_title
        self.after_title = False
        # The closing of the minutes and the adjusters' sentence.
        if CLOSING_ADJUSTS_RE.search(text) and self._closing_adjusters(text):
            return
        if CLOSING_RE.match(text):
            result.closing_text = "\n\n".join(filter(None, [result.closing_text, text]))
            return
        if item is not None and after_title:
            presenter = PRESENTER_LINE_RE.match(text)
            if presenter and not item.presenter:
                item.presenter = presenter.group("who").strip()[:200]
                self.after_title = True
                return
        if self.bullet_decisions:
            # Text after decisions listed as bullets ("Se bilagor.") is their decision text.
            if len(text) <= 600:
                for decision_item in self.bullet_decisions:
                    decision_item.decision_paragraphs.append(text)
                return
            self._close_bullet_decisions()
            item = self.item = None
        if item is None:
            if self._section_kind() == DECISION and text.endswith(":") and len(text) <= 300:
                self.lead_in.append(text)
                return
            if self.section is None and not result.items:
                result.unclassified.append(text)
                return
            item = self._implicit_item()
            self.after_title = False
        if self.target == "decision":
            item.decision_paragraphs.append(text)
            return
        if self._is_outcome(text) and (item.kind == DECISION or not item.kind_given):
            if not item.kind_given:
                item.kind = DECISION
            item.decision_paragraphs.append(text)
            self.target = "body" if self.target == "union" else self.target
            return
        if item.kind == DECISION and DECISION_INTENT_RE.match(text):
            item.decision_paragraphs.append(text)
            return
        party = self._union_subject(text)
        if party is not False and self.target != "union":
            item.union_inputs.append(ParsedUnionInput(party=party, paragraphs=[text]))
            self.target = "union_run"
            return
        if self.target == "union" and item.union_inputs:
            item.union_inputs[-1].paragraphs.append(text)
            return
        if self.target == "union_run" and item.union_inputs:
            if party is False and REPLY_RE.search(text[:120]):
                item.union_inputs[-1].paragraphs.append(text)
                return
            self.target = "body"
        item.blocks.append(("p", text))

    def _union_subject(self, text):
        """False unless the paragraph is the unions speaking; else the party name or None (jointly)."""
        if UNION_SUBJECT_RE.match(text):
            return None
        label = re.match(r"^(?P<party>[^:,.]{2,40}?)\s*:\s+\S", text)
        if label:
            party = self.parties.resolve(label.group("party"))
            if party and self.parties.is_union(party):
                return party
        match = self.parties.pattern.match(text)
        if match:
            party = self.parties.resolve(match.group(1))
            rest = text[match.end():]
            rest = re.sub(r"^\s+(?:och\s+\S+(?:\s+\S+)?\s+)?", " ", rest)
            if party and self.parties.is_union(party) and re.match(rf"^\s*(?:{SPEECH_VERBS})\b", rest,
                                                                  re.IGNORECASE):
                return party
        return False

    def _is_outcome(self, text):
        if len(text) > 500:
            return False
        if DEFERRED_RE.search(text) and re.search(r"beslut|förhandl|punkt|fråga|ärende", text, re.IGNORECASE):
            return True
        if NO_OBJECTION_RE.search(text):
            return True
        if (DISAGREE_RE.search(text) or AGREE_RE.search(text)) and DECISION_WORD_RE.search(text):
            return True
        return False

    def _closing_adjusters(self, text):
        """"X justerar protokollet för SSR, Y för Kommunal och Z för arbetsgivaren." -> adjusters."""
        sentence = re.split(r"(?<=[.!?])\s+", text)
        found = []
        for part in sentence:
            if not CLOSING_ADJUSTS_RE.search(part):
                continue
            body = re.sub(r"\s+", " ", part).strip().rstrip(".")
            body = re.sub(r"\bjusterar\s+(?:protokollet|minnesanteckningarna|anteckningarna|mötesanteckningarna)?\s*",
                          "", body, flags=re.IGNORECASE)
            body = re.sub(r"^(?:protokollet|minnesanteckningarna)\s+justeras\s+av\s+", "", body, flags=re.IGNORECASE)
            clauses = re.split(r",\s*|\s+och\s+(?=[A-ZÅÄÖ])", body)
            for clause in clauses:
                match = re.match(r"^(?P<name>.+?)\s+för\s+(?P<party>.+)$", clause.strip())
                if match and NAME_RE.match(match.group("name").strip()):
                    party = self.parties.resolve(match.group("party")) or self._new_party(match.group("party"))
                    found.append(ParsedAdjuster(match.group("name").strip(), party))
                elif NAME_RE.match(clause.strip()):
                    found.append(ParsedAdjuster(clause.strip(), None))
                else:
                    return False
        if not found:
            return False
        self._add_adjusters(found)
        return True

    def _new_party(self, text):
        """A union named in the minutes that is not known yet ("Lärarförbundet")."""
        name = " ".join(text.split()).strip(" .,:;()")
        if 2 <= len(name) <= 100 and re.match(r"^[A-ZÅÄÖ]", name) and len(name.split()) <= 4:
            return name
        return None

    def _add_adjusters(self, adjusters):
        known = {a.name for a in self.result.adjusters}
        for adjuster in adjusters:
            if adjuster.name in known:
                for existing in self.result.adjusters:
                    if existing.name == adjuster.name and not existing.party:
                        existing.party = adjuster.party
                continue
            known.add(adjuster.name)
            self.result.adjusters.append(adjuster)

    def _adjuster_list(self, text):
        """"X, Kommunal och Y, SSR" / "X (SSR) och Y (Vision)" / "X och Y" -> adjusters."""
        text = " ".join(text.split()).strip().rstrip(".")
        tokens = [t.strip() for t in re.split(r",\s*|\s+och\s+|\s+samt\s+|;\s*", text) if t.strip()]
        adjusters = []
        for token in tokens:
            paren = re.match(r"^(?P<name>.+?)\s*\((?P<party>[^)]+)\)$", token)
            name, party = (paren.group("name"), paren.group("party")) if paren else (token, None)
            dash = re.match(r"^(?P<name>.+?)\s+[–—-]\s+(?P<party>.+)$", name)
            if dash and not paren:
                name, party = dash.group("name"), dash.group("party")
            resolved = self.parties.resolve(name) if not party else None
            if resolved and adjusters and adjusters[-1].party is None:
                adjusters[-1].party = resolved
                continue
            if party is not None:
                party = self.parties.resolve(party) or self._new_party(party)
            if NAME_RE.match(name.strip()):
                adjusters.append(ParsedAdjuster(name.strip(), party))
            elif re.match(r"^(?:för\s+)", name, re.IGNORECASE) and adjusters:
                adjusters[-1].party = self.parties.resolve(name) or self._new_party(name[4:])
        return adjusters

    # -- finishing ----------------------------------------------------------------------

    def _finish(self):
        result = self.result
        for item in result.items:
            if ADJUSTER_TITLE_RE.match(item.title):
                for kind, content in item.blocks:
                    if kind != "p":
                        continue
                    match = ADJUSTERS_CHOSEN_RE.match(content) or ADJUSTERS_LEAD_RE.match(content)
                    if match:
                        self._add_adjusters(self._adjuster_list(match.group("names")))
        unions = self._meeting_unions()
        for item in result.items:
            if item.kind == DECISION and item.decision_paragraphs:
                item.decision = self._decision("\n\n".join(item.decision_paragraphs), unions)
            elif item.decision_paragraphs:
                # Not a decision item after all: the text goes back to its body.
                item.blocks.extend(("p", p) for p in item.decision_paragraphs)
            for union_input in item.union_inputs:
                union_input.paragraphs = [p for p in union_input.paragraphs if p]
            item.union_inputs = [u for u in item.union_inputs if u.paragraphs]
            for union_input in item.union_inputs:
                if union_input.party is None:
                    # Under "Inspel från …": one union speaking alone is that union's input.
                    speakers = {self._union_subject(p) for p in union_input.paragraphs} - {False}
                    if len(speakers) == 1 and None not in speakers:
                        union_input.party = speakers.pop()
            if item.kind == DECISION:
                for union_input in item.union_inputs:
                    self._demands(union_input, item, unions)

    def _meeting_unions(self):
        unions = [a.party for a in self.result.adjusters if a.party and self.parties.is_union(a.party)]
        if not unions:
            unions = [p for p in self.parties.find_all(self.source) if self.parties.is_union(p)]
        out = []
        for union in unions:
            if union not in out:
                out.append(union)
        return out

    def _decision(self, text, unions):
        decision = ParsedDecision(text=text)
        stands = {}
        deferred = []
        for sentence in re.split(r"(?<=[.!?])\s+|\n\n", text):
            if not sentence.strip():
                continue
            if DEFERRED_RE.search(sentence):
                deferred.append(sentence.strip())
                continue
            if NO_OBJECTION_RE.search(sentence):
                stand = NO_OBJECTION
            elif DISAGREE_RE.search(sentence):
                stand = DISAGREE
            elif AGREE_RE.search(sentence):
                stand = AGREE
            elif DEMAND_RE.search(sentence):
                stand = DEMAND
            else:
                continue
            subject = re.split(r"\b(?:är|har|ställer|instämmer|godkänner|reserverar|motsätter|yrkar|lämnar|"
                               r"säger|tillstyrker)\b", sentence, maxsplit=1)[0]
            for party in self._subject_parties(subject, unions, stands):
                if stand == DEMAND:
                    stands[party] = (DEMAND, sentence.strip())
                else:
                    stands.setdefault(party, (stand, ""))
                    if stand == DISAGREE:
                        stands[party] = (stand, "")
        decision.positions = [(party, stand, comment) for party, (stand, comment) in stands.items()]
        values = {stand for stand, _c in stands.values()}
        if DISAGREE in values:
            decision.outcome = DISAGREED
        elif deferred:
            decision.outcome = DEFERRED
        elif AGREE in values:
            decision.outcome = AGREED
        elif NO_OBJECTION in values:
            decision.outcome = NO_OBJECTION
        elif re.search(r"\bparterna\s+är\s+eniga|\benighet\b", text, re.IGNORECASE):
            decision.outcome = AGREED
        if deferred:
            decision.deferred_to = " ".join(deferred)[:300]
        return decision

    def _subject_parties(self, subject, unions, already):
        parties = []
        employer = self.parties.employer
        lowered = subject.lower()
        named = [p for p in self.parties.find_all(subject)]
        if re.search(r"\b(?:parterna|samtliga\s+parter|alla\s+parter|båda\s+parter)\b", lowered):
            parties = ([employer] if employer else []) + list(unions)
        else:
            for party in named:
                parties.append(party)
            if re.search(r"\bövriga\s+fackliga|\bövriga\s+(?:förbund|organisationer)", lowered):
                parties += [u for u in unions if u not in already and u not in named]
            elif re.search(r"\bfackliga|\bfacket\b|\bfackens\b|\bfackförbunden\b|\barbetstagar", lowered):
                parties += [u for u in unions if u not in named]
        out = []
        for party in parties:
            if party and party not in out:
                out.append(party)
        return out

    def _demands(self, union_input, item, unions):
        if item.decision is None:
            return
        for sentence in re.split(r"(?<=[.!?])\s+", union_input.text):
            if DEMAND_RE.search(sentence):
                subject = re.split(r"\byrka", sentence, maxsplit=1, flags=re.IGNORECASE)[0]
                for party in self.parties.find_all(subject) or ([union_input.party] if union_input.party else []):
                    if self.parties.is_union(party) and all(p != party for p, _s, _c in item.decision.positions):
                        item.decision.positions.append((party, DEMAND, sentence.strip()[:1000]))


def TERMINAL_END(text):  # noqa: N802 - reads as a constant test
    return (text or "").rstrip().endswith(TERMINAL)


def parse_minutes(text, *, parties=None):
    """The structure of the minutes in `text`; raises MinutesImportError only."""
    if not isinstance(text, str):
        raise MinutesImportError(_("The text of the minutes must be a string."))
    if len(text) > MAX_TEXT:
        raise MinutesImportError(_("The text is too long to be minutes."))
    if not text.strip():
        raise MinutesImportError(_("The file holds no text."))
    try:
        return Parser(text, parties=parties).parse()
    except MinutesImportError:
        raise
    except (ValueError, IndexError, KeyError, TypeError, AttributeError, RecursionError, re.error) as exc:
        # A bug must not lose the file: the caller reports it and saves nothing.
        raise MinutesImportError(_("The text could not be read as minutes.")) from exc
