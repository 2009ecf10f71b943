"""The words and patterns of Swedish minutes and protocols that the parser reads."""

import re

from meetings.importer.result import DECISION, DIALOG, INFORMATION, OTHER

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

HEADING_WORDS = r"(?:minnesanteckningar|mötesanteckningar|anteckningar|sammanträdesprotokoll|förhandlingsprotokoll|protokoll|mötesprotokoll)"
HEADING_START_RE = re.compile(rf"^{HEADING_WORDS}\b", re.IGNORECASE)
HEADING_PREFIX_RE = re.compile(
    rf"^{HEADING_WORDS}"
    r"(?:\s+(?:från|fört|förda|vid|för|över|med|avseende|gällande))*"
    r"(?:\s+(?:överläggning|förhandling)(?:\s+enligt\s+(?:§\s*\d+\s+mbl|\d+\s*§\s*mbl|mbl\s*§?\s*\d+))?)?"
    r"(?:\s+(?:möte|mötet|sammanträde|sammanträdet)(?:\s+(?:i|med|för|inom))?)?"
    r"(?:\s+(?:den|lokala|centrala|förvaltningens|verksamhetens))?"
    r"(?:\s+(?:samverkans(?:grupp|gruppen|gruppsmöte|gruppsmötet|möte|mötet|grupp(?:en)?s\s+möte)|samverkan)\b)?\s*",
    re.IGNORECASE,
)
PROTOCOL_RE = re.compile(
    r"protokoll(?:et)?(?:\s*(?:nr|nummer|number)\.?)?\s*[:#]?\s*"
    r"(?P<number>\d{1,4}\s*/\s*(?:19|20)?\d\d|(?:19|20)\d\d\s*[:/]\s*\d{1,4}|\d{1,4}:(?:19|20)\d\d)",
    re.IGNORECASE,
)
LABEL_RE = re.compile(
    r"^(?P<label>plats och tid|lokal och tid|plats|lokal|mötesplats|mötesrum|möteslokal|tid och plats|datum och tid|datum och plats|"
    r"datum|mötesdatum|tid|tidpunkt|ordförande|mötesordförande|sekreterare|mötessekreterare|"
    r"justerare|protokolljusterare|utses att justera|justerande|paragrafer|parter|fråga|resultat|"
    r"justeringens plats och tid|sammanträdesdatum|mötestid)(?:\s*:\s*|\s{3,})(?P<value>.*)$",
    re.IGNORECASE,
)
# Several labelled facts on one line: "Datum: 2024-03-19 Plats: Rådhuset Tid: 13.00–14.30".
INLINE_LABEL_RE = re.compile(r"\s+(?=(?:datum|plats|lokal|tid|ordförande|sekreterare|justerare)\s*:)",
                             re.IGNORECASE)
# A day and month without a year ("9/12"), the year given elsewhere in the header.
SHORT_DATE_RE = re.compile(r"(?<![\d/.])(?:den\s+)?(?P<day>[0-3]?\d)/(?P<month>[01]?\d)(?![\d/])")
PRESENT_RE = re.compile(
    r"^(?:närvarande|deltagare|frånvarande|anmält förhinder|förhinder|ej närvarande|övriga närvarande|"
    r"närvarande från arbetsgivaren|närvarande från fackliga|ledamöter|adjungerade|sändlista|beslutande|tjänstgörande ersättare|ersättare|"
    r"övriga deltagande)\b.*",
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
# A numbered paragraph whose title and text share a line (flowed text): "§ 2 Lönerevision 2021 HR informerar …".
INLINE_PARAGRAPH_RE = re.compile(r"^(?P<number>§\s*\d{1,4}[a-z]?)\s+(?P<rest>[A-ZÅÄÖ]\S*(?:\s+\S+){3,}[.!?])$")
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
# "Justerare: X och Y", "Utses att justera: X", a signature block's "Justerande" alone.
ADJUSTER_LABEL_RE = re.compile(
    r"^(?:justerare|justerande|protokolljusterare|utses\s+att\s+justera|justeras\s+av)\s*(?::\s*(?P<names>.*)|$)",
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
    "utses", "utsågs", "väljs", "redovisar", "konstaterar", "yrkar", "förklaras",
}
FUNCTION_WORDS = {
    "och", "att", "som", "för", "i", "på", "med", "av", "till", "en", "ett", "det", "den", "de", "om", "från",
    "men", "samt", "eller", "vid", "under", "inom", "är", "har", "var", "så", "då", "när", "där", "vilket",
}
CONJUNCTIONS = {"och", "eller", "samt", "respektive", "resp", "resp.", "till", "som", "men"}
BULLET_RE = re.compile(r"^\s*(?:[•·▪◦●■□➢➤►‣⁃∙*–—-]|o(?=\s)|\uf0b7|\uf0a7|\uf0d8)\s+(?P<text>\S.*)$")
TERMINAL = (".", "!", "?", ";", ",", "…")


def TERMINAL_END(text):  # noqa: N802 - reads as a constant test
    return (text or "").rstrip().endswith(TERMINAL)

