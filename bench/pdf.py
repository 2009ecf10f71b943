"""Benchmark: the PDF minutes through the app against a plain WeasyPrint render.

Run from the project root:  .venv/bin/python bench/pdf.py

It builds its own throw-away SQLite database (the developer's database is never
touched), migrates it and loads the demo data with `manage.py load_demo`, then
renders the longest demo minutes, FSG/VSG of 25 March 2019:

- app:   meetings.pdf.render_minutes_pdf, what the PDF view runs for minutes
         that have no stored final PDF (drafts and minutes out for
         adjustment; the demo minutes are adjusted, so the view itself would
         serve the stored file): prefetching queries, the template, the
         static-only URL fetcher, PDF/A-3b with output intent and XMP
         metadata, embedded font subsets;
- plain: the same text (heading, titles, paragraphs) in a bare HTML page,
         rendered by WeasyPrint with default options (no PDF/A).

For a fair comparison both use the same shipped Carlito TTF files and each
render makes its own FontConfiguration, as the app does. The plain page has no letterhead, page numbers, facts or adjusters,
so the app lays out somewhat more (its letterhead band alone can make the
minutes a page longer).

Each is rendered once untimed, then 5 times, in turns with the other; the
medians are printed, and the last line is one JSON object:
{"app_s": …, "plain_s": …, "ratio": …, "pages": …}.
Target on a 2-core machine: ratio <= 1.3 and app_s <= 0.5.
"""

import datetime
import html
import json
import os
import statistics
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
DEMO_GROUP = "FSG/VSG"
DEMO_DATE = datetime.date(2019, 3, 25)


def setup_django(database_file):
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ["DATABASE_URL"] = f"sqlite:///{database_file}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def load_demo_meeting():
    from django.core.management import CommandError, call_command

    from meetings.models import Meeting

    call_command("migrate", verbosity=0)
    try:
        call_command("load_demo", verbosity=0)
    except CommandError as exc:
        sys.exit(f"bench/pdf.py needs the demo data (manage.py load_demo): {exc}")
    meeting = Meeting.objects.filter(group__name=DEMO_GROUP, date=DEMO_DATE).order_by("pk").first()
    if meeting is None:
        sys.exit(f"load_demo did not enter the {DEMO_GROUP} meeting of {DEMO_DATE}.")
    return meeting


def app_render(meeting_id):
    from meetings.models import Meeting
    from meetings.pdf import render_minutes_pdf

    return render_minutes_pdf(Meeting.objects.get(pk=meeting_id))


def plain_html(meeting):
    """The same text as the minutes in a bare page, with the same font files.

    Heading, section labels, item titles and every paragraph of the items
    (their text, union inputs and decisions) with
    the same lines (a paragraph's typed line breaks are kept, as the app keeps
    them), in the default styles of a bare page but the same font and size.
    """
    from meetings.text import parse_blocks

    fonts = ROOT / "static" / "fonts"
    faces = "".join(
        f'@font-face {{ font-family: "Bench Carlito"; src: url("{(fonts / name).as_uri()}"); '
        f"font-weight: {weight}; }}"
        for name, weight in (("Carlito-Regular.ttf", "normal"), ("Carlito-Bold.ttf", "bold"))
    )
    parts = [f"<h1>{html.escape(meeting.heading)}</h1>"]
    for _, label, items in meeting.items_by_section():
        parts.append(f"<h2>{html.escape(str(label))}</h2>")
        for item in items:
            parts.append(f"<h3>{html.escape(item.title)}</h3>")
            # The item's text, its union inputs and its decision: all the text the minutes print.
            texts = [item.body, *(union_input.text for union_input in item.union_inputs.all())]
            decision = getattr(item, "decision", None) if item.kind == "decision" else None
            if decision is not None:
                texts.append(decision.text)
            for text in texts:
                for block in parse_blocks(text):
                    lines = block.lines or [" ".join(lines) for lines in block.items]
                    parts.append(f"<p>{html.escape(chr(10).join(lines))}</p>")
    parts += [f"<p>{html.escape(block.text)}</p>" for block in parse_blocks(meeting.closing_text)]
    return (
        f"<html><head><style>{faces} @page {{ size: A4; margin: 2.5cm }} "
        f'html {{ font-family: "Bench Carlito"; font-size: 11pt }} p {{ white-space: pre-line }}'
        f"</style></head><body>{''.join(parts)}</body></html>"
    )


def median_seconds(*renders):
    """Median wall-clock and CPU seconds of each render over RUNS runs.

    The renders take turns, so load from other processes on the machine hits
    all of them alike. CPU time (of the whole process: SQLite and the app's
    render thread included) is printed too: it is steadier than wall time
    on a busy machine.
    """
    for render in renders:
        render()  # warm up: imports, font loading, template compilation
    wall = [[] for _ in renders]
    cpu = [[] for _ in renders]
    for _ in range(RUNS):
        for render, wall_times, cpu_times in zip(renders, wall, cpu):
            wall_start, cpu_start = time.perf_counter(), time.process_time()
            render()
            wall_times.append(time.perf_counter() - wall_start)
            cpu_times.append(time.process_time() - cpu_start)
    return [(statistics.median(w), statistics.median(c)) for w, c in zip(wall, cpu)]


def main():
    with tempfile.TemporaryDirectory(prefix="samverkan-bench-") as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        from django.utils import translation
        from pypdf import PdfReader
        from weasyprint import HTML
        from weasyprint.text.fonts import FontConfiguration

        meeting = load_demo_meeting()
        with translation.override("sv"):
            page = plain_html(meeting)

        (app_s, app_cpu), (plain_s, plain_cpu) = median_seconds(
            lambda: app_render(meeting.pk),
            lambda: HTML(string=page).write_pdf(font_config=FontConfiguration()),
        )
        pages = len(PdfReader(BytesIO(app_render(meeting.pk))).pages)

    print(f"minutes {meeting}: {pages} pages")
    print(f"app   (render, PDF/A-3b): median of {RUNS}: {app_s:.3f} s wall, {app_cpu:.3f} s CPU")
    print(f"plain (bare WeasyPrint): median of {RUNS}: {plain_s:.3f} s wall, {plain_cpu:.3f} s CPU")
    print(f"ratio by CPU time: {app_cpu / plain_cpu:.2f}")
    print(json.dumps({
        "app_s": round(app_s, 3),
        "plain_s": round(plain_s, 3),
        "ratio": round(app_s / plain_s, 2),
        "pages": pages,
    }))


if __name__ == "__main__":
    main()
