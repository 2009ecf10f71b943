"""The header of minutes: the heading, the date, the place and time, the labelled facts, the letterhead.

The header reader fills the header fields of a ParsedMinutes and tells where
the content begins; it knows no items.
"""

import datetime
import re

from meetings.importer.result import BOARD, COOPERATION, NEGOTIATION
from meetings.importer.patterns import (
    INLINE_LABEL_RE,
    SHORT_DATE_RE,
    DATE_ISO_RE,
    DNR_RE,
    HEADING_PREFIX_RE,
    HEADING_START_RE,
    LABEL_RE,
    LETTERHEAD_TITLE_RE,
    PAGE_RE,
    PRESENT_RE,
    PROTOCOL_RE,
    SECTION_RE,
    TERMINAL_END,
)
from meetings.importer.lines import negotiation_result, parse_date, parse_times, section_match


class HeaderReader:
    def __init__(self, result, parties, adjusters):
        self.result = result
        self.parties = parties
        self.adjusters = adjusters
        self.letterhead = []
        self.found_heading = False

    def drop_letterhead(self, lines):
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

    def read(self, lines):
        """Read the header; returns the index of the first line of the content."""
        result = self.result
        end = None
        for index, line in enumerate(lines[:60]):
            if section_match(line.clean) or (index and self._looks_numbered_title(line.clean)):
                end = index
                break
        if end is None:
            end = self._header_end_without_sections(lines)
        index = 0
        found_heading = False
        self.header_texts = [line.clean for line in lines[:end]]
        while index < end:
            text = lines[index].clean
            if not found_heading and HEADING_START_RE.match(text):
                self._document_type(text)
                consumed = self._match_heading(lines, index, end)
                if consumed:
                    found_heading = True
                    index += consumed
                    continue
            parts = INLINE_LABEL_RE.split(lines[index].text)
            if len(parts) > 1 and all(LABEL_RE.match(part.strip()) for part in parts):
                for part in parts:
                    if not self._header_line(" ".join(part.split()), part.strip()):
                        result.unclassified.append(" ".join(part.split()))
                index += 1
                continue
            if self._header_line(text, lines[index].text):
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
        self.found_heading = found_heading
        if not result.date:
            result.date = self._short_date()
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
                           and not self._heading_continues(lines[index + count])):
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
    def _heading_continues(line):
        text = line.clean
        return (bool(parse_date(text)[0]) and len(text) < 80 and not LABEL_RE.match(text)
                and not LABEL_RE.match(line.text))

    def _document_type(self, heading):
        """Board protocol, negotiation protocol or (the default) cooperation-group minutes."""
        lowered = heading.lower()
        if re.match(r"förhandlingsprotokoll", lowered) or re.search(
                r"\b(?:överläggning|förhandling)\s+enligt\b|\bmbl\s*§?\s*11\b|\b11\s*§\s*mbl\b", lowered):
            self.result.document_type = NEGOTIATION
        elif re.match(r"sammanträdesprotokoll", lowered) or re.match(
                r"protokoll\s+(?:från|för|vid)\s+\S*(?:nämnd|nämnden|styrelse|styrelsen|fullmäktige)\b", lowered):
            self.result.document_type = BOARD

    def _short_date(self):
        """A day and month ("9/12") in the header, with the year given elsewhere in it."""
        for text in self.header_texts:
            match = SHORT_DATE_RE.search(text)
            if not match:
                continue
            years = [int(y) for t in self.header_texts for y in re.findall(r"(?<![\d.])((?:19|20)\d\d)(?!\d)", t)]
            if not years:
                return None
            try:
                return datetime.date(years[0], int(match.group("month")), int(match.group("day")))
            except ValueError:
                return None
        return None

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
        rest = SHORT_DATE_RE.sub("", rest).strip(" ,–—-:")
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
                if split and (words[split - 1].lower() in ("och", "samt") or words[split - 1].endswith("-")):
                    administration = rest  # "Miljö- och byggförvaltningen": one name
                elif split:
                    group, administration = " ".join(words[:split]), " ".join(words[split:])
                else:
                    group = rest
        if group is not None and (len(group) > 100 or not group):
            group = None
        if administration is not None and (len(administration) > 200 or not administration):
            administration = None
        if group is None and date is None and administration is None:
            return None
        return group, administration, date

    def _header_line(self, text, raw=None):
        """Facts of the header other than the heading; True when the line is used.

        `raw` keeps the runs of spaces: a row of a header table ("Plats och tid   Stadshuset")
        is a labelled fact as much as "Plats och tid: Stadshuset".
        """
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
        label = LABEL_RE.match(text) or LABEL_RE.match((raw or "").strip())
        if label:
            name, value = label.group("label").lower(), " ".join(label.group("value").split())
            self._label(name, value, text)
            return True
        if used:
            return True
        date, _match = parse_date(text)
        if date and len(text) < 120 and not HEADING_START_RE.match(text):
            self._date_place(text)
            return True
        return False

    def _label(self, name, value, text):
        result = self.result
        if name in ("ordförande", "mötesordförande"):
            result.chair = value
        elif name in ("sekreterare", "mötessekreterare"):
            result.secretary = value
        elif name in ("justerare", "protokolljusterare", "utses att justera", "justerande"):
            self.adjusters.add(self.adjusters.adjuster_list(value))
            if name == "utses att justera":
                result.document_type = BOARD if result.document_type == COOPERATION else result.document_type
        elif name == "parter":
            self._negotiation()["parties"] = self.parties.find_all(value) or [value]
        elif name == "fråga":
            self._negotiation()["question"] = value
        elif name == "resultat":
            self._negotiation()["result"] = negotiation_result(value)
        elif name in ("paragrafer", "justeringens plats och tid"):
            result.unclassified.append(text)  # a fact of the protocol, kept for review
        elif name == "mötestid":
            self._date_place(value)
        else:
            self._date_place(value, place_only=name in ("plats", "lokal", "mötesplats", "mötesrum",
                                                        "möteslokal"))

    def _negotiation(self):
        if self.result.negotiation is None:
            self.result.negotiation = {"parties": [], "question": "", "result": None, "closed": False}
        return self.result.negotiation

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
