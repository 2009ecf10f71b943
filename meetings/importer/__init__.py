"""Import of existing minutes (.txt, .docx, .pdf): readers, parser, saving.

    readers.extract_text(data, filename)  -> the text of the file
    parser.parse_minutes(text)            -> ParsedMinutes (header, items, adjusters, unclassified)
    saving.import_file(data=…, filename=…) -> ImportOutcome (one transaction per file)

Every problem with a file is a MinutesImportError carrying a message for the user.
"""

from meetings.importer.errors import MinutesImportError  # noqa: F401

