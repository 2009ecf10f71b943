"""The content of minutes: sections, items, their text, the unions' input and the decision paragraphs.

The body reader turns the lines after the header into units (section,
heading, paragraph, bullet, union heading) and assembles them into items.
"""

import re

from meetings.importer.result import (
    DECISION,
    DIALOG,
    INFORMATION,
    KINDS,
    OTHER,
    ParsedItem,
    ParsedUnionInput,
)
from meetings.importer.patterns import (
    INLINE_PARAGRAPH_RE,
    ADJUSTER_LABEL_RE,
    ADJUSTER_TITLE_RE,
    AGREE_RE,
    BULLET_RE,
    CLOSING_ADJUSTS_RE,
    CLOSING_RE,
    DECISION_INTENT_RE,
    DECISION_WORD_RE,
    DEFERRED_RE,
    DISAGREE_RE,
    FUNCTION_WORDS,
    INITIALS_RE,
    KIND_MARKER_RE,
    KIND_PREFIX_RE,
    NAME_RE,
    NO_OBJECTION_RE,
    PRESENTER_LINE_RE,
    REPLY_RE,
    ROLE_RE,
    SPEECH_VERBS,
    SUBHEADINGS,
    TERMINAL_END,
    UNION_HEADING_RE,
    UNION_SUBJECT_RE,
)
from meetings.importer.lines import has_finite_verb, join_lines, section_match, strip_number


class BodyReader:
    def __init__(self, result, parties, adjusters, width):
        self.result = result
        self.parties = parties
        self.adjusters = adjusters
        self.width = width

    def read(self, lines):
        units = self._units(lines)
        units = self._drop_agenda_listing(units)
        self._assemble(units)

    def _units(self, lines):
        """Lines as units: section, union heading, heading, paragraph, bullet."""
        units = []
        current = None  # the paragraph or bullet being read
        for index, line in enumerate(lines):
            text = line.text
            clean = line.clean
            following = lines[index + 1] if index + 1 < len(lines) else None
            section = section_match(clean)
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
            inline = self._inline_title(clean)
            if inline:
                # Flowed text: "§ 2 Lönerevision 2021 HR informerar om …", the title inside the paragraph.
                units.append(("heading", inline[0]))
                text = inline[1]
            current = ("para", [text])
            units.append(current)
        return units

    @staticmethod
    def _inline_title(clean):
        """("§ 2 Lönerevision 2021", "HR informerar …") from a paragraph that starts with its title."""
        match = INLINE_PARAGRAPH_RE.match(clean)
        if not match:
            return None
        number, rest = match.group("number"), match.group("rest")
        stop = re.match(r"^(?P<title>[^.!?]{2,100}?)[.:]\s+(?P<text>[A-ZÅÄÖ].*)$", rest)
        if stop and not has_finite_verb(stop.group("title")):
            return f"{number} {stop.group('title')}", stop.group("text")
        words = rest.split(" ")
        verb = next((i for i, w in enumerate(words) if has_finite_verb(w)), None)
        for index, word in enumerate(words[1:verb], start=1):
            if word[:1].isupper() and not word[:1].isdigit():
                return f"{number} {' '.join(words[:index])}", " ".join(words[index:])
        return None

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
        self.signature = False  # after "Justerande": the names of a signature block
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
                item.union_inputs.append(ParsedUnionInput(party=None, at_block=len(item.blocks)))
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
        if self._adjuster_lines(clean):
            return
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

    def _adjuster_lines(self, clean):
        """Names under "Val av justerare", a "Justerare: …" line or a signature block ("Justerande"
        with the names under it): adjusters, not items. True when the line is used."""
        item = self.item
        label = ADJUSTER_LABEL_RE.match(clean)
        if label:
            names = self.adjusters.adjuster_list(label.group("names") or "", strict=True)
            if names or not label.group("names"):
                self.adjusters.add(names)
                self.signature = not label.group("names")
                return True
        if self.signature or (item is not None and ADJUSTER_TITLE_RE.match(item.title)
                              and not item.union_inputs):
            names = self.adjusters.adjuster_list(clean, strict=True)
            if names:
                self.adjusters.add(names)
                if item is not None and not self.signature:
                    item.blocks.append(("p", clean))
                return True
        self.signature = False
        return False

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
        # The closing of the minutes, the adjusters' sentence, a signature block.
        if len(text) <= 200 and self._adjuster_lines(text):
            return
        if CLOSING_ADJUSTS_RE.search(text) and self.adjusters.closing_sentence(text):
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
        party = self.union_subject(text)
        if party is not False and self.target != "union":
            item.union_inputs.append(ParsedUnionInput(party=party, paragraphs=[text], at_block=len(item.blocks)))
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

    def union_subject(self, text):
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
