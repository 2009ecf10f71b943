"""load_demo imports the three corpus minutes in full and faithfully, adds a draft and minutes out
for adjustment, and is safe to run twice."""

import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command
from django.utils import translation

from meetings.demo import USERS
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
from meetings.text import paragraphs, parse_blocks

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"

INFORMATION, DIALOG, DECISION, OTHER = "information", "dialog", "decision", "other"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def debug(settings):
    """The demo is for development: tests run with DEBUG off, the command needs it on."""
    settings.DEBUG = True


def load_demo(**options):
    out = io.StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def output():
    """The output of the second of two runs."""
    load_demo()
    return load_demo()


def meeting(group, protocol_number):
    return Meeting.objects.get(group__name=group, protocol_number=protocol_number)


# --- The corpus, as paragraphs ----------------------------------------------------

# Letterhead lines repeated from the PDF page header.
LETTERHEAD = re.compile(
    r"\d{4}-\d{2}-\d{2}|(MINNESANTECKNINGAR|PROTOKOLL) SAMVERKANSGRUPP|DNR:\S+|SID \d+\(\d+\)"
)
# Headings the model holds as structure: the item's section, its union inputs.
STRUCTURE = {"Information:", "Dialog:", "Beslut:", "Beslut", "Inspel från fackliga organisationer"}


def corpus_paragraphs(name):
    """The paragraphs of a corpus file, with the PDF line wrapping undone.

    Lines are stripped (a leading space marks a new page); a blank line, a
    letterhead or structural heading line, or a "•" bullet ends a paragraph.
    A word hyphenated at the end of a line is joined again.
    """
    result, current = [], ""
    for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or LETTERHEAD.fullmatch(line) or line in STRUCTURE or line.startswith("•"):
            if current:
                result.append(current)
            current = line.lstrip("• ") if line.startswith("•") else ""
        elif re.search(r"\w-$", current) and line[0].islower():
            current = current[:-1] + line
        else:
            current = f"{current} {line}".strip()
    if current:
        result.append(current)
    return result


def stored_paragraphs(meeting):
    """What the minutes print, as paragraphs: heading, items (title, presenter, text,
    union input, decision) in order, closing text."""
    with translation.override("sv"):
        out = [str(meeting.heading), str(meeting.appendix_label)]
    for item in meeting.items.order_by("position"):
        out.append(f"{item.title}, {item.presenter}" if item.presenter else item.title)
        out += paragraphs(item.body)
        for union_input in item.union_inputs.all():
            out += paragraphs(union_input.text)
        if hasattr(item, "decision"):
            out += paragraphs(item.decision.text)
    out += paragraphs(meeting.closing_text)
    return out


# Corpus text the model has no field for, each with where it went instead.
NOT_STORED_AS_TEXT = {
    # The introduction of the Beslut section: its bullets became the decision items.
    "fsg-vsg-2020-11-16.txt": ["Arbetsgivaren önskar fatta beslut gällande:"],
    # The adjusters: Adjuster rows (test_adjusters).
    "fsg-vsg-2019-03-25.txt": [
        "Cecilia Cederström justerar protokollet för Akademikerförbundet SSR, Mounir Mansour "
        "för Kommunal och Dinah Åbinger för arbetsgivaren."
    ],
}
# Stored text the corpus has once less: "Se bilagor." follows both 2020 decisions.
STORED_TWICE = {"fsg-vsg-2020-11-16.txt": ["Se bilagor."]}

CORPUS_MEETINGS = [
    ("fsg-vsg-2019-03-25.txt", "FSG/VSG", "3/2019"),
    ("fsg-vsg-2020-11-16.txt", "FSG/VSG", "11/2020"),
    ("vsg-2022-03-21.txt", "VSG", "02/2022"),
]


@pytest.mark.parametrize("name, group, protocol_number", CORPUS_MEETINGS)
def test_every_corpus_paragraph_is_stored_and_nothing_else(output, name, group, protocol_number):
    """Each paragraph is stored whole; the unions' input of an item follows the item's text, so
    the order is checked per item (test_import_*), not here."""
    expected = [p for p in corpus_paragraphs(name) if p not in NOT_STORED_AS_TEXT.get(name, [])]
    stored = " ".join(stored_paragraphs(meeting(group, protocol_number)))
    # Sentence by sentence: a union paragraph after a page break is held apart from the text before.
    for sentence in (s for p in expected for s in re.split(r"(?<=[.!?])\s+", p)):
        found = stored.find(sentence)
        assert found != -1, f"not stored: {sentence!r}"
        stored = stored[:found] + " " + stored[found + len(sentence):]
    assert stored.split() == " ".join(STORED_TWICE.get(name, [])).split()


def test_the_normaliser_sees_the_corpus_as_a_reader_does():
    paragraphs_2022 = corpus_paragraphs("vsg-2022-03-21.txt")
    assert paragraphs_2022[:3] == [
        "Minnesanteckningar från samverkansgrupp VSG – Socialförvaltningen den 21 mars 2022",
        "Bilaga till protokoll 02/2022",
        "Val av justerare, ordföranden Christina Gustafsson, Kommunal och Cecilia Cederström, "
        "SSR valdes som justerare.",
    ]
    # A word broken at the line end ("tilläggs-/uppdrag") is whole; a page break is not a paragraph.
    assert any("ge hemlöshetsstrategen Johanna Bobin ett tilläggsuppdrag som" in p for p in paragraphs_2022)
    assert any("sträva efter att bli självorganiserande. Det blir" in p for p in paragraphs_2022)
    assert "Verksamhetsövergång FoU" in corpus_paragraphs("fsg-vsg-2020-11-16.txt")
    assert "2019-04-09" not in " ".join(corpus_paragraphs("fsg-vsg-2019-03-25.txt"))


def all_texts(meeting):
    for item in meeting.items.all():
        yield item.body
        for union_input in item.union_inputs.all():
            yield union_input.text
        if hasattr(item, "decision"):
            yield item.decision.text


@pytest.mark.parametrize("name, group, protocol_number", CORPUS_MEETINGS)
def test_texts_are_unwrapped(output, name, group, protocol_number):
    for text in all_texts(meeting(group, protocol_number)):
        assert all(line == line.strip() for line in text.splitlines())
        for block in parse_blocks(text):
            assert len(block.lines) <= 1, block.lines  # a paragraph or heading is one line
            assert all(len(entry) <= 2 for entry in block.items), block.items  # a bullet: title, text


# --- Structure --------------------------------------------------------------------


def agenda(meeting):
    return [(item.kind, item.title, item.presenter) for item in meeting.items.order_by("position")]


def test_agenda_2019(output):
    assert agenda(meeting("FSG/VSG", "3/2019")) == [
        (INFORMATION, "Föregående mötesanteckningar", ""),
        (INFORMATION, "Föredragningslistan Socialnämnden mars", ""),
        (INFORMATION, "Månadsrapport februari", ""),
        (INFORMATION, "Nytt inom arbetsmiljö", ""),
        (INFORMATION, "Uppdatering chefsrekryteringar", ""),
        (INFORMATION, "Metodstödjare, Vuxen", ""),
        (INFORMATION, "Organisering/lokalisering av Föräldrastödsprojekt", ""),
        (DIALOG, "Årsrapport 2018 Feelgood", ""),
        (DIALOG, "Uppföljning arbetsskador och tillbud", ""),
        (DIALOG, "Chefer i beredskap", ""),
        (DIALOG, "Planeringsförutsättning för nästkommande år/ Mål och ekonomi 2020", ""),
        (DIALOG, "Handlingsplaner efter MU 2018 – Kolla PP", ""),
        (DIALOG, "Flytta psykosocial arbetsmiljörond i årsklockan", ""),
    ]


def test_agenda_2020(output):
    minutes = meeting("FSG/VSG", "11/2020")
    assert agenda(minutes) == [
        (INFORMATION, "Val av justerare", "SOF Socialdirektör"),
        (INFORMATION, "Föregående mötesanteckningar", "SOF Socialdirektör"),
        (INFORMATION, "Föredragningslistan från Socialnämnden", "SOF Socialdirektör"),
        (INFORMATION, "Nytt inom arbetsmiljö", "HR-chef"),
        (INFORMATION, "Mål & ekonomi", "Ekonomichef"),
        (INFORMATION, "Uppdatering chefsrekryteringar", "resp. Verksamhetschef"),
        (DIALOG, "Årsklockan 2021", "HR-chef"),
        (DIALOG, "Planering av tematräffar 2021", "HR-chef"),
        (DECISION, "Verksamhetsövergång FoU", ""),
        (DECISION, "Ändring av befattning och AID-kod, Socialpsykiatrin", ""),
    ]
    recruitment = minutes.items.get(title="Uppdatering chefsrekryteringar")
    assert [b.text for b in recruitment.blocks() if b.kind == "heading"] == ["GM", "Vuxen", "BUF"]
    work_environment = minutes.items.get(title="Nytt inom arbetsmiljö")
    (bullet_list,) = work_environment.blocks()
    assert [entry[0] for entry in bullet_list.items] == [
        "Löneöversynen", "Medarbetarundersökningen", "Feelgood", "Ledarforum",
    ]
    for item in minutes.items.filter(kind=DECISION):
        assert (item.decision.text, item.decision.outcome) == ("Se bilagor.", Decision.Outcome.UNKNOWN)
        assert not item.decision.positions.exists()


def test_agenda_2022_with_union_input_and_decisions(output):
    minutes = meeting("VSG", "02/2022")
    assert agenda(minutes) == [
        (INFORMATION, "Val av justerare", "ordföranden"),
        (INFORMATION, "Föregående mötesanteckningar", "ordföranden"),
        (INFORMATION, "Uppdatering chefsrekryteringar", ""),
        (INFORMATION, "Provanställningar BUF UU", ""),
        (DIALOG, "Tertial 3", ""),
        (DECISION, "1:a Socialsekreterare", ""),
        (DECISION, "Tf. sektionschef Bostad först", ""),
        (DECISION, "Organisationsförändring Familjehem", ""),
        (OTHER, "Övrigt", ""),
    ]
    union_inputs = {
        item.title: [(u.party.short_name if u.party else None, u.text[:20]) for u in item.union_inputs.all()]
        for item in minutes.items.all()
        if item.union_inputs.exists()
    }
    assert union_inputs == {
        "Tertial 3": [("SSR", "SSR efterfrågar info")],
        "1:a Socialsekreterare": [(None, "Fackliga representan")],
        "Övrigt": [("SSR", "SSR menar att det är")],
    }
    for item in minutes.items.filter(kind=DECISION):
        decision = item.decision
        assert decision.text == "Arbetsgivaren och fackliga representanter är eniga i beslutet."
        assert decision.outcome == Decision.Outcome.AGREED
        assert {(p.party.name, p.stand) for p in decision.positions.all()} == {
            ("Akademikerförbundet SSR", Position.Stand.AGREE),
            ("Kommunal", Position.Stand.AGREE),
            ("Arbetsgivaren", Position.Stand.AGREE),
        }


def test_the_corpus_is_imported_as_adjusted_minutes_with_their_files(output):
    m2019, m2020, m2022 = (meeting(group, number) for _name, group, number in CORPUS_MEETINGS)
    assert (m2019.dnr, m2019.document_date.isoformat(), m2019.closing_text) == (
        "03/2019", "2019-04-09", "Ordförande avslutar mötet."
    )
    for (name, _group, _number), minutes in zip(CORPUS_MEETINGS, (m2019, m2020, m2022)):
        assert minutes.status == Meeting.Status.ADJUSTED and minutes.is_imported
        assert minutes.source_name == name
        assert minutes.attachments.get().file.read() == (CORPUS / name).read_bytes()
    assert not m2019.items.filter(kind=DECISION).exists()


def test_a_draft_and_minutes_out_for_adjustment_to_work_with(output):
    draft = meeting("FSG/VSG", "12/2020")
    assert draft.status == Meeting.Status.DRAFT and not draft.is_imported
    assert draft.items.filter(kind=DECISION).get().decision.outcome == Decision.Outcome.AGREED
    out = meeting("VSG", "03/2022")
    assert out.status == Meeting.Status.OUT_FOR_ADJUSTMENT and out.sent_at and out.adjustment_deadline
    assert {(a.name, a.user.username) for a in out.adjusters.all()} == {
        ("Cecilia Cederström", "justerare.ssr"), ("Christina Gustafsson", "justerare.kommunal"),
    }
    decision = out.items.get(kind=DECISION).decision
    assert decision.outcome == Decision.Outcome.DISAGREED
    assert {(p.party.short_name or p.party.name, p.stand) for p in decision.positions.all()} == {
        ("Kommunal", Position.Stand.NO_OBJECTION), ("SSR", Position.Stand.DISAGREE),
    }


def test_adjusters(output):
    def adjusters(group, number):
        return [(a.name, a.party.name) for a in meeting(group, number).adjusters.order_by("position")]

    assert adjusters("FSG/VSG", "3/2019") == [
        ("Cecilia Cederström", "Akademikerförbundet SSR"),
        ("Mounir Mansour", "Kommunal"),
        ("Dinah Åbinger", "Arbetsgivaren"),
    ]
    for group, number in [("FSG/VSG", "11/2020"), ("VSG", "02/2022")]:
        # 2020 names them without parties: the parties are the demo users' of those names.
        assert adjusters(group, number) == [
            ("Christina Gustafsson", "Kommunal"),
            ("Cecilia Cederström", "Akademikerförbundet SSR"),
        ]


# --- Master data, users, idempotency ----------------------------------------------


def test_master_data(output):
    assert sorted(Party.objects.values_list("name", "short_name", "kind")) == [
        ("Akademikerförbundet SSR", "SSR", "union"),
        ("Arbetsgivaren", "", "employer"),
        ("Kommunal", "", "union"),
        ("Vision", "", "union"),
    ]
    assert sorted(CooperationGroup.objects.values_list("name", "administration")) == [
        ("FSG/VSG", "Socialförvaltningen"),
        ("VSG", "Socialförvaltningen"),
    ]
    for group in CooperationGroup.objects.all():
        assert sorted(group.members.values_list("username", flat=True)) == sorted(
            ["sekreterare", "justerare.ssr", "justerare.kommunal", "chef", "admin"]
        )


def printed_passwords(output):
    """{username: password} from the users table the command prints."""
    rows = (line.split() for line in output.splitlines())
    usernames = {spec.username for spec in USERS}
    return {row[0]: row[1] for row in rows if len(row) >= 2 and row[0] in usernames}


def test_users_log_in_with_the_printed_passwords(output, client):
    passwords = printed_passwords(output)
    assert set(passwords) == {"sekreterare", "justerare.ssr", "justerare.kommunal", "chef", "admin"}
    for username, password in passwords.items():
        user = User.objects.get(username=username)
        validate_password(password, user)
        assert client.login(username=username, password=password), username
        client.logout()



def test_users_have_their_roles(output):
    users = {
        u.username: (u.role, u.party.label if u.party else None, u.get_full_name(), u.is_superuser)
        for u in User.objects.all()
    }
    assert users["sekreterare"][0] == User.Role.SECRETARY
    assert users["justerare.ssr"] == (User.Role.ADJUSTER, "SSR", "Cecilia Cederström", False)
    assert users["justerare.kommunal"] == (User.Role.ADJUSTER, "Kommunal", "Christina Gustafsson", False)
    assert users["chef"][0] == User.Role.MANAGER
    assert users["admin"][3] and User.objects.get(username="admin").is_staff


def counts():
    models = (Party, CooperationGroup, User, Meeting, AgendaItem, UnionInput, Decision, Position, Adjuster)
    return {model.__name__: model.objects.count() for model in models}


def test_running_again_duplicates_nothing_and_resets_passwords(client):
    first = load_demo()
    after_first = counts()
    assert after_first["Meeting"] == 5 and after_first["User"] == 5
    chef = User.objects.get(username="chef")
    chef.set_password("something-else-entirely-42")
    chef.save()

    second = load_demo()

    assert counts() == after_first
    assert printed_passwords(second) == printed_passwords(first)
    assert client.login(username="chef", password=printed_passwords(second)["chef"])


def test_running_again_after_the_demo_minutes_were_signed(output):
    out = meeting("VSG", "03/2022")
    adjuster = out.adjusters.get(name="Cecilia Cederström")
    Signature.objects.create(
        meeting=out, adjuster=adjuster, adjuster_name=adjuster.name, party_name=adjuster.party.name,
        user=adjuster.user, content_hash=out.content_hash(),
    )

    load_demo()

    # Signatures are never deleted: the signed minutes are kept as they are, not duplicated.
    kept = meeting("VSG", "03/2022")
    assert kept.pk == out.pk and kept.status == Meeting.Status.OUT_FOR_ADJUSTMENT
    assert Signature.objects.get().meeting == kept
    assert Meeting.objects.count() == 5


def test_minutes_entered_by_hand_earlier_give_way_to_the_import(output):
    """A database loaded by an earlier demo (hand-entered corpus minutes) is upgraded."""
    old = meeting("VSG", "02/2022")
    Meeting.objects.filter(pk=old.pk).update(status=Meeting.Status.DRAFT)
    Meeting.objects.filter(pk=old.pk).update(source_sha256="", is_imported=False, status=Meeting.Status.ADJUSTED)

    load_demo()

    new = meeting("VSG", "02/2022")
    assert new.pk != old.pk and new.is_imported and Meeting.objects.count() == 5


def test_refuses_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        load_demo()
    assert not User.objects.exists()

    load_demo(force=True)
    assert Meeting.objects.count() == 5
