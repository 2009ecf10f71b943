"""The minutes of ../shared/corpus/fsg-vsg-2019-03-25.txt, as a secretary would type them.

Written out by hand from the PDF text: lines wrapped by the PDF are joined, every
paragraph is one string, and typing mistakes of the original are kept. The heading
and "Bilaga till protokoll 3/2019" are derived from the meeting, never typed; the
closing sentence about who adjusts is printed from the adjusters.
"""

GROUP = ("FSG/VSG", "Socialförvaltningen")
DATE = "2019-03-25"
DOCUMENT_DATE = "2019-04-09"
PROTOCOL_NUMBER = "3/2019"
DNR = "03/2019"
HEADING = "Minnesanteckningar från samverkansgrupp FSG/VSG – Socialförvaltningen den 25 mars 2019"
APPENDIX_LABEL = "Bilaga till protokoll 3/2019"
CLOSING_TEXT = "Ordförande avslutar mötet."

# (name, party) in the order of the closing sentence.
ADJUSTERS = [
    ("Cecilia Cederström", "Akademikerförbundet SSR"),
    ("Mounir Mansour", "Kommunal"),
    ("Dinah Åbinger", "Arbetsgivaren"),
]

# (section, title, paragraphs); section is AgendaItem.Kind's value. The Beslut
# section of this meeting is empty.
ITEMS = [
    (
        "information",
        'Föregående mötesanteckningar',
        [
            'Inget att anmärka.',
        ],
    ),
    (
        "information",
        'Föredragningslistan Socialnämnden mars',
        [
            'Vi går igenom föredragningslistan.',
        ],
    ),
    (
        "information",
        'Månadsrapport februari',
        [
            (
                'Informationspunkten att presentera föregående månadsrapport kommer inte hinna '
                'sammanställas färdigt till ett FSG/VSG möte. Samverkansgruppen anser att punkten '
                'behöver förändras.'
            ),
        ],
    ),
    (
        "information",
        'Nytt inom arbetsmiljö',
        [
            (
                'Arbetsmiljöverket har bestämt att fokusera extra på specifika verksamheter under en '
                'period. Exempelvis under 2018 var HVB-hem inom Ensamkommande ett fokusområde, vilket '
                'bland annat renderade i besök på Kristianstadsgatan och Fredagsgatan. '
                'Arbetsmiljöverket kommer under 2019 ändra sitt fokus till nämnders arbetsmiljöarbete '
                'och deras uppföljning av förvaltningens arbetsmiljöarbete.'
            ),
        ],
    ),
    (
        "information",
        'Uppdatering chefsrekryteringar',
        [
            (
                'BUF har sedan föregående möte gjort klart med att Chris Lindell blir permanent '
                'lösning som sektionschef för Familjehem Team 1 samt att Anette Edwardson har '
                'påbörjat sin tjänst som enhetschef för Familjehem. Dessutom pågår en rekrytering av '
                'sektionschef till Team Centrum 3 då nuvarande sektionschef, Angelina Pavalova, ska '
                'hädanefter enbart ansvara för Krimteamet.'
            ),
            (
                'De fackliga representanterna efterfrågar att utformandet och planerandet av '
                'chefsrekryteringar ska ske i ett tidigare stadie, bland annat gäller det '
                'framförhållning av intervjutider. Vid olika tillfällen har intervjutiderna kommit '
                'till känna tät inpå intervjutillfället, vilket komplicerar de fackliga '
                'representanternas möjlighet att medverka då de har andra åtaganden planerade i '
                'kalendern. Arbetsgivaren tar detta till sig och ska se till att man är mer proaktiv '
                'i arbetet och involverar de fackliga så tidigt som möjligt.'
            ),
        ],
    ),
    (
        "information",
        'Metodstödjare, Vuxen',
        [
            (
                'Verksamheten Vuxen kan se i ändringen av samordnare till metodstödjare att det är '
                'svårt att kombinera administration med metodstöd. Det upplevs bland annat en risk '
                'att deras arbetstid kan bestå av mer administration än metodstöd. Därav har '
                'medarbetare och chefer kommit fram till att till att bli tre metodstödjare och två '
                'medarbetare med administration och behandlingsarbete. Syftet med metodstödjare blir '
                'att fungera som ett pedagogiskt stöd, såväl operativt som strategiskt. '
                'Metodstödjarna ska arbeta utifrån omvärldsanalyser med syfte att utveckla våra '
                'nuvarande metoder, men även implementera nya. Tanken är även att varje metodstödjare '
                'ska ha specialistkunskap inom en specifik metod och ansvara för att '
                'kompetensöverförra till såväl de andra metodstödjarna som verksamheten. Dessutom ska '
                'metodstödjarna säkerställa de arbetsprocesser som är kopplad till berörda metoder '
                'som exempelvis MI. Förslaget är att två metodstödjare ska finnas inom '
                'Stödboendeenheten, två inom SoL-boendena samt en inom Stöd och behandling. Detta '
                'förslag till förändring har riskbedömts med verksamhetschef, sektionschef, HR och '
                'medarbetare. Men ansvariga chefer har även utgått från hur metodstödjarna inom '
                'SoL-boendena arbetar idag. Risker som identifierats är till exempel oro bland '
                'medarbetarna gällande arbetsfördelning av administrativa arbetsuppgifter till fler '
                'medarbetare än tidigare. Främst då det kommer finnas fler sällananvändare i olika '
                'system. Ansvariga för förändringen kommer löpande arbeta med den genomförda '
                'riskanalysen samt återkomma till samverkansgruppen för att diskutera det ytterligare '
                'i dialog.'
            ),
        ],
    ),
    (
        "information",
        'Organisering/lokalisering av Föräldrastödsprojekt',
        [
            (
                'November 2018 beslutade Socialnämnden om införa ett riktat stöd till föräldrar vars '
                'barn riskerar att omhändertas eller är placerade. Uppdraget innebär exempelvis att '
                'hjälpa en nybildad föräldraförening att bygga upp deras arbetsprocesser, informera '
                'och sprida kunskap om projektet samt nätverka med olika aktörer. Detta projekt '
                'kommer pågå under två års tid och under slutet av 2019 kommer en avstämning '
                'genomföras. Arbetsgivaren har genomfört en analys med berörda parter om vart '
                'projektet ska läggas inom förvaltningen, vilket resulterade i att den kommer '
                'förläggas inom arbetsgruppen Tidiga insatser. En anledning till dess placering är '
                'att arbetsgivaren och berörda parter ser fördelen att sitta nära Dynamis och '
                'Familjehusen. Arbetsgivaren har genomfört en riskbedömning gällande att placera '
                'Föräldrastödsprojektet i samma lokaler som de andra arbetsgrupperna. Bland annat '
                'anser berörda medarbetare samt arbetsgivaren att lokalen inte är tillräckligt stor '
                'för de arbetsgrupper som finns idag och att placera ytterligare en medarbetare i '
                'lokalerna inte är att rekommendera. Därav undersöker arbetsgivaren om det finns '
                'andra lokaler i nära anslutning samt att det pågår en dialog för att finna en '
                'lösning inom de befintliga lokalerna. De fackliga representanterna är överens om att '
                'samarbete ska ske till största möjliga utsträckning, men att det finns gränser '
                'gällande vad som är möjligt. Arbetsgivaren berättar att projektledare för '
                'Föräldrastödsprojektet är tillsatt.'
            ),
        ],
    ),
    (
        "dialog",
        'Årsrapport 2018 Feelgood',
        [
            (
                'Summering från årsrapporten 2018 är att andelen efterföljande insatser är större än '
                'förebyggande insatser inom förvaltningen. Från föregående år har verksamhetsområde '
                'Vuxen ökat sina främjande och förebyggande insatser. Bland annat har en utbildning '
                'inom Basal kroppskännedom genomförts.'
            ),
            (
                'Förvaltningen behöver dock undersöka vilka anledningar som ligger till grund dels '
                'för de sent avbokade besök som gjorts, men även de besök där medarbetare inte kommit '
                'till besöket. Därefter vill arbetsgivaren också uppmärksamma att andra att andra '
                'förebyggande och främjande insatser görs utöver det som man tar hjälp från Feelgood.'
            ),
            (
                'De fackliga företrädena undrar hur de missade besöken registreras i rapporten. Det '
                'framgår inte om det läggs under kolumnen främjande, förebyggande eller '
                'efterföljande. HR-enheten tar med sig frågan och undersöker vart och om det är '
                'möjligt att redovisas.'
            ),
        ],
    ),
    (
        "dialog",
        'Uppföljning arbetsskador och tillbud',
        [
            (
                'Gemensamma resurser har totalt tre LISA-anmälningar under perioden 1 december 2018 '
                'till den 28 februari 2019. Bland annat handlar det om hot vid klientärenden samt att '
                'en medarbetare föll.'
            ),
            (
                'Under samma period gjordes åtta LISA-anmälningar inom Barn, unga och familj. Bland '
                'annat anmälningarna kopplade till våld och hot från klienter eller klienters '
                'anhöriga. Det förekommer även ärenden kopplat till konflikt mellan medarbetare. '
                'Handlingsplaner och kontakt med företagshälsovård är upprättade. Även ett tillbud '
                'registrerades gällande tankning av gasdrivna fordon, vilket har resulterat i en ny '
                'rutin.'
            ),
            (
                'Inom verksamhetsområde Vuxen gjordes 21 LISA-anmälningarna under berörd period. Även '
                'inom Vuxen finns anmälningar kopplade till hot och våld från klienter. Arbetet med '
                'kompetenshöjande insatser är en del av lösningen för att kunna förebygga förekomsten '
                'av hot och våld situationer.'
            ),
            (
                'Säkerheten och användningen av väktare på arbetsplatsen Kronan diskuterades inom '
                'samverkansgruppen. Arbetsgivaren berättar att ett arbete pågår att finna nya lokaler '
                'med syftet att kunna lämna Kronans lokaler.'
            ),
            (
                'De fackliga representanterna efterfrågar att undersöka andelen LISA-anmälningar och '
                'dess förekomst under en längre period än tre månader, exempelvis under ett halv- '
                'eller helår. Detta för att kunna fördjupa sig ytterligare inom vilka tendenser som '
                'finns övergripande inom förvaltningen och varje verksamhetsområde, men även för att '
                'underlätta skapandet av förslag till övergripande insatser.'
            ),
        ],
    ),
    (
        "dialog",
        'Chefer i beredskap',
        [
            (
                'Under sommaren 2018 arbetade förvaltningens chefer med hur de tillsammans kan '
                'tillgodose förvaltningens behov av chefer utanför kontorstid. Det presenterades två '
                'förslag, ett för chefer inom myndighetsutövning och ett för chefer inom boenden. Det '
                'beslutades att testa förslaget där enhetschefer, sektionschefer inom BUF och '
                'Mottagningsenheten roterade som beredskap i förhållande till myndighetsutövning. '
                'Anledningen till varför beredskap inom våra boenden inte testades är att cheferna '
                'upplever sig sakna kompetens inom specifika boenden, vilket de anser som betydande '
                'för att klara uppdraget. Innan chefer i beredskap påbörjades inom '
                'myndighetsutövningen genomfördes en gemensam riskbedömning med förvaltningens '
                'chefer. Till exempel resulterade den i att det skulle vara frivilligt som chef att '
                'ha beredskap eller inte. Tidigare var det var det sex chefer inom myndighetsutövning '
                'som hade beredskap. Men till sommaren 2018 behövdes antalet fyllas på, vilket gjorde '
                'att det från och med hösten 2018 varit sju till nio chefer som haft beredskap. Under '
                'januari 2019 har en ny genomgång av chef i beredskap genomförts och generell anser '
                'de flesta att det fungerar bra. Dock upplevs ett behov att justera hur det kan bli '
                'än mer frivilligt och flexibelt att skapa beredskapsschemat. Dessutom har det varit '
                'svårt att finna frivilliga som vill arbeta storhelger, något som arbetsgruppen och '
                'berörda chefer behöver arbeta vidare med. De chefer som haft beredskap anser även '
                'att nio chefer är ett tillräckligt stort antal så att de varken har beredskapen för '
                'ofta eller för sällan. Socialdirektören kommer även ta med sig frågan om beredskap '
                'på boende till Förvaltningsledningsgruppen.'
            ),
        ],
    ),
    (
        "dialog",
        'Planeringsförutsättning för nästkommande år/ Mål och ekonomi 2020',
        [
            (
                'Till budgeten 2020 har såväl en demografisk uppräckning som kostnadsuppräkning '
                'gjorts, dock är det en låg uppräckning i jämförelse med tidigare år. Dessutom kommer '
                'det tillkomma nya kostnadskrävande lagkrav, inflöden av ärende förväntas öka samt '
                'kostnadsökningar av löner kommer även ske. Därför krävs det nya angreppssätt inom '
                'förvaltningen. Vidare behöver förvaltningen fortsätta arbetet med att effektivisera '
                'och identifiera potentiella förändringar som gynnar det ekonomiska resultatet.'
            ),
            (
                'De fackliga företrädarna anser att det är problematiskt att uppräckningen i budgeten '
                'inte är högre då nya lagkrav kommer innebära nya kostnader för förvaltningen.'
            ),
            (
                'Då bifogat material tillades sent till mötet samt att punkten låg under dialog så '
                'togs inget beslut i samverkansgruppen om Mål och Ekonomi 2020. Denna punkt '
                'återupptas under en ny MBL-tid.'
            ),
        ],
    ),
    (
        "dialog",
        'Handlingsplaner efter MU 2018 – Kolla PP',
        [
            (
                'Resultatet för medarbetarundersökningen 2018 inom BUF påvisade en viss sänkning av '
                'HME-indexet, framför allt gällande styrning, vilket uppmättes både på chef- och '
                'medarbetarnivå. Utifrån resultatet har cheferna enskilt och gemensamt arbetat fram '
                'handlingsplaner samt material för att tydliggöra styrningen. Det kommer genomföras '
                'olika typer av gruppaktiviteter kopplat till styrningen under 2019. Vidare kommer '
                'varje enhet arbeta med deras respektive APT och dess utformning, men även lyfta '
                'frågor kring kränkande särbehandling. Ett annat fokusområde under året kommer vara '
                'delaktighet och medarbetarskapet, främst kopplat till den nya tillitsbaserade '
                'styrningen. Under året kommer cheferna rustas med kunskaper om det tillitsbaserade '
                'ledarskapet och dess styrning.'
            ),
            (
                'Gemensamma resurser har efter medarbetarundersökningen 2018 valt att fokusera på '
                'anledningar till deras höga HME-index, men även varför HME-indexet gällande styrning '
                'sjunkit sedan föregående år. Det som bland annat diskuterats är att det finns en hög '
                'motivation inom arbetsgrupperna. Främst då medarbetarna upplever att de gör skillnad '
                'för verksamheten och kan påverka. Det som efterfrågas till förbättring är att '
                'medarbetarna efterfrågar att cheferna gör egna uttalanden om information som kommer '
                'från ledningsgrupper eller högre instanser inom staden. Framför allt gäller det hur '
                'gruppen påverkas av informationen och eventuella förändringar.'
            ),
            (
                'Genomgången av handlingsplan efter medarbetarundersökningen 2018 gällande Vuxen '
                'flyttas till nästa FSG/VSG.'
            ),
        ],
    ),
    (
        "dialog",
        'Flytta psykosocial arbetsmiljörond i årsklockan',
        [
            (
                'Verksamhetens chefer efterfrågar att flytta den psykosociala arbetsmiljöronden till '
                'hösten istället för under våren enligt årsklockan för systematiskt '
                'arbetsmiljöarbete. Anledningen är att denna punkt kommer tätt inpå handlingsplanerna '
                'efter medarbetarundersökningen. En psykosocial arbetsmiljörond under hösten hade '
                'varit ett bra tillvägagångssätt att följa upp de insatser som görs på våren i '
                'samband med upprättandet av handlingsplaner efter medarbetarundersökningen. Denna '
                'punkt tar samverkansgruppen med sig till nästa FSG/VSG för att kunna genomföra ett '
                'beslut.'
            ),
        ],
    ),
]


def body(paragraphs):
    """The text as typed in the item's text field: a blank line between paragraphs."""
    return "\n\n".join(paragraphs)
