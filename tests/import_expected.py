"""The structure of the corpus minutes, written by hand from reading ../shared/corpus.

Each item: (kind, title, presenter, body, union inputs, decision).
- body: the starts of its blocks in order: "## X" a sub-heading, "- X" a bullet
  (first line), otherwise the first words of a paragraph;
- union inputs: (party or None for the unions jointly, first words, paragraphs);
- decision: (first words of its text, outcome, {party: position}) or None.
"""

SSR = "Akademikerförbundet SSR"
KOMMUNAL = "Kommunal"
EMPLOYER = "Arbetsgivaren"
ALL_AGREE = {SSR: "agree", KOMMUNAL: "agree", EMPLOYER: "agree"}

I, D, B, O = "information", "dialog", "decision", "other"


def item(kind, title, presenter=None, body=(), inputs=(), decision=None):
    return {"kind": kind, "title": title, "presenter": presenter, "body": list(body),
            "inputs": list(inputs), "decision": decision}


MINUTES = {
    "fsg-vsg-2019-03-25.txt": {
        "group": "FSG/VSG", "administration": "Socialförvaltningen", "date": "2019-03-25",
        "protocol": "3/2019", "dnr": "03/2019", "place": None, "document_date": "2019-04-09",
        "closing_text": "Ordförande avslutar mötet.",
        "adjusters": [("Cecilia Cederström", SSR), ("Mounir Mansour", KOMMUNAL), ("Dinah Åbinger", EMPLOYER)],
        "items": [
            item(I, "Föregående mötesanteckningar", body=["Inget att anmärka."]),
            item(I, "Föredragningslistan Socialnämnden mars", body=["Vi går igenom föredragningslistan."]),
            item(I, "Månadsrapport februari", body=["Informationspunkten att presentera"]),
            item(I, "Nytt inom arbetsmiljö", body=["Arbetsmiljöverket har bestämt"]),
            item(I, "Uppdatering chefsrekryteringar", body=["BUF har sedan föregående möte"],
                 inputs=[(None, "De fackliga representanterna efterfrågar att utformandet", 1)]),
            # "Vuxen" after the comma is an operational area, not a presenter.
            item(I, "Metodstödjare, Vuxen", body=["Verksamheten Vuxen kan se"]),
            item(I, "Organisering/lokalisering av Föräldrastödsprojekt", body=["November 2018 beslutade"]),
            item(D, "Årsrapport 2018 Feelgood", body=["Summering från årsrapporten", "Förvaltningen behöver dock"],
                 inputs=[(None, "De fackliga företrädena undrar", 1)]),
            item(D, "Uppföljning arbetsskador och tillbud",
                 body=["Gemensamma resurser har totalt", "Under samma period gjordes",
                       "Inom verksamhetsområde Vuxen", "Säkerheten och användningen av väktare"],
                 inputs=[(None, "De fackliga representanterna efterfrågar att undersöka", 1)]),
            item(D, "Chefer i beredskap", body=["Under sommaren 2018 arbetade"]),
            item(D, "Planeringsförutsättning för nästkommande år/ Mål och ekonomi 2020",
                 body=["Till budgeten 2020 har", "Då bifogat material tillades sent"],
                 inputs=[(None, "De fackliga företrädarna anser", 1)]),
            item(D, "Handlingsplaner efter MU 2018 – Kolla PP",
                 body=["Resultatet för medarbetarundersökningen 2018", "Gemensamma resurser har efter",
                       "Genomgången av handlingsplan"]),
            item(D, "Flytta psykosocial arbetsmiljörond i årsklockan", body=["Verksamhetens chefer efterfrågar"]),
        ],
    },
    "fsg-vsg-2020-11-16.txt": {
        "group": "FSG/VSG", "administration": "Socialförvaltningen", "date": "2020-11-16",
        "protocol": "11/2020", "dnr": None, "place": None, "document_date": None, "closing_text": "",
        # Named without parties; the parties come from the users of those names when saved.
        "adjusters": [("Christina Gustafsson", None), ("Cecilia Cederström", None)],
        "unclassified": "Arbetsgivaren önskar fatta beslut gällande:",
        "items": [
            item(I, "Val av justerare", "SOF Socialdirektör", body=["Christina Gustafsson och Cecilia"]),
            item(I, "Föregående mötesanteckningar", "SOF Socialdirektör", body=["Ingen vidare kommentar"]),
            item(I, "Föredragningslistan från Socialnämnden", "SOF Socialdirektör",
                 body=["Ordföranden gör några nedslag", "- Punkt nummer 8, Remissvar",
                       "- Punkt 5, Mål & ekonomi 2020, Ekonomichef", "Varje nämnds ekonomichef",
                       "Det är fortsatt BUF", "- Punkt 6, Mål och ekonomi 2021, Ekonomichef",
                       "- Överflytten av FoU från SOF till SLF, SOF Socialdirektör"]),
            item(I, "Nytt inom arbetsmiljö", "HR-chef",
                 body=["- Löneöversynen", "- Medarbetarundersökningen", "- Feelgood", "- Ledarforum"]),
            item(I, "Mål & ekonomi", "Ekonomichef", body=["Se ovan, punkterna 5 och 6"]),
            item(I, "Uppdatering chefsrekryteringar", "resp. Verksamhetschef",
                 body=["## GM", "En ny sektionschef", "## Vuxen", "Verksamhetsområdet Vuxen har",
                       "## BUF", "Det finns två vakanta"],
                 # The unions' point and the reply to it; then a second point.
                 inputs=[(None, "Fackliga poängterar", 2), (None, "Facket påtalar en oro", 1)]),
            item(D, "Årsklockan 2021", "HR-chef", body=["Socialförvaltningens HR-chef redogör"]),
            item(D, "Planering av tematräffar 2021", "HR-chef",
                 body=["HR-chefen redogör för planerna", "JR och HR-konsult läser på"]),
            # Decisions listed as bullets; "Se bilagor." after them is their text.
            item(B, "Verksamhetsövergång FoU", decision=("Se bilagor.", "unknown", {})),
            item(B, "Ändring av befattning och AID-kod, Socialpsykiatrin", decision=("Se bilagor.", "unknown", {})),
        ],
    },
    "vsg-2022-03-21.txt": {
        "group": "VSG", "administration": "Socialförvaltningen", "date": "2022-03-21",
        "protocol": "02/2022", "dnr": None, "place": None, "document_date": None, "closing_text": "",
        "adjusters": [("Christina Gustafsson", KOMMUNAL), ("Cecilia Cederström", SSR)],
        "items": [
            item(I, "Val av justerare", "ordföranden", body=["Christina Gustafsson, Kommunal och"]),
            item(I, "Föregående mötesanteckningar", "ordföranden", body=["Mötesanteckningar läggs till"]),
            item(I, "Uppdatering chefsrekryteringar",
                 body=["## Gemensamma resurser", "Pågående rekrytering", "## Vuxen", "Ingen pågående rekrytering.",
                       "## BUF", "Ingen pågående rekrytering."]),
            item(I, "Provanställningar BUF UU", body=["Utifrån svårigheter att rekrytera"]),
            item(D, "Tertial 3",
                 body=["Arbetsgivaren presenterade statistik", "## Kommentarer", "VC BUF tror",
                       "VC Vuxen kommenterade", "Diskussion om att det hade varit bra"],
                 inputs=[(SSR, "SSR efterfrågar information", 1)]),
            item(B, "1:a Socialsekreterare",
                 body=["Som ett led i att gå mot", "Genom att införa förste", "Tjänsterna ska utlysas internt."],
                 # Everything under "Inspel från fackliga organisationer" up to the decision.
                 inputs=[(None, "Fackliga representanter har tidigare", 4)],
                 decision=("Arbetsgivaren och fackliga representanter är eniga i beslutet.", "agreed", ALL_AGREE)),
            item(B, "Tf. sektionschef Bostad först", body=["Förslaget är att under 2022"],
                 decision=("Arbetsgivaren och fackliga representanter är eniga i beslutet.", "agreed", ALL_AGREE)),
            item(B, "Organisationsförändring Familjehem",
                 body=["Förslaget är att en tjänst", "Riskbedömning är genomförd",
                       # "överens om vikten av …" is not the decision's outcome.
                       "Arbetsgivaren och fackliga representanter är överens om vikten"],
                 decision=("Arbetsgivaren och fackliga representanter är eniga i beslutet.", "agreed", ALL_AGREE)),
            item(O, "Övrigt", body=["VC BUF informerar om", "VC GR meddelar att"],
                 inputs=[(SSR, "SSR menar att det är bra", 1)]),
        ],
    },
}

# Words hyphenated at a line end in the files, whole in the import.
WHOLE_WORDS = {
    "vsg-2022-03-21.txt": ["tilläggsuppdrag", "arbetsgruppen", "verksamhetschef", "sektionschefsuppdraget",
                           "organisationsförändringen", "sektionschef per den 1 april"],
    "fsg-vsg-2019-03-25.txt": ["halv- eller helår"],
}
