"""Fill the database with a realistic archive of adjusted minutes, fast.

    python manage.py generate_archive --years 20 --meetings-per-year 24

makes, for the demo's groups FSG/VSG and VSG of Socialförvaltningen (with
--groups N > 2 also FSG groups of further administrations), about
21 items a meeting in the four sections (≈10,000 items and ≈2,500 decisions
at 20 × 24), with Swedish texts built from templates with variation,
sub-headings per operational area, union input, and each party's position
on every decision (mostly agreement, some disagreements and demands). The
same --seed gives the same archive.

Speed: everything goes in with bulk_create. The meetings are written as
drafts, their contents added, then one UPDATE makes them adjusted (on
PostgreSQL the guard of migration 0003 refuses new rows in adjusted
minutes), and the search index is rebuilt for them at the end. Generated
rows have no audit history. Minutes whose protocol number already exists
in a group are skipped, so running it twice adds nothing.
"""

import datetime
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from meetings.archive import search
from meetings.demo import (
    ADMINISTRATION,
    EMPLOYER,
    GROUPS,
    KOMMUNAL,
    PARTIES,
    SSR,
    VISION,
)
from meetings.models import (
    AgendaItem,
    CooperationGroup,
    Decision,
    ItemSearch,
    Meeting,
    Party,
    Position,
    UnionInput,
)

INFORMATION = AgendaItem.Kind.INFORMATION
DIALOG = AgendaItem.Kind.DIALOG
DECISION = AgendaItem.Kind.DECISION
OTHER = AgendaItem.Kind.OTHER

AREAS = ["BUF", "Vuxen", "GR", "UU"]
AREA_NAMES = {"BUF": "BUF", "Vuxen": "Vuxen", "GR": "Gemensamma resurser", "UU": "BUF UU"}
UNITS = [
    "Familjehem", "Familjebehandling", "Stödboende", "Bostad först", "Mottagningen", "HVB Kristianstadsgatan",
    "Maria Nordväst", "Ekonomiskt bistånd", "Socialjouren", "Barn och unga", "Beroendeenheten", "Utförarenheten",
]
PRESENTERS = ["SOF Socialdirektör", "HR-chef", "Ekonomichef", "VC BUF", "VC Vuxen", "VC GR", "HR-konsult",
              "Säkerhetssamordnare", "Verksamhetsutvecklare", "Kommunikatör"]
MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december"]

INFORMATION_TOPICS = [
    ("Föredragningslistan från Socialnämnden", "SOF Socialdirektör", [
        "Ordföranden gör några nedslag i föredragningslistan som diskuterades vidare.",
        "Punkt {n}, Mål och ekonomi {year}, kommer att behandlas i nämnden i {month}.",
        "Remissvaret om bostadssociala insatser skjuts fram till nämndens möte i {month}.",
    ]),
    ("Mål & ekonomi", "Ekonomichef", [
        "Prognosen för {year} visar ett underskott på {mnkr} mnkr, främst inom {area_name}.",
        "Verksamheterna ska lämna en prognos baserad på resultatet för {month} senast den {day} {month}.",
        "Internbudgeten MBL-förhandlas och presenteras i nämnden kommande vecka.",
        "Kostnaderna för placeringar inom {area_name} har ökat sedan förra tertialen.",
    ]),
    ("Nytt inom arbetsmiljö", "HR-chef", [
        "- Medarbetarundersökningen\nResultatet sammanställs och går ut till verksamhetscheferna i {month}.",
        "- Feelgood\nHR-enheten har träffat Feelgood och följt upp samverkansavtalet för {year}.",
        "- Löneöversynen\nUtbetalningarna är planerade till {month} månad.",
        "- Skyddsronder\nSkyddsronderna inom {area_name} genomförs under {month}.",
    ]),
    ("Uppdatering chefsrekryteringar", "resp. Verksamhetschef", [
        "## {area}\nPågående rekrytering av sektionschef till {unit} med {n} sökande, varav en intern.",
        "## {area2}\nIngen pågående rekrytering.",
        "## {area3}\nEn ny enhetschef har tillträtt på {unit2} och verksamhetschefen tackar för stödet i rekryteringsprocessen.",
    ]),
    ("Sjukfrånvaro och personalrörlighet tertial {tertial}", "HR-chef", [
        "Arbetsgivaren presenterade statistik för tertial {tertial} angående arbetsskador, sjukstatistik och personalrörlighet.",
        "Sjukfrånvaron inom {area_name} har ökat till {pct} procent.",
        "Personalrörligheten är fortsatt hög bland socialsekreterare inom {area_name}.",
    ]),
    ("Lokalförsörjning {unit}", "VC GR", [
        "Hyresavtalet för {unit} löper ut och en ny lokal söks i närområdet.",
        "Flytten planeras till {month} och arbetsplatsträffar hålls i god tid innan.",
    ]),
    ("Hot och våld", "Säkerhetssamordnare", [
        "Under perioden har {n} händelser rapporterats i Stella, de flesta inom {area_name}.",
        "Utbildning i bemötande erbjuds samtliga medarbetare under {month}.",
    ]),
    ("Rekrytering av socialsekreterare {area}", "VC {area}", [
        "Svårigheterna att rekrytera erfarna socialsekreterare kvarstår inom {area_name}.",
        "Förvaltningen deltar i rekryteringsmässan i {month} och annonserar löpande.",
        "Introduktionsprogrammet för nyanställda följs upp tillsammans med HR.",
    ]),
    ("Digitalisering och nytt verksamhetssystem", "Verksamhetsutvecklare", [
        "Införandet av det nya verksamhetssystemet inom {area_name} fortsätter enligt plan.",
        "Superanvändare utbildas under {month} och support finns på plats första veckan.",
    ]),
    ("Information från förvaltningsledningen", "SOF Socialdirektör", [
        "Socialdirektören informerar om stadens budgetdirektiv för {year}.",
        "Arbetet med tillitsbaserad styrning fortsätter i samtliga verksamhetsområden.",
    ]),
]

DIALOG_TOPICS = [
    ("Årsklockan {year}", "HR-chef", [
        "HR-chefen redogör för förslaget till årsklocka för {year}.",
        "Tertialstatistiken flyttas för att ligga i linje med ekonomins uppföljning.",
    ]),
    ("Planering av tematräffar", "HR-chef", [
        "Ett förslag framkommer att FSG-VSG ska utvärderas under {month}.",
        "Datum för tematräffarna sätts vid nästa möte.",
    ]),
    ("Arbetsmiljö och arbetsbelastning inom {unit}", "VC {area}", [
        "Verksamhetschefen beskriver en hög arbetsbelastning på {unit} med {n} ärenden per handläggare.",
        "Diskussion om hur ärendefördelningen kan jämnas ut mellan teamen.",
    ]),
    ("Riskbedömning inför förändring på {unit}", "VC {area}", [
        "Riskbedömningen har tagits fram tillsammans med skyddsombud och medarbetare.",
        "Identifierade risker gäller främst introduktion och arbetsbelastning under övergången.",
    ]),
    ("Kompetensförsörjningsplan", "HR-konsult", [
        "Planen beskriver behovet av rekrytering och kompetensutveckling inom {area_name} fram till {year2}.",
    ]),
    ("Uppföljning av medarbetarundersökningen", "HR-chef", [
        "Resultatet visar förbättringar inom ledarskap men lägre värden för arbetsbelastning inom {area_name}.",
        "Handlingsplaner tas fram på varje arbetsplatsträff.",
    ]),
]

DECISION_TOPICS = [
    ("Organisationsförändring inom {unit}", [
        "Arbetsgivaren beslutar att {unit} delas i två enheter med var sin enhetschef från den 1 {month}.",
        "Förändringen har föregåtts av en riskbedömning och dialog på arbetsplatsträff.",
    ]),
    ("Provanställningar {area}", [
        "Arbetsgivaren beslutar att inom {area_name} kunna använda provanställningar vid rekrytering av handläggare.",
    ]),
    ("Förste socialsekreterare inom {area}", [
        "Arbetsgivaren inför en funktion som förste socialsekreterare i varje team inom {area_name}.",
        "Uppdraget omfattar ca {pct}0 procent och följs upp den 30 juni.",
    ]),
    ("Internbudget {year}", [
        "Arbetsgivaren fastställer internbudgeten för {year} enligt förslaget.",
    ]),
    ("Ändrade öppettider på {unit}", [
        "Arbetsgivaren beslutar om ändrade öppettider på {unit} från den 1 {month}.",
    ]),
    ("Delegationsordning {area}", [
        "Delegationsordningen inom {area_name} revideras så att sektionschef fattar beslut om placeringar upp till {n} dygn.",
    ]),
    ("Rekrytering av enhetschef till {unit}", [
        "Arbetsgivaren beslutar att rekrytera en enhetschef till {unit}; tjänsten utlyses internt och externt.",
    ]),
    ("Flytt av {unit} till nya lokaler", [
        "Arbetsgivaren beslutar att {unit} flyttar till nya lokaler i {month}.",
        "Skyddsombud deltar i planeringen av arbetsplatserna.",
    ]),
    ("Arbetstidsförläggning inom {unit}", [
        "Arbetsgivaren inför ett nytt schema med helgtjänstgöring var femte vecka inom {unit}.",
    ]),
    ("Överflytt av verksamhet till annan förvaltning", [
        "Arbetsgivaren beslutar om verksamhetsövergång av {unit} den 1 {month} {year}.",
    ]),
    ("Avveckling av {unit}", [
        "Arbetsgivaren beslutar att avveckla {unit}; berörda medarbetare erbjuds andra tjänster inom {area_name}.",
    ]),
    ("Riktlinjer för distansarbete", [
        "Arbetsgivaren fastställer riktlinjer för distansarbete inom förvaltningen.",
    ]),
]

UNION_INPUTS = [
    "Fackliga representanter påtalar vikten av att riskbedömningen följs upp efter {n} månader.",
    "De fackliga organisationerna vill att förändringen utvärderas tillsammans med skyddsombuden.",
    "Fackliga poängterar att arbetsbelastningen inom {area_name} redan är hög.",
    "Facket påtalar en oro kring täckningen av chefer under vakansen.",
    "De fackliga efterfrågar en tydlig tidsplan och information till medarbetarna på arbetsplatsträff.",
    "Fackliga vill följa frågan och återkommer till samverkansgruppen.",
]

DEMANDS = [
    "{party} yrkar på att beslutet skjuts upp tills riskbedömningen är klar.",
    "{party} yrkar på en uppräkning på minst {pct},5 %.",
    "{party} yrkar på att förändringen förhandlas enligt MBL §11.",
]

OTHER_TOPICS = [
    ("Övrigt", ["Inga övriga frågor."]),
    ("Frågor från skyddsombuden", ["Skyddsombuden lyfter frågan om ventilationen på {unit}; HR tar med sig frågan."]),
    ("Nästa möte", ["Nästa möte hålls den {day} {month} i Stadshuset."]),
]


class Command(BaseCommand):
    help = "Fill the database with a realistic archive of adjusted minutes (fast, with bulk inserts)."

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=20, help="How many years back (default 20).")
        parser.add_argument("--meetings-per-year", type=int, default=24,
                            help="Meetings a year, shared among the groups (default 24).")
        parser.add_argument("--groups", type=int, default=len(GROUPS),
                            help=f"How many cooperation groups (default {len(GROUPS)}, the demo's; at most {MAX_GROUPS}).")
        parser.add_argument("--end-year", type=int, default=None, help="The last year (default: last year).")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed; the same seed gives the same archive.")

    def handle(self, *args, years, meetings_per_year, end_year, seed, groups, **options):
        if not 1 <= years <= 500:
            raise CommandError("--years must be between 1 and 500.")
        if not 1 <= meetings_per_year <= 500:
            raise CommandError("--meetings-per-year must be between 1 and 500.")
        if not 1 <= groups <= MAX_GROUPS:
            raise CommandError(f"--groups must be between 1 and {MAX_GROUPS}.")
        end_year = end_year or timezone.localdate().year - 1
        if not (1900 <= end_year - years + 1 and end_year <= 2200):
            raise CommandError("The years must lie between 1900 and 2200.")
        started = time.monotonic()
        created = generate(
            years=years, meetings_per_year=meetings_per_year, end_year=end_year, seed=seed, group_count=groups
        )
        tidy_after_bulk_load()
        self.stdout.write(
            f"Created {created['meetings']} adjusted minutes with {created['items']} items and "
            f"{created['decisions']} decisions ({created['skipped']} skipped: their protocol numbers "
            f"already existed) in {time.monotonic() - started:.1f} s."
        )


def tidy_after_bulk_load():
    """On PostgreSQL, VACUUM ANALYZE the filled tables, as after any bulk load.

    Fresh planner statistics, and a visibility map so that index-only scans
    need no heap fetches (autovacuum would get there, later). VACUUM cannot
    run in a transaction: this runs after generate() has committed.
    """
    if connection.vendor != "postgresql" or not connection.get_autocommit():
        return
    with connection.cursor() as cursor:
        for model in (Meeting, AgendaItem, UnionInput, Decision, Position, ItemSearch):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")


class _Texts:
    """Fills a topic's placeholders with varied values."""

    def __init__(self, rng, year, month):
        self.rng = rng
        self.year = year
        self.month = month

    def values(self):
        rng = self.rng
        areas = rng.sample(AREAS, 3)
        units = rng.sample(UNITS, 2)
        return {
            "area": areas[0], "area2": areas[1], "area3": areas[2], "area_name": AREA_NAMES[areas[0]],
            "unit": units[0], "unit2": units[1], "n": rng.randint(2, 14), "pct": rng.randint(3, 9),
            "mnkr": rng.randint(2, 30), "day": rng.randint(1, 28), "tertial": rng.randint(1, 3),
            "month": MONTHS[(self.month + rng.randint(0, 2)) % 12], "year": self.year, "year2": self.year + 3,
        }

    def fill(self, text, values):
        return text.format(**values)

    def body(self, sentences, values, low=1):
        chosen = self.rng.sample(sentences, self.rng.randint(min(low, len(sentences)), len(sentences)))
        return "\n\n".join(self.fill(s, values) for s in chosen)


def _meeting_dates(year, count, rng):
    """`count` meeting days (Mondays) spread over the year."""
    dates = []
    for k in range(count):
        day = datetime.date(year, 1, 1) + datetime.timedelta(days=int((k + 0.5) * 365 / count))
        day -= datetime.timedelta(days=day.weekday())  # the Monday of that week
        dates.append(max(day, datetime.date(year, 1, 1)))
    return dates


# With --groups beyond the demo's two: the cooperation groups of other administrations.
MORE_GROUPS = [
    ("FSG", "Utbildningsförvaltningen"), ("FSG", "Kulturförvaltningen"), ("FSG", "Miljöförvaltningen"),
    ("FSG", "Stadsbyggnadsförvaltningen"), ("FSG", "Äldreförvaltningen"), ("FSG", "Servicekontoret"),
    ("FSG", "Fritidsförvaltningen"), ("FSG", "Arbetsmarknadsförvaltningen"), ("FSG", "Stadsledningskontoret"),
    ("FSG", "Tekniska förvaltningen"), ("FSG", "Räddningstjänsten"), ("FSG", "Kommunstyrelseförvaltningen"),
    ("FSG", "Överförmyndarförvaltningen"), ("FSG", "Revisionskontoret"), ("FSG", "Vård- och omsorgsförvaltningen"),
    ("FSG", "Förskoleförvaltningen"), ("FSG", "Gymnasieförvaltningen"), ("FSG", "Lantmäteriförvaltningen"),
]
MAX_GROUPS = len(GROUPS) + len(MORE_GROUPS)


@transaction.atomic
def generate(*, years, meetings_per_year, end_year, seed, group_count=len(GROUPS)):
    rng = random.Random(seed)
    parties = {}
    for name, short_name, kind in PARTIES:
        parties[name] = Party.objects.get_or_create(name=name, defaults={"short_name": short_name, "kind": kind})[0]
    unions = [parties[SSR], parties[KOMMUNAL], parties[VISION]]
    names = [(name, ADMINISTRATION) for name in GROUPS] + MORE_GROUPS
    groups = [
        CooperationGroup.objects.get_or_create(name=name, administration=administration)[0]
        for name, administration in names[:group_count]
    ]
    existing = set(
        Meeting.objects.filter(group__in=groups).exclude(protocol_number="").values_list("group_id", "protocol_number")
    )

    # 1. The meetings, as drafts.
    meetings, skipped = [], 0
    for year in range(end_year - years + 1, end_year + 1):
        for index, group in enumerate(groups):
            count = meetings_per_year // len(groups) + (1 if index < meetings_per_year % len(groups) else 0)
            for number, date in enumerate(_meeting_dates(year, count, rng), start=1):
                protocol = f"{number:02d}/{year}"
                if (group.pk, protocol) in existing:
                    skipped += 1
                    continue
                meetings.append(Meeting(
                    group=group, date=date, protocol_number=protocol, dnr=f"{number:02d}/{year}",
                    start_time=datetime.time(13, 0), end_time=datetime.time(15, 0), place="Stadshuset",
                    chair="Socialdirektör", secretary="HR-konsult", closing_text="Ordförande avslutar mötet.",
                    status=Meeting.Status.DRAFT,
                ))
    Meeting.objects.bulk_create(meetings, batch_size=1000)

    # 2. Their items, then union inputs and decisions, then positions.
    items, plans = [], []
    for meeting in meetings:
        texts = _Texts(rng, meeting.date.year, meeting.date.month - 1)
        agenda = [
            (INFORMATION, "Val av justerare", "SOF Socialdirektör",
             f"{rng.choice(['Christina Gustafsson', 'Anna Berg', 'Johan Lind'])}, Kommunal och "
             f"{rng.choice(['Cecilia Cederström', 'Sofia Ek', 'Erik Holm'])}, SSR valdes som justerare.", None),
            (INFORMATION, "Föregående mötesanteckningar", "SOF Socialdirektör",
             "Föregående mötesanteckningar läggs till handlingarna.", None),
        ]
        for title, presenter, sentences in rng.sample(INFORMATION_TOPICS, rng.randint(6, 9)):
            values = texts.values()
            agenda.append((INFORMATION, texts.fill(title, values), texts.fill(presenter, values),
                           texts.body(sentences, values), None))
        for title, presenter, sentences in rng.sample(DIALOG_TOPICS, rng.randint(3, 6)):
            values = texts.values()
            agenda.append((DIALOG, texts.fill(title, values), texts.fill(presenter, values),
                           texts.body(sentences, values), None))
        for title, sentences in rng.sample(DECISION_TOPICS, rng.randint(4, 7)):
            values = texts.values()
            agenda.append((DECISION, texts.fill(title, values), rng.choice(PRESENTERS),
                           texts.body(sentences, values), values))
        for title, sentences in rng.sample(OTHER_TOPICS, rng.randint(1, 2)):
            values = texts.values()
            agenda.append((OTHER, title, "", texts.body(sentences, values), None))
        for position, (kind, title, presenter, body, values) in enumerate(agenda, start=1):
            items.append(AgendaItem(meeting=meeting, kind=kind, position=position, title=title[:300],
                                    presenter=presenter, body=body))
            plans.append((kind, values, texts))
    AgendaItem.objects.bulk_create(items, batch_size=2000)

    union_inputs, decisions, stands = [], [], []
    for item, (kind, values, texts) in zip(items, plans):
        if kind in (DIALOG, DECISION) and rng.random() < 0.3:
            values = values or texts.values()
            union_inputs.append(UnionInput(item=item, party=rng.choice([None, *unions]), position=1,
                                           text=texts.fill(rng.choice(UNION_INPUTS), values)))
        if kind != DECISION:
            continue
        decision, item_stands = _decision(rng, item, unions, parties[EMPLOYER])
        decisions.append(decision)
        stands.append(item_stands)
    UnionInput.objects.bulk_create(union_inputs, batch_size=2000)
    Decision.objects.bulk_create(decisions, batch_size=2000)
    positions = [
        Position(decision=decision, party=party, stand=stand, text=text)
        for decision, item_stands in zip(decisions, stands) for party, stand, text in item_stands
    ]
    Position.objects.bulk_create(positions, batch_size=5000)

    # 3. Adjusted, in one UPDATE; then searchable.
    ids = [meeting.pk for meeting in meetings]
    now = timezone.now()
    Meeting.objects.filter(pk__in=ids).update(status=Meeting.Status.ADJUSTED, sent_at=now, adjusted_at=now)
    search.rebuild_index(meeting_ids=ids)
    return {"meetings": len(meetings), "items": len(items), "decisions": len(decisions), "skipped": skipped}


def _decision(rng, item, unions, employer):
    """A decision with each party's position; the outcome follows from the positions."""
    year = item.meeting.date.year
    item_stands = [(employer, Position.Stand.AGREE, "")]
    for union in unions:
        # Vision grows more critical over the years, Kommunal less: a trend to see in the statistics.
        disagree = {"Vision": 0.04 + 0.004 * (year % 25), "Kommunal": 0.12 - 0.003 * (year % 25)}.get(union.name, 0.08)
        roll = rng.random()
        if roll < disagree:
            item_stands.append((union, Position.Stand.DISAGREE, ""))
        elif roll < disagree + 0.03:
            demand = rng.choice(DEMANDS).format(party=union.label, pct=rng.randint(2, 5))
            item_stands.append((union, Position.Stand.DEMAND, demand))
        elif roll < disagree + 0.15:
            item_stands.append((union, Position.Stand.NO_OBJECTION, ""))
        else:
            item_stands.append((union, Position.Stand.AGREE, ""))
    union_stands = {stand for _party, stand, _text in item_stands[1:]}
    deferred_to = ""
    if Position.Stand.DISAGREE in union_stands:
        outcome = Decision.Outcome.DISAGREED
    elif Position.Stand.DEMAND in union_stands and rng.random() < 0.5:
        outcome = Decision.Outcome.DEFERRED
        deferred_to = "MBL §11-förhandling vid nästa möte"
    elif union_stands == {Position.Stand.AGREE}:
        outcome = Decision.Outcome.AGREED
    else:
        outcome = Decision.Outcome.NO_OBJECTION
    sentences = {
        Decision.Outcome.AGREED: "Arbetsgivaren och fackliga representanter är eniga i beslutet.",
        Decision.Outcome.DISAGREED: "Fackliga representanter är oeniga i beslutet; arbetsgivaren fattar beslut enligt förslaget.",
        Decision.Outcome.NO_OBJECTION: "De fackliga organisationerna har inget att invända.",
        Decision.Outcome.DEFERRED: "Beslutet skjuts upp till en MBL §11-förhandling.",
    }
    text = item.body.split("\n\n")[0] + "\n\n" + sentences[outcome]
    follow_up = None
    if rng.random() < 0.15:
        follow_up = item.meeting.date + datetime.timedelta(days=rng.choice([90, 180, 365]))
    decision = Decision(item=item, text=text, outcome=outcome, deferred_to=deferred_to, follow_up_date=follow_up)
    return decision, item_stands
