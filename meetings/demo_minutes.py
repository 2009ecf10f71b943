"""The demo's data as plain structures: parties, groups, users and five sets of minutes.

Everything here is written for the project: the people are invented and the
minutes only have the shape of real ones (see the shared corpus on dev
machines): the four sections, a presenter after the title, sub-headings per
operational area (`## BUF`), bullets, the unions' input per union, decisions
with each party's position, adjusters and attachments. meetings.demo loads it.

The story: FSG/VSG of Socialförvaltningen meets in March 2019 and November
2020 (both adjusted); in November the new staffing of Socialjouren is deferred
to an MBL §11 negotiation in December, whose minutes are a draft. VSG met in
March 2022 (adjusted); its April minutes are out for adjustment.
"""

import datetime
from dataclasses import dataclass, field

from meetings.models import AgendaItem, Decision, Meeting, Party, Position, User

ADMINISTRATION = "Socialförvaltningen"
FSG_VSG = "FSG/VSG"
VSG = "VSG"
GROUPS = [FSG_VSG, VSG]

SSR = "Akademikerförbundet SSR"
KOMMUNAL = "Kommunal"
VISION = "Vision"
EMPLOYER = "Arbetsgivaren"

PARTIES = [
    # (name, short name, kind)
    (SSR, "SSR", Party.Kind.UNION),
    (KOMMUNAL, "", Party.Kind.UNION),
    (VISION, "", Party.Kind.UNION),
    (EMPLOYER, "", Party.Kind.EMPLOYER),
]

INFORMATION = AgendaItem.Kind.INFORMATION
DIALOG = AgendaItem.Kind.DIALOG
DECISION = AgendaItem.Kind.DECISION
OTHER = AgendaItem.Kind.OTHER

AGREE = Position.Stand.AGREE
DISAGREE = Position.Stand.DISAGREE
NO_OBJECTION = Position.Stand.NO_OBJECTION
DEMAND = Position.Stand.DEMAND


# --- Users ------------------------------------------------------------------


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str
    description: str
    first_name: str = ""
    last_name: str = ""
    party: str | None = None
    is_superuser: bool = False

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()


SECRETARY = "sekreterare"  # the demo minutes are written by this user

USERS = [
    DemoUser(
        SECRETARY, "samverkan-protokoll-2026", User.Role.SECRETARY,
        "secretary: drafts the minutes", "Sara", "Holmqvist", EMPLOYER,
    ),
    DemoUser(
        "justerare.ssr", "samverkan-signera-2026", User.Role.ADJUSTER,
        "adjuster for Akademikerförbundet SSR", "Elin", "Västberg", SSR,
    ),
    DemoUser(
        "justerare.kommunal", "samverkan-granska-2026", User.Role.ADJUSTER,
        "adjuster for Kommunal", "Jonas", "Ekdahl", KOMMUNAL,
    ),
    DemoUser(
        "chef", "samverkan-beslut-2026", User.Role.MANAGER,
        "manager: reads adjusted minutes", "Karin", "Åström", EMPLOYER,
    ),
    DemoUser(
        "admin", "samverkan-admin-2026", User.Role.SECRETARY,
        "superuser, Django admin at /admin/", is_superuser=True,
    ),
]

# The adjusters of every demo meeting: the two union adjusters' accounts sign.
ADJUSTERS = (("Elin Västberg", SSR), ("Jonas Ekdahl", KOMMUNAL))
CHAIR = "Karin Åström, socialdirektör"
MINUTES_SECRETARY = "Sara Holmqvist, HR-konsult"


# --- Minutes ----------------------------------------------------------------


@dataclass(frozen=True)
class UnionInputSpec:
    text: str
    party: str | None = None  # None: the unions jointly


@dataclass(frozen=True)
class DecisionSpec:
    text: str
    outcome: str
    stands: dict = field(default_factory=dict)  # party name -> (Position.Stand, comment or demand)
    deferred_to: str = ""
    effective_date: datetime.date | None = None
    follow_up_date: datetime.date | None = None


@dataclass(frozen=True)
class AttachmentSpec:
    """A bilaga the loader makes: a CSV table, or a PDF of a heading, paragraphs and the table."""

    title: str
    filename: str  # ends in .csv or .pdf
    rows: tuple  # the table: a header row, then data rows
    paragraphs: tuple = ()  # PDF only: text before the table


@dataclass(frozen=True)
class ItemSpec:
    kind: str
    title: str
    presenter: str = ""
    body: str = ""
    union_inputs: tuple = ()
    decision: DecisionSpec | None = None
    attachments: tuple = ()


@dataclass(frozen=True)
class MeetingSpec:
    group: str
    date: datetime.date
    protocol_number: str
    status: str
    items: tuple
    adjusters: tuple = ADJUSTERS  # (name, party name); each name is a demo user's full name
    dnr: str = ""
    document_date: datetime.date | None = None
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    place: str = ""
    chair: str = CHAIR
    secretary: str = MINUTES_SECRETARY
    closing_text: str = "Ordförande avslutar mötet."


def text(*blocks):
    """An item text (meetings.text): paragraphs, sub-headings and bullet lists, a blank line between them."""
    return "\n\n".join(blocks)


def bullets(*entries):
    """A bullet list; the lines after an entry's first line are its text under the bullet."""
    return "\n".join(f"- {entry}" for entry in entries)


def areas(**texts):
    """One sub-heading per operational area, each followed by its paragraph: areas(BUF="…")."""
    return text(*(f"## {area.replace('_', ' ')}\n\n{body}" for area, body in texts.items()))


def time(hour, minute=0):
    return datetime.time(hour, minute)


def appointed(separator=" och "):
    return separator.join(f"{name}, {party if party != SSR else 'SSR'}" for name, party in ADJUSTERS)


# FSG/VSG, March 2019: the longest of the demo minutes, adjusted.
FSG_VSG_2019_03 = MeetingSpec(
    group=FSG_VSG,
    date=datetime.date(2019, 3, 25),
    protocol_number="3/2019",
    status=Meeting.Status.ADJUSTED,
    dnr="03/2019",
    document_date=datetime.date(2019, 4, 8),
    start_time=time(13), end_time=time(15, 30),
    place="Socialförvaltningen, sammanträdesrum Ljuset",
    closing_text="Ordförande tackar för ett givande möte och avslutar mötet.",
    items=(
        ItemSpec(INFORMATION, "Val av justerare", "SOF Socialdirektör", f"{appointed()} valdes som justerare."),
        ItemSpec(INFORMATION, "Föregående mötesanteckningar", "SOF Socialdirektör",
                 "Inget att anmärka. Föregående mötesanteckningar läggs till handlingarna."),
        ItemSpec(INFORMATION, "Föredragningslistan Socialnämnden mars", "SOF Socialdirektör", text(
            "Ordföranden går igenom föredragningslistan inför nämndens sammanträde den 28 mars.",
            bullets(
                "Punkt 4, Verksamhetsberättelse 2018\nVerksamhetsberättelsen är klar och visar att samtliga "
                "verksamheter har genomfört sina internkontrollpunkter.",
                "Punkt 7, Yttrande över motion om fler platser i stödboende\nFörvaltningen föreslår att motionen "
                "anses besvarad, eftersom en utredning av boendekedjan redan pågår.",
                "Punkt 9, Ekonomisk uppföljning februari, Ekonomichef\nPrognosen för helåret visar ett underskott "
                "på 6 mnkr, främst inom placeringar för barn och unga.",
            ),
        )),
        ItemSpec(INFORMATION, "Månadsrapport februari", "Ekonomichef", areas(
            BUF="Kostnaderna för externa placeringar fortsätter att öka. Två nya HVB-placeringar gjordes i februari.",
            Vuxen="Antalet hushåll med ekonomiskt bistånd har minskat något jämfört med januari.",
            GR="Gemensamma resurser håller budget. Licenskostnaden för verksamhetssystemet faktureras i mars.",
        )),
        ItemSpec(INFORMATION, "Nytt inom arbetsmiljö", "HR-chef", bullets(
            "Arbetsmiljöverkets tillsyn\nArbetsmiljöverket inleder under våren en tillsyn av hur nämnden följer "
            "upp förvaltningens arbetsmiljöarbete. Ett första möte hålls i april.",
            "Friskvårdsbidraget\nFriskvårdsbidraget höjs till 2 000 kronor från den 1 april.",
            "Skyddsombudsutbildning\nEn ny omgång av grundutbildningen för skyddsombud och chefer startar i maj.",
        )),
        ItemSpec(INFORMATION, "Uppdatering chefsrekryteringar", "resp. Verksamhetschef", areas(
            GM="Rekryteringen av en administrativ chef är klar. Ingrid Sandell tillträder den 1 maj.",
            Vuxen="Ingen pågående rekrytering.",
            BUF="En sektionschef för Familjebehandling rekryteras. Annonsen är publicerad till och med den "
                "12 april och intervjuer planeras vecka 17.",
        ), union_inputs=(
            UnionInputSpec("Fackliga representanter efterfrågar att intervjutiderna meddelas i god tid, så att "
                           "de kan delta i intervjuerna."),
            UnionInputSpec("Vision önskar delta i referensgruppen för rekryteringen till Familjebehandling.", VISION),
        )),
        ItemSpec(DIALOG, "Uppföljning arbetsskador och tillbud", "HR-konsult", text(
            "HR presenterar sammanställningen av arbetsskador och tillbud för 2018 per verksamhet (se bilaga). "
            "Antalet anmälda tillbud har ökat, främst hot och våld inom Mottagningen och Socialjouren.",
            "## Kommentarer",
            bullets(
                "Hot och våld\nVC Vuxen berättar att samtliga medarbetare i Mottagningen har gått utbildning "
                "i bemötande och konflikthantering.",
                "Rapportering\nHR påminner om att tillbud ska rapporteras även när de bedöms som lindriga.",
            ),
        ), union_inputs=(
            UnionInputSpec("SSR menar att ökningen av tillbud visar att arbetsmiljön i Mottagningen måste följas "
                           "upp tätare och efterfrågar en handlingsplan till nästa möte.", SSR),
            UnionInputSpec("Kommunal påtalar att ensamarbetet på stödboendena kvällstid behöver ses över i "
                           "riskbedömningen.", KOMMUNAL),
        ), attachments=(
            AttachmentSpec(
                "Arbetsskador och tillbud 2018 per verksamhet", "arbetsskador-tillbud-2018.csv",
                rows=(
                    ("Verksamhet", "Arbetsskador", "Tillbud", "Varav hot och våld"),
                    ("BUF", "4", "21", "9"),
                    ("Vuxen", "6", "34", "22"),
                    ("Gemensamma resurser", "1", "5", "1"),
                    ("Socialjouren", "2", "17", "13"),
                ),
            ),
        )),
        ItemSpec(DIALOG, "Planeringsförutsättningar Mål och ekonomi 2020", "Ekonomichef",
                 "Ekonomichefen presenterar stadens planeringsförutsättningar för 2020. Nämnden får en "
                 "uppräkning för demografi och kostnader, men ett effektiviseringskrav på 1 % kvarstår. "
                 "Förvaltningen återkommer med ett förslag till fördelning i maj.",
                 union_inputs=(
                     UnionInputSpec("Vision vill att effektiviseringskravet inte läggs på bemanningen inom "
                                    "myndighetsutövningen.", VISION),
                 )),
        ItemSpec(DECISION, "Ändrade öppettider Mottagningen", "VC Vuxen", text(
            "Arbetsgivaren föreslår att Mottagningens telefontid blir kl. 9–12 och att eftermiddagarna används "
            "för planerade besök och dokumentation, från den 6 maj 2019.",
            "En riskbedömning är genomförd tillsammans med skyddsombudet.",
        ), union_inputs=(
            UnionInputSpec("SSR anser att förändringen flyttar belastningen till eftermiddagarnas besök och att "
                           "riskbedömningen inte tar hänsyn till att två tjänster är vakanta.", SSR),
        ), decision=DecisionSpec(
            "Arbetsgivaren beslutar enligt förslaget. Kommunal och Vision har inget att invända. "
            "SSR är oeniga med beslutet.",
            Decision.Outcome.DISAGREED,
            {
                SSR: (DISAGREE, "Riskbedömningen behöver göras om med full bemanning som utgångspunkt."),
                KOMMUNAL: (NO_OBJECTION, ""),
                VISION: (NO_OBJECTION, ""),
                EMPLOYER: (AGREE, ""),
            },
            effective_date=datetime.date(2019, 5, 6),
            follow_up_date=datetime.date(2019, 9, 30),
        )),
        ItemSpec(DECISION, "Ny rutin för chefer i beredskap", "HR-chef",
                 "Förslaget är att chefer i beredskap får en gemensam checklista och att beredskapsveckan "
                 "avslutas med en kort överlämning till nästa chef.",
                 decision=DecisionSpec(
                     "Arbetsgivaren och fackliga representanter är eniga i beslutet.", Decision.Outcome.AGREED,
                     {SSR: (AGREE, ""), KOMMUNAL: (AGREE, ""), VISION: (AGREE, ""), EMPLOYER: (AGREE, "")},
                 )),
        ItemSpec(OTHER, "Övrigt", "", text(
            "Kommunal informerar om att Henrik Wallin har valts till huvudskyddsombud för förvaltningen.",
            "VC BUF informerar om att Familjehemsenheten flyttar till nya lokaler på Storgatan i juni.",
        ), union_inputs=(
            UnionInputSpec("SSR önskar att skyddsombuden bjuds in till planeringen av flytten.", SSR),
        )),
    ),
)

# FSG/VSG, November 2020: adjusted; the staffing of Socialjouren is deferred to MBL §11 in December.
FSG_VSG_2020_11 = MeetingSpec(
    group=FSG_VSG,
    date=datetime.date(2020, 11, 16),
    protocol_number="11/2020",
    status=Meeting.Status.ADJUSTED,
    dnr="11/2020",
    start_time=time(9), end_time=time(11),
    place="Digitalt via Teams",
    items=(
        ItemSpec(INFORMATION, "Val av justerare", "SOF Socialdirektör", f"{appointed()} valdes som justerare."),
        ItemSpec(INFORMATION, "Föregående mötesanteckningar", "SOF Socialdirektör",
                 "Ingen vidare kommentar och föregående mötesanteckningar läggs till handlingarna."),
        ItemSpec(INFORMATION, "Nytt inom arbetsmiljö", "HR-chef", bullets(
            "Distansarbete\nRekommendationen om arbete hemifrån gäller till och med januari. Cheferna stämmer "
            "av arbetsmiljön vid distansarbete på nästa APT.",
            "Medarbetarundersökningen\nResultatet är sammanställt och går ut till verksamhetscheferna i veckan. "
            "HR går igenom resultatet på mötet i december.",
            "Influensavaccination\nAlla medarbetare erbjuds kostnadsfri vaccination under november.",
        )),
        ItemSpec(INFORMATION, "Mål & ekonomi", "Ekonomichef", text(
            "Oktoberprognosen visar ett underskott på 9 mnkr för helåret.",
            areas(
                BUF="Underskottet beror främst på fler placeringar i familjehem.",
                Vuxen="Kostnaderna för skyddat boende har ökat sedan september.",
            ),
        )),
        ItemSpec(INFORMATION, "Uppdatering chefsrekryteringar", "resp. Verksamhetschef", areas(
            GM="Ingen pågående rekrytering.",
            Vuxen="En sektionschef för Stödboendet rekryteras; ett rekryteringsschema skickas till de fackliga "
                  "under veckan.",
            BUF="Lars Öberg har tillträtt som sektionschef för Familjehem.",
        ), union_inputs=(
            UnionInputSpec("Kommunal vill att en representant för Stödboendets medarbetare deltar i "
                           "intervjuerna.", KOMMUNAL),
        )),
        ItemSpec(DIALOG, "Årsklockan 2021", "HR-chef",
                 "HR-chefen presenterar förslaget till årsklocka för 2021. Tertialuppföljningen flyttas så att "
                 "den följer ekonomins uppföljning, och varje informationspunkt får en egen månad. Samtliga "
                 "ser över förslaget till mötet i december."),
        ItemSpec(DIALOG, "Planering av tematräffar 2021", "HR-chef",
                 "Två tematräffar planeras under 2021: en om tillitsbaserad styrning i mars och en om hot och "
                 "våld i oktober.",
                 union_inputs=(
                     UnionInputSpec("SSR föreslår att tematräffen om hot och våld även tar upp ensamarbete.", SSR),
                 )),
        ItemSpec(DECISION, "Verksamhetsövergång Familjerätten", "SOF Socialdirektör",
                 "Familjerätten föreslås gå över från Socialförvaltningen till Stadsledningsförvaltningen den "
                 "1 januari 2021. De fyra medarbetarna följer med verksamheten och behåller sina "
                 "anställningsvillkor.",
                 decision=DecisionSpec(
                     "Arbetsgivaren och fackliga representanter är eniga i beslutet.", Decision.Outcome.AGREED,
                     {SSR: (AGREE, ""), KOMMUNAL: (AGREE, ""), VISION: (AGREE, ""), EMPLOYER: (AGREE, "")},
                     effective_date=datetime.date(2021, 1, 1),
                 )),
        ItemSpec(DECISION, "Ny bemanning Socialjouren", "VC GR",
                 "Arbetsgivaren föreslår att Socialjouren bemannas med tre medarbetare i stället för fyra "
                 "nattetid från februari 2021 och att en bakjour införs. Riskbedömningen bifogas.",
                 union_inputs=(
                     UnionInputSpec("SSR motsätter sig en minskad bemanning nattetid och vill att "
                                    "riskbedömningen kompletteras med statistik över larm per natt.", SSR),
                     UnionInputSpec("Vision instämmer och begär förhandling enligt MBL §11.", VISION),
                 ),
                 decision=DecisionSpec(
                     "Beslutet bordläggs. Frågan förhandlas enligt MBL §11 vid mötet den 14 december, när "
                     "riskbedömningen är kompletterad.",
                     Decision.Outcome.DEFERRED,
                     {SSR: (DEMAND, "SSR yrkar på att bemanningen nattetid förblir fyra medarbetare.")},
                     deferred_to="MBL §11-förhandling vid mötet den 14 december 2020",
                 ),
                 attachments=(
                     AttachmentSpec(
                         "Riskbedömning bemanning Socialjouren", "riskbedomning-socialjouren.pdf",
                         paragraphs=(
                             "Riskbedömningen är gjord av VC GR, sektionschefen för Socialjouren och "
                             "skyddsombudet den 9 november 2020.",
                             "Förändring: tre medarbetare i stället för fyra nattetid, med bakjour.",
                         ),
                         rows=(
                             ("Risk", "Sannolikhet", "Konsekvens", "Åtgärd"),
                             ("Ensamarbete vid hembesök", "Medel", "Hög", "Hembesök nattetid görs alltid två och två"),
                             ("Hög arbetsbelastning vid flera larm", "Medel", "Medel", "Bakjouren kallas in"),
                             ("Längre svarstid i telefon", "Låg", "Medel", "Följs upp varje månad"),
                         ),
                     ),
                 )),
        ItemSpec(OTHER, "Övrigt", "",
                 "Vision informerar om att Per Nyström efterträder Ulrika Forsman som kontaktombud för "
                 "förvaltningen från den 1 december."),
    ),
)

# VSG, March 2022: adjusted, with the unions' input per union and a disagreement.
VSG_2022_03 = MeetingSpec(
    group=VSG,
    date=datetime.date(2022, 3, 21),
    protocol_number="02/2022",
    status=Meeting.Status.ADJUSTED,
    dnr="02/2022",
    start_time=time(13), end_time=time(15),
    place="Socialförvaltningen, sammanträdesrum 3",
    chair="Amir Haddad, verksamhetschef BUF",
    items=(
        ItemSpec(INFORMATION, "Val av justerare", "ordföranden", f"{appointed()} valdes som justerare."),
        ItemSpec(INFORMATION, "Föregående mötesanteckningar", "ordföranden", "Mötesanteckningar läggs till handlingarna."),
        ItemSpec(INFORMATION, "Uppdatering chefsrekryteringar", "", areas(
            Gemensamma_resurser="Rekryteringen av en sektionschef till Utredningsenheten pågår med åtta sökande, "
                                "varav två interna. Intervjuer hålls den 30 mars.",
            Vuxen="Ingen pågående rekrytering.",
            BUF="Ingen pågående rekrytering.",
        )),
        ItemSpec(INFORMATION, "Introduktion för nyanställda BUF UU", "VC BUF",
                 "Från april får nyanställda handläggare inom BUF UU en mentor under de första sex månaderna.",
                 union_inputs=(
                     UnionInputSpec("SSR välkomnar mentorskapet och vill att mentorerna får tid avsatt för "
                                    "uppdraget.", SSR),
                 )),
        ItemSpec(DIALOG, "Tertial 3", "HR-konsult", text(
            "Arbetsgivaren presenterar statistik för tertial 3: arbetsskador, sjukfrånvaro och personalrörlighet.",
            areas(BUF="Sjukfrånvaron har minskat till 7,9 %.",
                  Vuxen="Personalrörligheten är fortsatt hög inom Stödboendet."),
        ), union_inputs=(
            UnionInputSpec("SSR efterfrågar korttidssjukfrånvaron per enhet.", SSR),
            UnionInputSpec("Kommunal påpekar att timanställda inte syns i statistiken och vill att de redovisas "
                           "för sig.", KOMMUNAL),
            UnionInputSpec("Vision vill att nästa redovisning även visar övertid per verksamhet.", VISION),
        )),
        ItemSpec(DECISION, "Förste socialsekreterare i Mottagningsteamet", "VC BUF", text(
            "Som ett steg mot självorganiserande arbetsgrupper inrättas en funktion som förste socialsekreterare "
            "i Mottagningsteamet. Funktionen fördelar inkomna ärenden och handleder kollegor omkring 30 % av "
            "tiden; resten av tiden är hon eller han handläggare.",
            "Tjänsten utlyses internt och ska vara tillsatt den 1 maj.",
        ), union_inputs=(
            UnionInputSpec("Fackliga representanter betonar att rollen behöver tydliggöras mot sektionschefens, "
                           "så att förste socialsekreteraren inte blir budbärare mellan chef och grupp."),
        ), decision=DecisionSpec(
            "Arbetsgivaren och fackliga representanter är eniga i beslutet.", Decision.Outcome.AGREED,
            {SSR: (AGREE, ""), KOMMUNAL: (AGREE, ""), VISION: (AGREE, ""), EMPLOYER: (AGREE, "")},
            follow_up_date=datetime.date(2022, 6, 30),
        )),
        ItemSpec(DECISION, "Ändrad schemaläggning Stödboendet", "VC Vuxen",
                 "Arbetsgivaren föreslår att Stödboendet går över till ett treskiftsschema från den 1 maj.",
                 union_inputs=(
                     UnionInputSpec("Kommunal yrkar på att schemat prövas i tre månader och utvärderas "
                                    "tillsammans med skyddsombudet innan det införs permanent.", KOMMUNAL),
                 ),
                 decision=DecisionSpec(
                     "Arbetsgivaren beslutar enligt förslaget, med en utvärdering efter tre månader. SSR och "
                     "Vision har inget att invända. Kommunal är oeniga med beslutet.",
                     Decision.Outcome.DISAGREED,
                     {
                         KOMMUNAL: (DISAGREE, "Utvärderingen ska göras innan schemat blir permanent."),
                         SSR: (NO_OBJECTION, ""),
                         VISION: (NO_OBJECTION, ""),
                         EMPLOYER: (AGREE, ""),
                     },
                     effective_date=datetime.date(2022, 5, 1),
                 )),
        ItemSpec(OTHER, "Övrigt", "VC GR",
                 "VC GR informerar om att ett informationsblad om organisationsförändringen inom Gemensamma "
                 "resurser går ut den 25 mars.",
                 union_inputs=(
                     UnionInputSpec("SSR vill att informationsbladet även skickas till föräldralediga "
                                    "medarbetare.", SSR),
                 )),
    ),
)

# FSG/VSG, December 2020: a draft for the secretary; the MBL §11 negotiation deferred in November
# is on the agenda, its decision not yet written.
DRAFT_2020_12 = MeetingSpec(
    group=FSG_VSG,
    date=datetime.date(2020, 12, 14),
    protocol_number="12/2020",
    status=Meeting.Status.DRAFT,
    start_time=time(9), end_time=time(11),
    place="Digitalt via Teams",
    items=(
        ItemSpec(INFORMATION, "Val av justerare", "SOF Socialdirektör", f"{appointed()} valdes som justerare."),
        ItemSpec(INFORMATION, "Föregående mötesanteckningar", "SOF Socialdirektör",
                 "Mötesanteckningarna från den 16 november läggs till handlingarna."),
        ItemSpec(INFORMATION, "Medarbetarundersökningen 2020", "HR-chef", text(
            "HR går igenom sammanställningen av medarbetarundersökningen, som utlovades i november.",
            bullets("Svarsfrekvens\nSvarsfrekvensen blev 81 %, något högre än föregående år.",
                    "Fortsatt arbete\nVarje verksamhet tar fram handlingsplaner till februari."),
        )),
        ItemSpec(DIALOG, "Årsklockan 2021", "HR-chef",
                 "Förslaget till årsklocka för 2021 gås igenom; samtliga har sett över det sedan november."),
        ItemSpec(DECISION, "Årsklockan 2021 fastställs", "HR-chef",
                 "Arbetsgivaren föreslår att årsklockan för 2021 fastställs enligt förslaget.",
                 decision=DecisionSpec(
                     "Arbetsgivaren och fackliga representanter är eniga i beslutet.", Decision.Outcome.AGREED,
                     {SSR: (AGREE, ""), KOMMUNAL: (AGREE, ""), VISION: (AGREE, ""), EMPLOYER: (AGREE, "")},
                 )),
        ItemSpec(DECISION, "Ny bemanning Socialjouren (MBL §11)", "VC GR",
                 "Förhandling enligt MBL §11, bordlagd vid mötet den 16 november. Riskbedömningen är "
                 "kompletterad med statistik över larm per natt."),
    ),
)

# VSG, April 2022: out for adjustment; the demo adjusters can review and sign it.
OUT_FOR_ADJUSTMENT_2022_04 = MeetingSpec(
    group=VSG,
    date=datetime.date(2022, 4, 25),
    protocol_number="03/2022",
    status=Meeting.Status.OUT_FOR_ADJUSTMENT,
    dnr="03/2022",
    start_time=time(13), end_time=time(14, 30),
    place="Socialförvaltningen, sammanträdesrum 3",
    chair="Amir Haddad, verksamhetschef BUF",
    items=(
        ItemSpec(INFORMATION, "Val av justerare", "ordföranden", f"{appointed()} valdes som justerare."),
        ItemSpec(INFORMATION, "Föregående mötesanteckningar", "ordföranden", "Mötesanteckningar läggs till handlingarna."),
        ItemSpec(INFORMATION, "Uppföljning förste socialsekreterare", "VC BUF",
                 "Tjänsten har utlysts internt och intervjuer pågår. Första uppföljningen sker den 30 juni.",
                 union_inputs=(
                     UnionInputSpec("SSR påminner om att rollen behöver tydliggöras innan tillsättningen.", SSR),
                 )),
        ItemSpec(DIALOG, "Utvärdering av treskiftsschemat Stödboendet", "VC Vuxen",
                 "Utvärderingen planeras till augusti tillsammans med skyddsombudet.",
                 union_inputs=(
                     UnionInputSpec("Kommunal vill att medarbetarna på nattpassen intervjuas i utvärderingen.",
                                    KOMMUNAL),
                 )),
        ItemSpec(DECISION, "Ändrade öppettider Mottagningen", "VC Vuxen",
                 "Förslaget är att Mottagningen stänger kl. 15 på fredagar från den 1 juni.",
                 decision=DecisionSpec(
                     "Kommunal har inget att invända. SSR är oeniga med beslutet.", Decision.Outcome.DISAGREED,
                     {KOMMUNAL: (NO_OBJECTION, ""), SSR: (DISAGREE, ""), EMPLOYER: (AGREE, "")},
                 )),
        ItemSpec(OTHER, "Övrigt", "VC GR", "VC GR informerar om att sommarschemat för Socialjouren är klart."),
    ),
)

# In the order they are loaded: the archive first, then the minutes in progress.
MEETINGS = (FSG_VSG_2019_03, FSG_VSG_2020_11, VSG_2022_03, DRAFT_2020_12, OUT_FOR_ADJUSTMENT_2022_04)
