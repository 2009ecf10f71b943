"""After the items are read: adjusters from their item, decisions with each party's position, demands."""

import re

from meetings.text import parse_blocks

from meetings.importer.lines import negotiation_result
from meetings.importer.result import (
    NEGOTIATION,
    render_blocks,
    AGREE,
    AGREED,
    DECISION,
    DEFERRED,
    DEMAND,
    DISAGREE,
    DISAGREED,
    NO_OBJECTION,
    ParsedDecision,
)
from meetings.importer.patterns import (
    ADJUSTERS_CHOSEN_RE,
    ADJUSTERS_LEAD_RE,
    ADJUSTER_TITLE_RE,
    AGREE_RE,
    DEFERRED_RE,
    DEMAND_RE,
    DISAGREE_RE,
    NO_OBJECTION_RE,
)


class DecisionReader:
    def __init__(self, result, parties, adjusters, body):
        self.result = result
        self.parties = parties
        self.adjusters = adjusters
        self.body = body

    def finish(self):
        result = self.result
        for item in result.items:
            if ADJUSTER_TITLE_RE.match(item.title):
                for kind, content in item.blocks:
                    if kind != "p":
                        continue
                    match = ADJUSTERS_CHOSEN_RE.match(content) or ADJUSTERS_LEAD_RE.match(content)
                    if match:
                        self.adjusters.add(self.adjusters.adjuster_list(match.group("names")))
        if result.document_type == NEGOTIATION:
            self._negotiation()
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
                if union_input.at_block < len(item.blocks):
                    # Inside the body: printed where it stood, after so many rendered blocks.
                    union_input.after_block = len(parse_blocks(render_blocks(item.blocks[:union_input.at_block])))
            for union_input in item.union_inputs:
                if union_input.party is None:
                    # Under "Inspel från …": one union speaking alone is that union's input.
                    speakers = {self.body.union_subject(p) for p in union_input.paragraphs} - {False}
                    if len(speakers) == 1 and None not in speakers:
                        union_input.party = speakers.pop()
            if item.kind == DECISION:
                for union_input in item.union_inputs:
                    self._demands(union_input, item, unions)

    def _negotiation(self):
        """An MBL negotiation protocol's parties, question, result and whether it was closed."""
        result = self.result
        facts = result.negotiation or {"parties": [], "question": "", "result": None, "closed": False}
        for item in result.items:
            title = item.title.casefold().rstrip(":")
            body = " ".join(p for kind, p in item.blocks if kind == "p")
            if not facts["question"] and title in ("fråga", "förhandlingsfråga", "frågan", "ärende", "ärendet",
                                                   "förhandlingsärende"):
                facts["question"] = body or "\n\n".join(item.decision_paragraphs)
            if facts["result"] is None and title in ("resultat", "förhandlingsresultat", "resultat av förhandlingen",
                                                     "beslut", "protokollsanteckning"):
                facts["result"] = negotiation_result(" ".join([body, *item.decision_paragraphs]))
        if facts["result"] is None:
            facts["result"] = negotiation_result(" ".join(
                s for s in re.split(r"(?<=[.!?])\s+", result.source_text) if re.search(r"enighet|överens", s, re.I)))
        if not facts["parties"]:
            facts["parties"] = self.parties.find_all(result.source_text[:3000])
        facts["closed"] = bool(re.search(
            r"förhandlingen\s+(?:förklaras|förklarades|är|avslutas|avslutades)\s*(?:härmed\s+)?(?:för\s+)?avslutad",
            result.source_text, re.IGNORECASE)) or facts["closed"]
        result.negotiation = facts

    def _meeting_unions(self):
        unions = [a.party for a in self.result.adjusters if a.party and self.parties.is_union(a.party)]
        if not unions:
            unions = [p for p in self.parties.find_all(self.result.source_text) if self.parties.is_union(p)]
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

