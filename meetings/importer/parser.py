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

import re

from django.utils.translation import gettext_lazy as _

from meetings.importer.adjusters import AdjusterReader
from meetings.importer.body import BodyReader
from meetings.importer.decisions import DecisionReader
from meetings.importer.errors import MinutesImportError
from meetings.importer.header import HeaderReader
from meetings.importer.lines import line_width, normalise, parse_date  # noqa: F401 - re-exported
from meetings.importer.parties import PartyDirectory
from meetings.importer.patterns import MAX_TEXT
from meetings.importer.result import (  # noqa: F401 - the parser's results, re-exported
    KINDS,
    ParsedAdjuster,
    ParsedDecision,
    ParsedItem,
    ParsedMinutes,
    ParsedUnionInput,
    render_blocks,
)


NOT_MINUTES = _(
    "The text holds no recognisable minutes: neither a heading such as “Minnesanteckningar” or "
    "“Protokoll” nor a meeting date was found."
)


class Parser:
    """Text in, ParsedMinutes out: the header, then the body, then adjusters and decisions."""

    def __init__(self, text, parties=None):
        self.source = text
        self.parties = parties or PartyDirectory()
        self.result = ParsedMinutes(source_text=text)

    def parse(self):
        result, parties = self.result, self.parties
        adjusters = AdjusterReader(result, parties)
        header = HeaderReader(result, parties, adjusters)
        lines = header.drop_letterhead(normalise(self.source))
        body_start = header.read(lines)
        if not header.found_heading and result.date is None:
            raise MinutesImportError(NOT_MINUTES)
        body = BodyReader(result, parties, adjusters, line_width(lines))
        body.read(lines[body_start:])
        DecisionReader(result, parties, adjusters, body).finish()
        return result


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
