"""The adjusters (justerare): from "Val av justerare", "Justerare:", "Utses att justera", a closing
sentence ("X justerar protokollet för SSR ...") and signature blocks."""

import re

from meetings.importer.result import ParsedAdjuster
from meetings.importer.lines import has_finite_verb
from meetings.importer.patterns import CLOSING_ADJUSTS_RE, NAME_RE


class AdjusterReader:
    def __init__(self, result, parties):
        self.result = result
        self.parties = parties

    def closing_sentence(self, text):
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
        self.add(found)
        return True

    def _new_party(self, text):
        """A union named in the minutes that is not known yet ("Lärarförbundet")."""
        name = " ".join(text.split()).strip(" .,:;()")
        if 2 <= len(name) <= 100 and re.match(r"^[A-ZÅÄÖ]", name) and len(name.split()) <= 4:
            return name
        return None

    def add(self, adjusters):
        known = {a.name for a in self.result.adjusters}
        for adjuster in adjusters:
            if adjuster.name in known:
                for existing in self.result.adjusters:
                    if existing.name == adjuster.name and not existing.party:
                        existing.party = adjuster.party
                continue
            known.add(adjuster.name)
            self.result.adjusters.append(adjuster)

    def adjuster_list(self, text, strict=False):
        """"X, Kommunal och Y, SSR" / "X (SSR) och Y (Vision)" / "X och Y" -> adjusters.

        With `strict`, a text with anything but names and parties gives no adjusters: a line
        under "Val av justerare" or a signature block is a list of names, not a sentence.
        """
        text = " ".join(text.split()).strip().rstrip(".")
        if strict and (len(text) > 200 or not text or has_finite_verb(text)):
            return []
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
            if NAME_RE.match(name.strip()) and not self.parties.resolve(name):
                adjusters.append(ParsedAdjuster(name.strip(), party))
            elif re.match(r"^(?:för\s+)", name, re.IGNORECASE) and adjusters:
                adjusters[-1].party = self.parties.resolve(name) or self._new_party(name[4:])
            elif strict:
                return []
        return adjusters

    # -- finishing ----------------------------------------------------------------------
