"""Open questions in the text of the minutes, recorded as follow-ups."""

import re

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.utils import translation
from django.utils.translation import gettext as _

from meetings import secrecy
from meetings.models import AgendaItem, FollowUp, SecrecyMark

# Phrases of the corpus that leave a question open for a later meeting. Matched
# case-insensitively, with any whitespace (text from PDFs breaks lines anywhere).
OPEN_QUESTION_PATTERNS = [
    r"tar\s+med\s+sig\s+frågan",
    r"återkomm(?:er|a)\s+till\s+samverkansgruppen",
    r"koll(?:ar|a)\s+upp\s+detta\s+och\s+informera",
    r"tar\s+samverkansgruppen\s+med\s+sig\s+till\s+nästa",
    r"flyttas\s+till\s+nästa\s+(?:FSG|VSG|samverkan)",
    r"frågan\s+blir\s+en\s+MBL\s*§?\s*11",
]
OPEN_QUESTION_RE = re.compile("|".join(f"(?:{p})" for p in OPEN_QUESTION_PATTERNS), re.IGNORECASE)


def _chunks(text):
    """Paragraphs and bullets of a text, each with its lines joined."""
    chunk = []
    for line in (text or "").splitlines():
        stripped = line.strip()
        if not stripped or re.match(r"[-•*]\s", stripped) or stripped.startswith("#"):
            if chunk:
                yield " ".join(chunk)
            chunk = [stripped.lstrip("-•*# ")] if stripped else []
        else:
            chunk.append(stripped)
    if chunk:
        yield " ".join(chunk)


def open_question_sentences(text):
    """The sentences of `text` that leave a question open, whitespace folded."""
    found = []
    for chunk in _chunks(text):
        for sentence in re.split(r"(?<=[.!?])\s+", chunk):
            sentence = " ".join(sentence.split())
            if sentence and OPEN_QUESTION_RE.search(sentence) and sentence not in found:
                found.append(sentence)
    return found


def _who_from(sentence):
    """"HR-enheten tar med sig frågan." → "HR-enheten"; empty unless a short subject leads."""
    match = OPEN_QUESTION_RE.search(sentence)
    subject = sentence[: match.start()].strip(" ,:;") if match else ""
    words = subject.split()
    if 0 < len(words) <= 4 and not subject.lower().startswith(("denna", "den ", "detta", "frågan")):
        return subject[:200]
    return ""


def item_open_questions(item):
    """[sentence] of an item's text, union inputs and decision that leave a question open."""
    texts = [item.body, *(u.text for u in item.union_inputs.all())]
    decision = getattr(item, "decision", None) if item.kind == AgendaItem.Kind.DECISION else None
    if decision is not None:
        texts.append(decision.text)
    with translation.override(settings.LANGUAGE_CODE):
        # Text pulled in from a follow-up ("Uppföljning från mötet den …") was handled here already.
        pulled = _("Follow-up from the meeting on %(date)s: %(what)s").split("%(date)s")[0]
    sentences = []
    for text in texts:
        sentences += [
            s for s in open_question_sentences(text) if s not in sentences and not s.startswith(pulled)
        ]
    return sentences


def detect_open_questions(meeting):
    """Record an open_question follow-up for every open question in the meeting's text.

    Idempotent: a sentence already recorded for its item (open, closed or
    handled) is not recorded again, so this runs safely after every import and
    whenever minutes become adjusted. Returns the follow-ups created.
    """
    items = AgendaItem.objects.filter(meeting_id=meeting.pk).select_related("decision").prefetch_related("union_inputs")
    # Follow-ups are read by every member: sentences under secrecy are never copied into them.
    items = secrecy.redact_items(items, SecrecyMark.objects.filter(meeting_id=meeting.pk))
    known = set(
        FollowUp.objects.filter(item__meeting_id=meeting.pk, kind=FollowUp.Kind.OPEN_QUESTION)
        .values_list("item_id", "what")
    )
    created = []
    for item in items:
        try:
            item.decision  # noqa: B018 - cached by select_related; may not exist
        except ObjectDoesNotExist:
            pass
        for sentence in item_open_questions(item):
            if (item.pk, sentence) in known:
                continue
            known.add((item.pk, sentence))
            created.append(FollowUp(
                item=item, kind=FollowUp.Kind.OPEN_QUESTION, what=sentence, who=_who_from(sentence),
            ))
    if created:
        FollowUp.objects.bulk_create(created)
    return created


def suggested_open_questions(item, follow_ups):
    """Open questions in an item's text not yet recorded as a follow-up (for the editor)."""
    recorded = {f.what for f in follow_ups}
    return [{"what": s, "who": _who_from(s)} for s in item_open_questions(item) if s not in recorded]


# --- Agenda ---------------------------------------------------------------------------
