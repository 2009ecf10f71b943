"""The text as lines, and the small readings of one line: dates, times, joins, numbers, sections."""

import datetime
import re
import unicodedata
from dataclasses import dataclass

from meetings.importer.result import AGREEMENT, DECISION, DIALOG, DISAGREEMENT, INFORMATION, OTHER
from meetings.importer.patterns import (
    CONJUNCTIONS,
    DATE_ISO_RE,
    DATE_NUM_RE,
    DATE_TEXT_RE,
    FINITE_VERBS,
    KIND_PREFIX_RE,
    MONTHS,
    SECTION_RE,
    SECTION_WORDS,
    TERMINAL_END,
    TIME_RANGE_RE,
    TIME_RE,
)



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



def line_width(lines):
    """The usual width of a full line (the 90th percentile of the longer lines)."""
    lengths = sorted(len(line.text) for line in lines if len(line.text) > 20)
    if not lengths:
        return 80
    return max(40, lengths[int(len(lengths) * 0.9) - 1 if len(lengths) > 1 else 0])


def section_match(text):
    """(kind, label, rest) of a section heading ("Information", "Beslut: ..."), or None."""
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


def negotiation_result(text):
    """AGREEMENT or DISAGREEMENT for the result of a negotiation ("enighet", "oenighet"), or None."""
    lowered = (text or "").lower()
    if re.search(r"\boenig(?:a|het)?\b|\binte\s+(?:är\s+)?(?:eniga|överens)\b|\bej\s+överens", lowered):
        return DISAGREEMENT
    if re.search(r"\benig(?:a|het|t)?\b|\bär\s+överens\b|\böverenskommelse\b", lowered):
        return AGREEMENT
    return None
