"""Invented minutes and protocols for the importer tests (not copies of real documents), and the
builders that turn them into .docx (paragraphs or a header table), .pdf (text) and scanned .pdf files.

Each layout is (text, header rows, expected): the header rows are the facts that a table layout puts
in a two-column table; `expected` is what the parser must find in every format.
"""

import html
import io
import re

NEW_LETTERHEAD = """\
Minnesanteckningar samverkan
Miljö- och byggförvaltningen

Datum: 2024-03-19 Plats: Rådhuset, sal 2 Tid: 13.00–14.30

Ärendelista
1. Val av justerare
2. Verksamhetsplan 2025
3. Rekrytering av bygglovshandläggare
4. Arbetsmiljöenkäten
5. Övrigt

1. Val av justerare
Anna Lund, Vision
Per Holm, Akademikerförbundet SSR

2. Verksamhetsplan 2025, Förvaltningschef
Förvaltningschefen går igenom planen för nästa år.

SSR efterfrågar en tidsplan för remissen av planen.

Planen skickas ut till alla enheter efter mötet.

3. Rekrytering av bygglovshandläggare - HR-partner
Två tjänster annonseras under april.

4. Arbetsmiljöenkäten
Föredragande: Arbetsmiljöspecialist
Svarsfrekvensen blev 81 procent i år.

5. Övrigt
Inga övriga frågor togs upp.
"""

NEW_LETTERHEAD_EXPECTED = {
    "document_type": "cooperation",
    "date": "2024-03-19",
    "place": "Rådhuset, sal 2",
    "items": [
        ("Val av justerare", ""),
        ("Verksamhetsplan 2025", "Förvaltningschef"),
        ("Rekrytering av bygglovshandläggare", "HR-partner"),
        ("Arbetsmiljöenkäten", "Arbetsmiljöspecialist"),
        ("Övrigt", ""),
    ],
    "adjusters": [("Anna Lund", "Vision"), ("Per Holm", "Akademikerförbundet SSR")],
    # The union paragraph stands between the two paragraphs of its item: after block 1.
    "union_at": ("Verksamhetsplan 2025", "Akademikerförbundet SSR", 1),
}

PRESENTERS = """\
Minnesanteckningar från samverkansgrupp VSG – Kulturförvaltningen
tisdagen den 17 september 2013

Plats: Kulturhuset

Information

Ekonomisk uppföljning augusti      Controller
Prognosen visar ett litet underskott för året.

Sommarens evenemang, Evenemangschef
Fler besökare än förra sommaren kom till parken.

Dialog

Nya lokaler för arkivet – Arkivansvarig
Flytten planeras till våren.

Beslut

Ändrade öppettider på museet
Föredragande: Museichef
Museet öppnar en timme senare på måndagar.
Kommunal och Vision är eniga i beslutet.

Eva Holm justerar protokollet för Kommunal och Lars Ek för Vision.
"""

PRESENTERS_EXPECTED = {
    "document_type": "cooperation",
    "date": "2013-09-17",
    "place": "Kulturhuset",
    "items": [
        ("Ekonomisk uppföljning augusti", "Controller"),
        ("Sommarens evenemang", "Evenemangschef"),
        ("Nya lokaler för arkivet", "Arkivansvarig"),
        ("Ändrade öppettider på museet", "Museichef"),
    ],
    "adjusters": [("Eva Holm", "Kommunal"), ("Lars Ek", "Vision")],
}

BOARD = """\
Sammanträdesprotokoll för Socialnämnden
den 14 november 2023

Plats och tid:   Stadshuset, sal A, kl. 18.00–20.15
Beslutande:   Eva Strand, ordförande, Olof Berg, Maja Lind
Utses att justera:   Lars Berg
Paragrafer:   §§ 101–103

§ 101 Val av justerare
Lars Berg utses att justera protokollet.

§ 102 Budgetuppföljning oktober
Föredragande: Ekonomichef
Nämnden redovisar ett överskott på två miljoner kronor.
Socialnämnden beslutar att godkänna uppföljningen.

§ 103 Delegationsbeslut
Redovisningen av delegationsbeslut läggs till handlingarna.

Justerande
Lars Berg
"""

BOARD_EXPECTED = {
    "document_type": "board",
    "date": "2023-11-14",
    "place": "Stadshuset, sal A",
    "items": [
        ("Val av justerare", ""),
        ("Budgetuppföljning oktober", "Ekonomichef"),
        ("Delegationsbeslut", ""),
    ],
    "adjusters": [("Lars Berg", None)],
}

NEGOTIATION = """\
Förhandlingsprotokoll för överläggning enligt 11 § MBL
Datum: 2022-05-09
Plats: Kommunhuset, rum 3
Parter: Arbetsgivaren och Vision

§ 1 Fråga
Omorganisation av hemtjänstens nattpatrull.

§ 2 Ärendet
Arbetsgivaren redogör för förslaget att slå samman två nattpatruller.
Vision yrkar att förändringen skjuts upp till hösten.

§ 3 Resultat
Parterna konstaterar oenighet.
Förhandlingen förklaras avslutad.

Justerare: Karin Ek (Arbetsgivaren) och Olle Berg (Vision)
"""

NEGOTIATION_EXPECTED = {
    "document_type": "negotiation",
    "date": "2022-05-09",
    "place": "Kommunhuset, rum 3",
    "items": [("Fråga", ""), ("Ärendet", ""), ("Resultat", "")],
    "adjusters": [("Karin Ek", "Arbetsgivaren"), ("Olle Berg", "Vision")],
    "negotiation": {"question": "Omorganisation av hemtjänstens nattpatrull.", "result": "disagreement",
                    "closed": True, "parties": ["Arbetsgivaren", "Vision"]},
}

SHORT_DATE = """\
Minnesanteckningar från samverkansgrupp LSG – Tekniska förvaltningen 9/12
Bilaga till protokoll 11/2019

Information

Vinterväghållning, Driftchef
Plogningen startar vid fem centimeter snö.
"""

SHORT_DATE_EXPECTED = {
    "document_type": "cooperation",
    "date": "2019-12-09",
    "place": None,
    "items": [("Vinterväghållning", "Driftchef")],
    "adjusters": [],
}

LAYOUTS = {
    "new_letterhead": (NEW_LETTERHEAD, NEW_LETTERHEAD_EXPECTED),
    "presenters": (PRESENTERS, PRESENTERS_EXPECTED),
    "board": (BOARD, BOARD_EXPECTED),
    "negotiation": (NEGOTIATION, NEGOTIATION_EXPECTED),
    "short_date": (SHORT_DATE, SHORT_DATE_EXPECTED),
}

NOT_MINUTES = """\
Inköpslista för helgen

Mjölk, bröd och ost. Glöm inte kaffet.
Ring mormor på söndag.
"""

NO_DATE = """\
Minnesanteckningar från samverkansgrupp FSG – Socialförvaltningen

Information

Budget, Ekonomichef
Budgeten gicks igenom.
"""


# --- Builders ----------------------------------------------------------------------------------

HEADER_LABEL = re.compile(r"^(?P<label>[A-ZÅÄÖ][\wåäö ]{1,30}?):\s+(?P<value>\S.*)$")


def docx_from_text(text, *, header_table=False):
    """A Word file as a person would make it: one paragraph per block with line breaks inside,
    "•" or "- " blocks as list paragraphs. With `header_table`, the labelled lines of the header
    ("Plats och tid: …") go into a two-column table instead of paragraphs."""
    import docx

    document = docx.Document()
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    for number, block in enumerate(blocks):
        lines = [line for line in block.split("\n") if line.strip()]
        if header_table and number < 3 and all(HEADER_LABEL.match(line) for line in lines):
            table = document.add_table(rows=0, cols=2)
            for line in lines:
                match = HEADER_LABEL.match(line)
                cells = table.add_row().cells
                cells[0].text = match.group("label")
                cells[1].text = match.group("value").strip()
            continue
        paragraph = document.add_paragraph()
        run = paragraph.add_run(lines[0])
        for line in lines[1:]:
            run.add_break()
            run.add_text(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_from_text(text):
    """A plain PDF of the text, its lines and blank lines kept (WeasyPrint)."""
    from weasyprint import HTML

    page = (
        "<html><head><style>@page { size: A4; margin: 2cm } "
        "body { font-family: sans-serif; font-size: 10pt; white-space: pre-wrap }</style></head>"
        f"<body>{html.escape(text)}</body></html>"
    )
    return HTML(string=page).write_pdf()


def scanned_pdf_from_text(text, *, dpi=200):
    """A scanned page: the text drawn into a greyscale image (Pillow, DejaVu Sans), put on an
    A4 page by WeasyPrint. The PDF has no text layer, only the picture."""
    import base64

    from PIL import Image, ImageDraw, ImageFont
    from weasyprint import HTML

    width, height = int(8.27 * dpi), int(11.69 * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", size=int(dpi * 0.14))
    y = int(dpi * 0.8)
    for line in text.split("\n"):
        draw.text((int(dpi * 0.8), y), line, fill=0, font=font)
        y += int(dpi * 0.21)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    data = base64.b64encode(buffer.getvalue()).decode()
    page = (
        "<html><head><style>@page { size: A4; margin: 0 } body { margin: 0 } "
        "img { width: 210mm; height: 297mm; display: block }</style></head>"
        f'<body><img src="data:image/png;base64,{data}"></body></html>'
    )
    return HTML(string=page).write_pdf()
