"""Demo data: master data, one account per role, and the three corpus minutes.

The minutes in ../shared/corpus are entered here by hand, in full: every item
with its section, title, presenter and text in the item text format of
meetings.text ("## " sub-headings, "- " bullets, a blank line between
paragraphs). The PDF line wrapping is undone (a paragraph is one line; a word
hyphenated at a line end is whole again), page-break artefacts and letterhead
lines are left out, and the wording is otherwise as in the signed minutes.

What the minutes hold as structure rather than text:

- the heading ("Minnesanteckningar från samverkansgrupp …") and "Bilaga till
  protokoll …" are derived from the meeting;
- the section headings are the items' kinds;
- "Inspel från fackliga organisationer" becomes UnionInput rows;
- "Arbetsgivaren och fackliga representanter är eniga i beslutet." is the
  Decision text, with each party's Position;
- the 2019 closing sentence naming the adjusters becomes Adjuster rows.

load() is idempotent: master data is updated in place, the demo users get
their demo passwords back, and the three demo meetings are deleted and
entered again.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction

from meetings.models import (
    Adjuster,
    AgendaItem,
    CooperationGroup,
    Decision,
    Meeting,
    Party,
    Position,
    Signature,
    UnionInput,
    User,
)

ADMINISTRATION = "Socialförvaltningen"
FSG_VSG = "FSG/VSG"
VSG = "VSG"

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
GROUPS = [FSG_VSG, VSG]

INFORMATION = AgendaItem.Kind.INFORMATION
DIALOG = AgendaItem.Kind.DIALOG
DECISION = AgendaItem.Kind.DECISION
OTHER = AgendaItem.Kind.OTHER


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


SECRETARY = "sekreterare"  # the demo meetings are created by this user

USERS = [
    DemoUser(
        SECRETARY, "samverkan-protokoll-2026", User.Role.SECRETARY,
        "secretary: drafts the minutes", "Sara", "Sekreterare", EMPLOYER,
    ),
    DemoUser(
        "justerare.ssr", "samverkan-signera-2026", User.Role.ADJUSTER,
        "adjuster for Akademikerförbundet SSR", "Cecilia", "Cederström", SSR,
    ),
    DemoUser(
        "justerare.kommunal", "samverkan-granska-2026", User.Role.ADJUSTER,
        "adjuster for Kommunal", "Christina", "Gustafsson", KOMMUNAL,
    ),
    DemoUser(
        "chef", "samverkan-beslut-2026", User.Role.MANAGER,
        "manager: reads adjusted minutes", "Maja", "Chef", EMPLOYER,
    ),
    DemoUser(
        "admin", "samverkan-admin-2026", User.Role.SECRETARY,
        "superuser, Django admin at /admin/", is_superuser=True,
    ),
]


# --- Minutes ----------------------------------------------------------------


@dataclass(frozen=True)
class UnionInputSpec:
    text: str
    party: str | None = None  # None: the unions jointly


@dataclass(frozen=True)
class DecisionSpec:
    text: str
    outcome: str
    stands: dict = field(default_factory=dict)  # party name -> Position.Stand


@dataclass(frozen=True)
class ItemSpec:
    kind: str
    title: str
    presenter: str = ""
    body: str = ""
    union_inputs: tuple = ()
    decision: DecisionSpec | None = None


@dataclass(frozen=True)
class MeetingSpec:
    group: str
    date: datetime.date
    protocol_number: str
    status: str
    items: tuple
    adjusters: tuple  # (name, party name)
    dnr: str = ""
    document_date: datetime.date | None = None
    closing_text: str = ""


def text(*blocks):
    """An item text: paragraphs, sub-headings and bullet lists, a blank line between them."""
    return "\n\n".join(blocks)


def heading(title):
    return f"## {title}"


def bullets(*entries):
    """A bullet list; the lines after an entry's first line are its text under the bullet."""
    return "\n".join(f"- {entry}" for entry in entries)


AGREED_BY_ALL = DecisionSpec(
    "Arbetsgivaren och fackliga representanter är eniga i beslutet.",
    Decision.Outcome.AGREED,
    {SSR: Position.Stand.AGREE, KOMMUNAL: Position.Stand.AGREE, EMPLOYER: Position.Stand.AGREE},
)
SEE_ATTACHMENTS = DecisionSpec("Se bilagor.", Decision.Outcome.UNKNOWN)


MINUTES_2019 = MeetingSpec(
    group=FSG_VSG,
    date=datetime.date(2019, 3, 25),
    protocol_number="3/2019",
    dnr="03/2019",
    document_date=datetime.date(2019, 4, 9),
    status=Meeting.Status.ADJUSTED,
    closing_text="Ordförande avslutar mötet.",
    adjusters=(
        ("Cecilia Cederström", SSR),
        ("Mounir Mansour", KOMMUNAL),
        ("Dinah Åbinger", EMPLOYER),
    ),
    items=(
        ItemSpec(INFORMATION, "Föregående mötesanteckningar", body="Inget att anmärka."),
        ItemSpec(
            INFORMATION, "Föredragningslistan Socialnämnden mars",
            body="Vi går igenom föredragningslistan.",
        ),
        ItemSpec(
            INFORMATION, "Månadsrapport februari",
            body=(
                "Informationspunkten att presentera föregående månadsrapport kommer inte hinna "
                "sammanställas färdigt till ett FSG/VSG möte. Samverkansgruppen anser att punkten "
                "behöver förändras."
            ),
        ),
        ItemSpec(
            INFORMATION, "Nytt inom arbetsmiljö",
            body=(
                "Arbetsmiljöverket har bestämt att fokusera extra på specifika verksamheter under "
                "en period. Exempelvis under 2018 var HVB-hem inom Ensamkommande ett fokusområde, "
                "vilket bland annat renderade i besök på Kristianstadsgatan och Fredagsgatan. "
                "Arbetsmiljöverket kommer under 2019 ändra sitt fokus till nämnders "
                "arbetsmiljöarbete och deras uppföljning av förvaltningens arbetsmiljöarbete."
            ),
        ),
        ItemSpec(
            INFORMATION, "Uppdatering chefsrekryteringar",
            body=text(
                "BUF har sedan föregående möte gjort klart med att Chris Lindell blir permanent "
                "lösning som sektionschef för Familjehem Team 1 samt att Anette Edwardson har "
                "påbörjat sin tjänst som enhetschef för Familjehem. Dessutom pågår en rekrytering "
                "av sektionschef till Team Centrum 3 då nuvarande sektionschef, Angelina Pavalova, "
                "ska hädanefter enbart ansvara för Krimteamet.",
                "De fackliga representanterna efterfrågar att utformandet och planerandet av "
                "chefsrekryteringar ska ske i ett tidigare stadie, bland annat gäller det "
                "framförhållning av intervjutider. Vid olika tillfällen har intervjutiderna kommit "
                "till känna tät inpå intervjutillfället, vilket komplicerar de fackliga "
                "representanternas möjlighet att medverka då de har andra åtaganden planerade i "
                "kalendern. Arbetsgivaren tar detta till sig och ska se till att man är mer "
                "proaktiv i arbetet och involverar de fackliga så tidigt som möjligt.",
            ),
        ),
        ItemSpec(
            INFORMATION, "Metodstödjare, Vuxen",
            body=(
                "Verksamheten Vuxen kan se i ändringen av samordnare till metodstödjare att det är "
                "svårt att kombinera administration med metodstöd. Det upplevs bland annat en risk "
                "att deras arbetstid kan bestå av mer administration än metodstöd. Därav har "
                "medarbetare och chefer kommit fram till att till att bli tre metodstödjare och två "
                "medarbetare med administration och behandlingsarbete. Syftet med metodstödjare "
                "blir att fungera som ett pedagogiskt stöd, såväl operativt som strategiskt. "
                "Metodstödjarna ska arbeta utifrån omvärldsanalyser med syfte att utveckla våra "
                "nuvarande metoder, men även implementera nya. Tanken är även att varje "
                "metodstödjare ska ha specialistkunskap inom en specifik metod och ansvara för att "
                "kompetensöverförra till såväl de andra metodstödjarna som verksamheten. Dessutom "
                "ska metodstödjarna säkerställa de arbetsprocesser som är kopplad till berörda "
                "metoder som exempelvis MI. Förslaget är att två metodstödjare ska finnas inom "
                "Stödboendeenheten, två inom SoL-boendena samt en inom Stöd och behandling. Detta "
                "förslag till förändring har riskbedömts med verksamhetschef, sektionschef, HR och "
                "medarbetare. Men ansvariga chefer har även utgått från hur metodstödjarna inom "
                "SoL-boendena arbetar idag. Risker som identifierats är till exempel oro bland "
                "medarbetarna gällande arbetsfördelning av administrativa arbetsuppgifter till fler "
                "medarbetare än tidigare. Främst då det kommer finnas fler sällananvändare i olika "
                "system. Ansvariga för förändringen kommer löpande arbeta med den genomförda "
                "riskanalysen samt återkomma till samverkansgruppen för att diskutera det "
                "ytterligare i dialog."
            ),
        ),
        ItemSpec(
            INFORMATION, "Organisering/lokalisering av Föräldrastödsprojekt",
            body=(
                "November 2018 beslutade Socialnämnden om införa ett riktat stöd till föräldrar "
                "vars barn riskerar att omhändertas eller är placerade. Uppdraget innebär "
                "exempelvis att hjälpa en nybildad föräldraförening att bygga upp deras "
                "arbetsprocesser, informera och sprida kunskap om projektet samt nätverka med olika "
                "aktörer. Detta projekt kommer pågå under två års tid och under slutet av 2019 "
                "kommer en avstämning genomföras. Arbetsgivaren har genomfört en analys med berörda "
                "parter om vart projektet ska läggas inom förvaltningen, vilket resulterade i att "
                "den kommer förläggas inom arbetsgruppen Tidiga insatser. En anledning till dess "
                "placering är att arbetsgivaren och berörda parter ser fördelen att sitta nära "
                "Dynamis och Familjehusen. Arbetsgivaren har genomfört en riskbedömning gällande "
                "att placera Föräldrastödsprojektet i samma lokaler som de andra arbetsgrupperna. "
                "Bland annat anser berörda medarbetare samt arbetsgivaren att lokalen inte är "
                "tillräckligt stor för de arbetsgrupper som finns idag och att placera ytterligare "
                "en medarbetare i lokalerna inte är att rekommendera. Därav undersöker "
                "arbetsgivaren om det finns andra lokaler i nära anslutning samt att det pågår en "
                "dialog för att finna en lösning inom de befintliga lokalerna. De fackliga "
                "representanterna är överens om att samarbete ska ske till största möjliga "
                "utsträckning, men att det finns gränser gällande vad som är möjligt. Arbetsgivaren "
                "berättar att projektledare för Föräldrastödsprojektet är tillsatt."
            ),
        ),
        ItemSpec(
            DIALOG, "Årsrapport 2018 Feelgood",
            body=text(
                "Summering från årsrapporten 2018 är att andelen efterföljande insatser är större "
                "än förebyggande insatser inom förvaltningen. Från föregående år har "
                "verksamhetsområde Vuxen ökat sina främjande och förebyggande insatser. Bland annat "
                "har en utbildning inom Basal kroppskännedom genomförts.",
                "Förvaltningen behöver dock undersöka vilka anledningar som ligger till grund dels "
                "för de sent avbokade besök som gjorts, men även de besök där medarbetare inte "
                "kommit till besöket. Därefter vill arbetsgivaren också uppmärksamma att andra att "
                "andra förebyggande och främjande insatser görs utöver det som man tar hjälp från "
                "Feelgood.",
                "De fackliga företrädena undrar hur de missade besöken registreras i rapporten. Det "
                "framgår inte om det läggs under kolumnen främjande, förebyggande eller "
                "efterföljande. HR-enheten tar med sig frågan och undersöker vart och om det är "
                "möjligt att redovisas.",
            ),
        ),
        ItemSpec(
            DIALOG, "Uppföljning arbetsskador och tillbud",
            body=text(
                "Gemensamma resurser har totalt tre LISA-anmälningar under perioden 1 december 2018 "
                "till den 28 februari 2019. Bland annat handlar det om hot vid klientärenden samt "
                "att en medarbetare föll.",
                "Under samma period gjordes åtta LISA-anmälningar inom Barn, unga och familj. Bland "
                "annat anmälningarna kopplade till våld och hot från klienter eller klienters "
                "anhöriga. Det förekommer även ärenden kopplat till konflikt mellan medarbetare. "
                "Handlingsplaner och kontakt med företagshälsovård är upprättade. Även ett tillbud "
                "registrerades gällande tankning av gasdrivna fordon, vilket har resulterat i en ny "
                "rutin.",
                "Inom verksamhetsområde Vuxen gjordes 21 LISA-anmälningarna under berörd period. "
                "Även inom Vuxen finns anmälningar kopplade till hot och våld från klienter. "
                "Arbetet med kompetenshöjande insatser är en del av lösningen för att kunna "
                "förebygga förekomsten av hot och våld situationer.",
                # A new page starts here; the short line before shows a new paragraph.
                "Säkerheten och användningen av väktare på arbetsplatsen Kronan diskuterades inom "
                "samverkansgruppen. Arbetsgivaren berättar att ett arbete pågår att finna nya "
                "lokaler med syftet att kunna lämna Kronans lokaler.",
                "De fackliga representanterna efterfrågar att undersöka andelen LISA-anmälningar "
                "och dess förekomst under en längre period än tre månader, exempelvis under ett "
                "halv- eller helår. Detta för att kunna fördjupa sig ytterligare inom vilka "
                "tendenser som finns övergripande inom förvaltningen och varje verksamhetsområde, "
                "men även för att underlätta skapandet av förslag till övergripande insatser.",
            ),
        ),
        ItemSpec(
            DIALOG, "Chefer i beredskap",
            body=(
                "Under sommaren 2018 arbetade förvaltningens chefer med hur de tillsammans kan "
                "tillgodose förvaltningens behov av chefer utanför kontorstid. Det presenterades "
                "två förslag, ett för chefer inom myndighetsutövning och ett för chefer inom "
                "boenden. Det beslutades att testa förslaget där enhetschefer, sektionschefer inom "
                "BUF och Mottagningsenheten roterade som beredskap i förhållande till "
                "myndighetsutövning. Anledningen till varför beredskap inom våra boenden inte "
                "testades är att cheferna upplever sig sakna kompetens inom specifika boenden, "
                "vilket de anser som betydande för att klara uppdraget. Innan chefer i beredskap "
                "påbörjades inom myndighetsutövningen genomfördes en gemensam riskbedömning med "
                "förvaltningens chefer. Till exempel resulterade den i att det skulle vara "
                "frivilligt som chef att ha beredskap eller inte. Tidigare var det var det sex "
                "chefer inom myndighetsutövning som hade beredskap. Men till sommaren 2018 behövdes "
                "antalet fyllas på, vilket gjorde att det från och med hösten 2018 varit sju till "
                "nio chefer som haft beredskap. Under januari 2019 har en ny genomgång av chef i "
                "beredskap genomförts och generell anser de flesta att det fungerar bra. Dock "
                "upplevs ett behov att justera hur det kan bli än mer frivilligt och flexibelt att "
                "skapa beredskapsschemat. Dessutom har det varit svårt att finna frivilliga som "
                "vill arbeta storhelger, något som arbetsgruppen och berörda chefer behöver arbeta "
                "vidare med. De chefer som haft beredskap anser även att nio chefer är ett "
                "tillräckligt stort antal så att de varken har beredskapen för ofta eller för "
                "sällan. Socialdirektören kommer även ta med sig frågan om beredskap på boende till "
                "Förvaltningsledningsgruppen."
            ),
        ),
        ItemSpec(
            DIALOG, "Planeringsförutsättning för nästkommande år/ Mål och ekonomi 2020",
            body=text(
                "Till budgeten 2020 har såväl en demografisk uppräckning som kostnadsuppräkning "
                "gjorts, dock är det en låg uppräckning i jämförelse med tidigare år. Dessutom "
                "kommer det tillkomma nya kostnadskrävande lagkrav, inflöden av ärende förväntas "
                "öka samt kostnadsökningar av löner kommer även ske. Därför krävs det nya "
                "angreppssätt inom förvaltningen. Vidare behöver förvaltningen fortsätta arbetet "
                "med att effektivisera och identifiera potentiella förändringar som gynnar det "
                "ekonomiska resultatet.",
                # A new page starts here; the line before ends short of the margin.
                "De fackliga företrädarna anser att det är problematiskt att uppräckningen i "
                "budgeten inte är högre då nya lagkrav kommer innebära nya kostnader för "
                "förvaltningen.",
                "Då bifogat material tillades sent till mötet samt att punkten låg under dialog så "
                "togs inget beslut i samverkansgruppen om Mål och Ekonomi 2020. Denna punkt "
                "återupptas under en ny MBL-tid.",
            ),
        ),
        ItemSpec(
            DIALOG, "Handlingsplaner efter MU 2018 – Kolla PP",
            body=text(
                "Resultatet för medarbetarundersökningen 2018 inom BUF påvisade en viss sänkning av "
                "HME-indexet, framför allt gällande styrning, vilket uppmättes både på chef- och "
                "medarbetarnivå. Utifrån resultatet har cheferna enskilt och gemensamt arbetat fram "
                "handlingsplaner samt material för att tydliggöra styrningen. Det kommer "
                "genomföras olika typer av gruppaktiviteter kopplat till styrningen under 2019. "
                "Vidare kommer varje enhet arbeta med deras respektive APT och dess utformning, men "
                "även lyfta frågor kring kränkande särbehandling. Ett annat fokusområde under året "
                "kommer vara delaktighet och medarbetarskapet, främst kopplat till den nya "
                "tillitsbaserade styrningen. Under året kommer cheferna rustas med kunskaper om det "
                "tillitsbaserade ledarskapet och dess styrning.",
                "Gemensamma resurser har efter medarbetarundersökningen 2018 valt att fokusera på "
                "anledningar till deras höga HME-index, men även varför HME-indexet gällande "
                "styrning sjunkit sedan föregående år. Det som bland annat diskuterats är att det "
                "finns en hög motivation inom arbetsgrupperna. Främst då medarbetarna upplever att "
                "de gör skillnad för verksamheten och kan påverka. Det som efterfrågas till "
                "förbättring är att medarbetarna efterfrågar att cheferna gör egna uttalanden om "
                "information som kommer från ledningsgrupper eller högre instanser inom staden. "
                "Framför allt gäller det hur gruppen påverkas av informationen och eventuella "
                "förändringar.",
                "Genomgången av handlingsplan efter medarbetarundersökningen 2018 gällande Vuxen "
                "flyttas till nästa FSG/VSG.",
            ),
        ),
        ItemSpec(
            DIALOG, "Flytta psykosocial arbetsmiljörond i årsklockan",
            body=(
                "Verksamhetens chefer efterfrågar att flytta den psykosociala arbetsmiljöronden "
                "till hösten istället för under våren enligt årsklockan för systematiskt "
                "arbetsmiljöarbete. Anledningen är att denna punkt kommer tätt inpå "
                "handlingsplanerna efter medarbetarundersökningen. En psykosocial arbetsmiljörond "
                "under hösten hade varit ett bra tillvägagångssätt att följa upp de insatser som "
                "görs på våren i samband med upprättandet av handlingsplaner efter "
                "medarbetarundersökningen. Denna punkt tar samverkansgruppen med sig till nästa "
                "FSG/VSG för att kunna genomföra ett beslut."
            ),
        ),
        # The Beslut section of these minutes is empty.
    ),
)


MINUTES_2020 = MeetingSpec(
    group=FSG_VSG,
    date=datetime.date(2020, 11, 16),
    protocol_number="11/2020",
    # Kept a draft, so the demo secretary has minutes to edit and send for adjustment.
    status=Meeting.Status.DRAFT,
    adjusters=(
        ("Christina Gustafsson", KOMMUNAL),
        ("Cecilia Cederström", SSR),
    ),
    items=(
        ItemSpec(
            INFORMATION, "Val av justerare", presenter="SOF Socialdirektör",
            body="Christina Gustafsson och Cecilia Cederström valdes som justerare.",
        ),
        ItemSpec(
            INFORMATION, "Föregående mötesanteckningar", presenter="SOF Socialdirektör",
            body="Ingen vidare kommentar och föregående mötesanteckningar läggs till handlingarna.",
        ),
        ItemSpec(
            INFORMATION, "Föredragningslistan från Socialnämnden", presenter="SOF Socialdirektör",
            body=text(
                "Ordföranden gör några nedslag i föredragningslistan som diskuterades vidare.",
                bullets(
                    "Punkt nummer 8, Remissvar om att staden vid markanvisningsavtal ska "
                    "tillförsäkras lägenheter för bostadssociala insatser, kommer skjutas fram till "
                    "Socialnämndens möte i december.",
                    "Punkt 5, Mål & ekonomi 2020, Ekonomichef\n"
                    "Senast på torsdag 19 nov ska verksamheterna lämna en prognos baserat på "
                    "oktober månads resultat till socialförvaltningens ekonomichef, som sedan "
                    "sammanställer nämndens totala prognos för 2020.",
                ),
                # Two more paragraphs under "Punkt 5": a bullet holds one paragraph only.
                "Varje nämnds ekonomichef ska varje år lämna en s.k. oktoberprognos till stadens "
                "ekonomidirektör. Denna skulle lämnas senast den 11 november. Då var ännu inte "
                "redovisningen för oktober stängd och bedömningen gjordes att stå fast vid tidigare "
                "underskott på 14 mnkr. I dag ser vi att det finns en risk att denna bedömning "
                "behöver revideras, men det är först när verksamheternas prognoser är klara som en "
                "ny prognos kan tas fram.",
                "Det är fortsatt BUF som visar ett stort underskott. Även inom Vuxenverksamheten "
                "ser vi nu att kostnaderna har ökat från oktober månad.",
                bullets(
                    "Punkt 6, Mål och ekonomi 2021, Ekonomichef\n"
                    "Internbudgeten MBL-förhandlades förra veckan och kommer presenteras i nämnden "
                    "kommande vecka.",
                    "Överflytten av FoU från SOF till SLF, SOF Socialdirektör\n"
                    "Den organisatoriska verksamhetsövergången är en punkt som kommer diskuteras "
                    "senare under mötet och frågan kommer förhandlas idag med SSR och Kommunal samt "
                    "med Vision under morgondagen.",
                ),
            ),
        ),
        ItemSpec(
            INFORMATION, "Nytt inom arbetsmiljö", presenter="HR-chef",
            body=bullets(
                "Löneöversynen\n"
                "Staden avser att utbetala Kommunals engångsbelopp i december och övriga "
                "utbetalningar är planerade för januari månad. Förvaltningens chefer är uppmanade "
                "att se över eventuella justeringar utifrån det förslag som lades under våren.",
                "Medarbetarundersökningen\n"
                "Resultatet för medarbetarundersökningen sammanställdes förra veckan och går ut "
                "till verksamhetscheferna i veckan. HR arbetar med sammanställningen och avser att "
                "gå igenom sammanställningen som en punkt under FSG-VSG i december.",
                "Feelgood\n"
                "HR-enheten har träffat Feelgood och arbetat fram ett samverkansavtal för 2021. "
                "Feelgood redovisas en ny statistikmodul som förhoppningsvis kommer sjösättas under "
                "våren vilket kommer ge förvaltningen möjlighet att avläsa trender på ett bättre "
                "sätt. Diskussion fördes även kring om det finns ett behov av ytterligare stöttning "
                "för nyrekryterade socialsekreterare och hur det eventuellt kan se ut.",
                "Ledarforum\n"
                "Ledarforum har bl.a. fört dialog gällande att leda på distans. Diskussionen har "
                "centrerats kring vilka lärdomar vi gagnats under pandemin och vad kan vi dra nytta "
                "av framåt. Diskussionen resulterade i en presentation som HR-chefen kommer maila "
                "ut till de fackliga för kännedom.",
            ),
        ),
        ItemSpec(
            INFORMATION, "Mål & ekonomi", presenter="Ekonomichef",
            body=(
                "Se ovan, punkterna 5 och 6 mål & ekonomi, under Föredragningslistan från "
                "Socialnämnden."
            ),
        ),
        ItemSpec(
            INFORMATION, "Uppdatering chefsrekryteringar", presenter="resp. Verksamhetschef",
            body=text(
                heading("GM"),
                "En ny sektionschef har tillträtt och verksamhetschefen tackar medverkande för stöd "
                "under rekryteringsprocessen.",
                heading("Vuxen"),
                "Verksamhetsområdet Vuxen har en vakant sektionschefstjänst. Vuxen står inför en "
                "del förändringar och har därmed varit tydliga i annonsen att sektionschefen kommer "
                "ansvara för ett stödboende samt eventuellt ett ytterligare stödboende och Bostad "
                "först. I annonsen uttrycks ett krav på kandidatexamen med inriktning socialt "
                "arbete, ledarskapsutbildning med erfarenhet av att leda personal, etc. "
                "Enhetschefen för Stödboende fastställer ett rekryteringsschema som kommer skickas "
                "ut till fackliga under veckan.",
                heading("BUF"),
                "Det finns två vakanta chefstjänster inom BUF; en sektionschef på Familjehem och en "
                "sektionschef inom Familjebehandling. Till den senare tjänsten kommer det göras en "
                "intern förflyttning då det finns en övertalighet inom HVB och där kommer "
                "nuvarande sektionschef för Kristianstadsgatan tillträda tjänsten inom "
                "Familjebehandling. Annonsen till tjänsten på familjehemsenheten är publicerad "
                "t.o.m. 201130.",
                "Fackliga poängterar att det är av vikt att den chef som tillfälligt täcker upp "
                "vakansen på Familjehem har de kvalifikationer som krävs för att arbeta operativt.",
                "Verksamhetschefen för BUF responderar att enhetschefen för Familjehem går in under "
                "december och Anne Larsson täcker upp från årsskiftet till dess förvaltningen "
                "anställt en ny chef. Verksamhetschefen menar att de upplever en trygghet i att AL "
                "både har arbetat operativt och strategiskt och upplever ingen oro för att ovan "
                "nämnda går in och täcker upp.",
                "Facket påtalar en oro kring täckningen av chefer under vakansen och "
                "verksamhetschefen tar till sig synpunkterna och menar att det finns beredskap för "
                "att hantera tiden av vakans på ett tryggt och säkert sätt.",
            ),
        ),
        ItemSpec(
            DIALOG, "Årsklockan 2021", presenter="HR-chef",
            body=(
                "Socialförvaltningens HR-chef redogör för årets årsklocka och det förslag som "
                "framtagits för 2021. De skillnader som föreligger är att tertialen flyttats för "
                "att vara i linje med ekonomi och Feelgoods sammanställning. Likaså är varje "
                "informationspunkt schemalagd till en månad istället för två för att förtydliga "
                "vilka punkter som diskuterats respektive verksamhetsträff. Samtliga ser över "
                "förslaget till FSG-VSG i december."
            ),
        ),
        ItemSpec(
            DIALOG, "Planering av tematräffar 2021", presenter="HR-chef",
            body=text(
                "HR-chefen redogör för planerna kring utformandet av temadagarna nästkommande år. "
                "Ett förslag framkommer där FSG-VSG ska utvärderas och möjligheten ses över "
                "gällande att eventuellt ha olika forum för FSG och VSG.",
                "JR och HR-konsult läser på inför tematräffen den 1 december. Under detta möte "
                "kommer datum sättas för tematräffarna nästkommande år.",
            ),
        ),
        # "Arbetsgivaren önskar fatta beslut gällande:" and the two bullets that
        # follow it in the minutes: one decision item per bullet.
        ItemSpec(DECISION, "Verksamhetsövergång FoU", decision=SEE_ATTACHMENTS),
        ItemSpec(
            DECISION, "Ändring av befattning och AID-kod, Socialpsykiatrin",
            decision=SEE_ATTACHMENTS,
        ),
    ),
)


MINUTES_2022 = MeetingSpec(
    group=VSG,
    date=datetime.date(2022, 3, 21),
    protocol_number="02/2022",
    status=Meeting.Status.ADJUSTED,
    adjusters=(
        ("Christina Gustafsson", KOMMUNAL),
        ("Cecilia Cederström", SSR),
    ),
    items=(
        ItemSpec(
            INFORMATION, "Val av justerare", presenter="ordföranden",
            body="Christina Gustafsson, Kommunal och Cecilia Cederström, SSR valdes som justerare.",
        ),
        ItemSpec(
            INFORMATION, "Föregående mötesanteckningar", presenter="ordföranden",
            body="Mötesanteckningar läggs till handlingarna.",
        ),
        ItemSpec(
            INFORMATION, "Uppdatering chefsrekryteringar",
            body=text(
                heading("Gemensamma resurser"),
                "Pågående rekrytering av sektionschef till Maria Nordväst med tolv sökande, varav "
                "en intern. Regionen och två andra kommuner deltar i rekryteringen. Tre intervjuer "
                "hålls 28/3.",
                heading("Vuxen"),
                "Ingen pågående rekrytering.",
                heading("BUF"),
                "Ingen pågående rekrytering.",
            ),
        ),
        ItemSpec(
            INFORMATION, "Provanställningar BUF UU",
            body=(
                "Utifrån svårigheter att rekrytera handläggare vill arbetsgivaren inom BUF UU kunna "
                "använda sig av provanställningar. Arbetsgivaren har tidigare haft en dialog med "
                "SSR och Kommunal om detta. De fackliga representanterna accepterar arbetsgivarens "
                "inställning till provanställningar men SSR påtalar vikten av att det finns en "
                "dialog om detta. Arbetsgivaren informerar om att man även kommer att tillsätta en "
                "sakkunnig inom BUF UU, anställd direkt under enhetschef."
            ),
        ),
        ItemSpec(
            DIALOG, "Tertial 3",
            body=text(
                "Arbetsgivaren presenterade statistik för tertial 3 angående arbetsskador, "
                "sjukstatistik, personalrörlighet samt sammanställning från Feelgood.",
                heading("Kommentarer"),
                "VC BUF tror att personalrörligheten kommer att öka inom BUF i år.",
                "VC Vuxen kommenterade tjänstenyttjande hos Feelgood och menar att det är svårt att "
                "arbeta förebyggande inom Vuxen. SSR menar att det ändå är viktigt att försöka "
                "arbeta på ett förebyggande sätt i så stor utsträckning som möjligt så att man får "
                "en bra arbetsmiljö och är en attraktiv arbetsgivare.",
                "SSR efterfrågar information om vilka insatser som Feelgood gör mest frekvent. "
                "Arbetsgivaren kolla upp detta och informerar.",
                "Diskussion om att det hade varit bra att kunna följa upp hot- och våldshändelser "
                "och vilka insatser som görs. Denna information finns i Stella men bygger på att "
                "insatserna dokumenteras ute i verksamheten. HR kan dock vara behjälpliga att ta "
                "fram information som efterfrågas.",
            ),
        ),
        ItemSpec(
            DECISION, "1:a Socialsekreterare",
            body=text(
                "Som ett led i att gå mot självorganiserade arbetsgrupper och tillitsbaserat "
                "ledarskap har myndigheten tankar om att införa en förste socialsekreterare inom "
                "varje team, som idag är fyra stycken. Funktionerna ska arbeta som förste "
                "socialsekreterare ca 30-40 % och resterande tid som handläggare. Uppdraget innebär "
                "att fördela inkomna ärenden, handleda övriga kollegor i teamet gällande ärenden "
                "där dessa kommer att kompetenshöjas inom bland annat juridiska frågor. "
                "Funktionerna ska även samverka med varandra och tillsammans hjälpas åt när "
                "komplexa ärenden inkommer för att hitta kvalitativa lösningar på hemmaplan. I "
                "uppdraget ingår även att se till att arbetsmiljön är god och att alla i gruppen "
                "kommer till tals vid teamgenomgångarna. De förste socialsekreterarna kommer att ha "
                "ett nära samarbete med sektionscheferna och övergripande sakkunnig för ett "
                "effektivt kvalitativt arbete samt för främjandet av en god arbetsmiljö.",
                "Genom att införa förste socialsekreterare som är en del av teamen ges det "
                "möjlighet till nära samverkan. Teamen kan även genom detta utvecklas och ansvara "
                "för alla sina ärenden gemensamt och på så vis sträva efter att bli "
                "självorganiserande. Det blir vidare en karriärmöjlighet internt. Det finns "
                "flertalet kompetenta och drivande handläggare idag som önskar utvecklas och få mer "
                "ansvar.",
                "Tjänsterna ska utlysas internt. Intervjuer kommer att genomföras där en funktion "
                "sedan kommer att tillsättas inom varje team. Önskan är att ha de nya funktionerna "
                "på plats den 1 april och en första uppföljning är tänkt till den 30 juni.",
            ),
            union_inputs=(
                # Everything under "Inspel från fackliga organisationer", including
                # the employer's reply, up to the decision.
                UnionInputSpec(
                    text(
                        "Fackliga representanter har tidigare uttryckt vad arbetsgivaren bör ha med "
                        "sig i processen. Det är viktigt att ta ett helhetsgrepp om förändringen "
                        "och även se över hur vi ska arbeta med tillitsbaserad styrning. Även hur "
                        "arbetsgivaren kan integrera denna förändring i det pågående "
                        "arbetsmiljöarbetet inom gruppen. Arbetsgivaren bör även ha med sig att "
                        "bemanningen inte är 100 % då några tjänster står vakanta.",
                        "SSR menar att det är viktigt att vi anställer lämpliga kandidater som "
                        "hanterar uppdraget på ett bra sätt. Det är vidare viktigt att reda ut "
                        "frågetecken kring vad tjänsten innebär, annars är det svårt att attrahera "
                        "kandidater. Viktigt med tydlighet då det finns en risk att rollen bli "
                        "klämd mellan sektionschef och arbetsgruppen. Sektionscheferna har en tuff "
                        "arbetsmiljö och därför kan mycket hamna på 1:a socialsekreteraren som även "
                        "riskerar att bli en budbärare.",
                        "Arbetsgivaren håller med om att ett förtydligande behövs. SSR håller med "
                        "om att rollen behöver tydliggöras och därmed uppnå en bättre arbetsmiljö.",
                        "VC tar en till dialog med Myndigheten. Det finns en stark jantelag och "
                        "vissa medarbetare är rädda att bli utfrysta av gruppen om de skulle söka "
                        "och få en ny roll som 1:a socialsekreterare.",
                    ),
                ),
            ),
            decision=AGREED_BY_ALL,
        ),
        ItemSpec(
            DECISION, "Tf. sektionschef Bostad först",
            body=(
                "Förslaget är att under 2022 ge hemlöshetsstrategen Johanna Bobin ett "
                "tilläggsuppdrag som sektionschef med fullt personal/arbetsmiljöansvar för "
                "arbetsgruppen, ekonomiskt ansvar för enheten samt kvalitets och utvecklingsansvar. "
                "Organisatoriskt kommer hela tjänsten flyttas till vuxenverksamheten under denna "
                "period. 25 % av uppdraget är som sektionschef med fullt ansvar och 75 % är "
                "fortfarande som stadens hemlöshetsstrateg. Utvecklingsenhetens verksamhetschef "
                "Jessica Granquist kommer att vara närmaste chef för Johanna. Nära samverkan kommer "
                "att ske med stödboendeenhetens enhetschef Anita Svantesson som kommer att leda "
                "Johanna i arbetet utifrån sektionschefsuppdraget. Förslaget är att pröva detta "
                "tilläggsuppdrag under 2022 med start 1 april där en första uppföljning är tänkt "
                "den 10 juni. Ansvarig att kalla till denna uppföljning är enhetschefen för "
                "Stödboendeenheten. Genom att rikta kompetens som redan finns på ett flexibelt sätt "
                "för medarbetarens och invånares bästa, visar förvaltningen på en flexibilitet där "
                "organisatorisk tillhörighet inte utgör ett hinder för utveckling och nytänkande. "
                "Önskan är att ha Johanna på plats som sektionschef per den 1 april."
            ),
            decision=AGREED_BY_ALL,
        ),
        ItemSpec(
            DECISION, "Organisationsförändring Familjehem",
            body=text(
                "Förslaget är att en tjänst inom Jour och rekrytering omfördelas till en "
                "familjehemssekreterare. I framtiden kommer en familjehemshandläggare arbeta med en "
                "familjehemsrekryterarare i rekryteringen av familjehem. Förslaget är från "
                "arbetsgruppen för att tidigare komma in i processen för att få fram goda "
                "kandidater till familjehem och kontaktpersoner.",
                "Riskbedömning är genomförd utifrån den förslagna förändringen. Det finns oro inom "
                "vissa områden för ökad belastning, men inom vissa arbetsuppgifter innebär det "
                "istället en minskad belastning. Arbete pågår för att tillgodose en god övergång "
                "till det nya arbetssättet.",
                "Arbetsgivaren och fackliga representanter är överens om vikten av att det går ut "
                "information till alla berörda.",
            ),
            decision=AGREED_BY_ALL,
        ),
        # The Övrigt section has no item titles; its paragraphs are one item.
        ItemSpec(
            OTHER, "Övrigt",
            body=text(
                "VC BUF informerar om att en av de nuvarande sektionscheferna inom UU BUF inte har "
                "socionomutbildning, vilket krävs enligt den nya socialtjänstlagen som träder i "
                "kraft 1 juni 2022 för medarbetare och chefer som arbetar med myndighetsutövning. "
                "Sektionschefen kan därmed inte vara kvar på sin tjänst efter 1 juni under "
                "nuvarande förutsättningar. Verksamheten avvaktar hur man tar detta vidare.",
                "VC GR meddelar att ett informationsblad går ut 21/3 om organisationsförändringen "
                "inom verksamheten. Man har sett över återkopplingen från medarbetarna och därefter "
                "arbetat vidare i ledningsgruppen. Man inser svårigheterna med förändringen och "
                "försöker se den i form av ett kugghjul. Man har landat i en myndighetsdel och "
                "insatsdel och sett över vilket chefsstöd som behövs. Man pratar mycket om "
                "samledarskap och har insett att någon typ av förändring behövs. Det ”gamla sättet "
                "att vara chef” ger inte så bra effekt längre. Cheferna måste må bättre och "
                "medarbetarna behöver få bättre stöd.",
            ),
            union_inputs=(
                UnionInputSpec(
                    "SSR menar att det är bra att fånga upp hur det ser ut med "
                    "arbetsbelastningen och arbetsmiljön för sektionscheferna och man behöver "
                    "var nytänkande i detta.",
                    party=SSR,
                ),
            ),
        ),
    ),
)

MEETINGS = (MINUTES_2019, MINUTES_2020, MINUTES_2022)


# --- Loading ----------------------------------------------------------------


@dataclass
class Loaded:
    users: list  # [(DemoUser, User)]
    meetings: list  # [Meeting]


def load():
    """Create or refresh all demo data in one transaction; see the module docstring."""
    with transaction.atomic():
        parties = _load_parties()
        groups = _load_groups()
        users = [(spec, _load_user(spec, parties, groups)) for spec in USERS]
        by_username = {spec.username: user for spec, user in users}
        # An adjuster signs with the demo account of the same name.
        accounts = {spec.full_name: user for spec, user in users if spec.full_name}
        meetings = [
            _load_meeting(spec, parties, groups, accounts, created_by=by_username[SECRETARY])
            for spec in MEETINGS
        ]
    return Loaded(users=users, meetings=meetings)


def _load_parties():
    parties = {}
    for name, short_name, kind in PARTIES:
        parties[name], _created = Party.objects.update_or_create(
            name=name, defaults={"short_name": short_name, "kind": kind}
        )
    return parties


def _load_groups():
    return {
        name: CooperationGroup.objects.get_or_create(name=name, administration=ADMINISTRATION)[0]
        for name in GROUPS
    }


def _load_user(spec, parties, groups):
    user, _created = User.objects.update_or_create(
        username=spec.username,
        defaults={
            "role": spec.role,
            "party": parties[spec.party] if spec.party else None,
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "email": f"{spec.username}@example.se",
            "is_active": True,
            "is_staff": spec.is_superuser,
            "is_superuser": spec.is_superuser,
        },
    )
    user.set_password(spec.password)
    user.save(update_fields=["password"])
    for group in groups.values():
        group.members.add(user)
    return user


def _remove_meeting(group, protocol_number):
    """Delete an earlier copy of a demo meeting, whatever became of it in the demo."""
    previous = Meeting.objects.filter(group=group, protocol_number=protocol_number)
    # Adjusted minutes cannot be deleted (on PostgreSQL a trigger refuses), but
    # they can go back to draft; signatures protect a meeting from deletion.
    previous.exclude(status=Meeting.Status.DRAFT).update(status=Meeting.Status.DRAFT)
    Signature.objects.filter(meeting__in=previous).delete()
    for meeting in previous:
        meeting.delete()


def _load_meeting(spec, parties, groups, accounts, *, created_by):
    group = groups[spec.group]
    _remove_meeting(group, spec.protocol_number)
    # Entered as a draft: the content of adjusted minutes cannot change, so the
    # status is set last.
    meeting = Meeting.objects.create(
        group=group,
        date=spec.date,
        protocol_number=spec.protocol_number,
        dnr=spec.dnr,
        document_date=spec.document_date,
        closing_text=spec.closing_text,
        status=Meeting.Status.DRAFT,
        is_imported=False,
        created_by=created_by,
    )
    for position, item_spec in enumerate(spec.items, start=1):
        _create_item(meeting, position, item_spec, parties)
    for position, (name, party) in enumerate(spec.adjusters, start=1):
        Adjuster.objects.create(
            meeting=meeting, name=name, party=parties[party], user=accounts.get(name),
            position=position,
        )
    if spec.status != meeting.status:
        meeting.status = spec.status
        meeting.save(update_fields=["status"])
    return meeting


def _create_item(meeting, position, spec, parties):
    item = AgendaItem.objects.create(
        meeting=meeting, kind=spec.kind, position=position,
        title=spec.title, presenter=spec.presenter, body=spec.body,
    )
    for index, union_input in enumerate(spec.union_inputs, start=1):
        UnionInput.objects.create(
            item=item, party=parties[union_input.party] if union_input.party else None,
            text=union_input.text, position=index,
        )
    if spec.decision is not None:
        decision = Decision.objects.create(
            item=item, text=spec.decision.text, outcome=spec.decision.outcome
        )
        for party, stand in spec.decision.stands.items():
            Position.objects.create(decision=decision, party=parties[party], stand=stand)
    return item
