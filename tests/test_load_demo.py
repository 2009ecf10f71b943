"""load_demo stands alone: it reads nothing outside the repository, enters minutes of the real
shape (four sections, areas, union input, a disagreement, a deferral, attachments), adjusts three
of them through the app's own workflow, leaves a draft and minutes the demo adjusters can sign,
and is safe to run twice."""

import csv
import datetime
import io
import sys
from pathlib import Path

import pikepdf
import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from meetings import demo_minutes
from meetings.demo_minutes import USERS
from meetings.models import (
    Adjuster,
    AgendaItem,
    Attachment,
    CooperationGroup,
    Decision,
    FollowUp,
    Meeting,
    Party,
    Position,
    Signature,
    UnionInput,
    User,
)
from meetings import signing

REPOSITORY = Path(settings.BASE_DIR).resolve()
SHARED = REPOSITORY.parent / "shared"

INFORMATION, DIALOG, DECISION, OTHER = "information", "dialog", "decision", "other"
ADJUSTED = [("FSG/VSG", "3/2019"), ("FSG/VSG", "11/2020"), ("VSG", "02/2022")]

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
    return load_demo()


def meeting(group, protocol_number):
    return Meeting.objects.get(group__name=group, protocol_number=protocol_number)


def printed_passwords(output):
    """{username: password} from the users table the command prints."""
    rows = (line.split() for line in output.splitlines())
    usernames = {spec.username for spec in USERS}
    return {row[0]: row[1] for row in rows if len(row) >= 2 and row[0] in usernames}


# --- Standing alone -----------------------------------------------------------------


class OpenedFiles:
    """Every file Python opens while recording (the "open" audit event; audit hooks stay for the process)."""

    recording = None

    @classmethod
    def hook(cls, event, args):
        if event == "open" and cls.recording is not None and isinstance(args[0], (str, bytes, Path)):
            cls.recording.append(Path(args[0].decode() if isinstance(args[0], bytes) else args[0]))


sys.addaudithook(OpenedFiles.hook)


def test_reads_nothing_beside_the_repository(monkeypatch):
    opened = []
    monkeypatch.setattr(OpenedFiles, "recording", opened)
    load_demo()
    monkeypatch.setattr(OpenedFiles, "recording", None)

    assert opened, "the audit hook saw no file at all"
    shared = {SHARED, SHARED.resolve()}  # ../shared may be a symbolic link
    outside = [p for p in opened if shared & {*Path.cwd().joinpath(p).parents, *Path.cwd().joinpath(p).resolve().parents}]
    assert outside == []
    assert Meeting.objects.count() == 5


def test_no_person_of_the_corpus_appears():
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared/corpus is absent (a clone of the project alone): nothing to compare with")
    corpus = " ".join(p.read_text(encoding="utf-8") for p in (SHARED / "corpus").glob("*.txt"))
    names = {spec.full_name for spec in USERS if spec.full_name}
    names |= {name for spec in demo_minutes.MEETINGS for name, _party in spec.adjusters}
    names |= {spec.chair.split(",")[0] for spec in demo_minutes.MEETINGS}
    assert len(names) >= 5
    assert [name for name in names if name in corpus or name.split()[-1] in corpus] == []


# --- The shape of the minutes -------------------------------------------------------


def test_the_archive_holds_three_adjusted_minutes_with_all_four_sections(output):
    for group, number in ADJUSTED:
        minutes = meeting(group, number)
        assert minutes.status == Meeting.Status.ADJUSTED and not minutes.is_imported
        assert set(minutes.items.values_list("kind", flat=True)) == {INFORMATION, DIALOG, DECISION, OTHER}
        first, second = minutes.items.order_by("position")[:2]
        assert (first.title, second.title) == ("Val av justerare", "Föregående mötesanteckningar")
        assert minutes.closing_text and minutes.chair and minutes.secretary and minutes.place
        assert minutes.dnr


def test_item_texts_have_areas_bullets_and_union_input_per_union(output):
    adjusted = Meeting.objects.filter(status=Meeting.Status.ADJUSTED)
    items = AgendaItem.objects.filter(meeting__in=adjusted)
    headings = {b.text for item in items for b in item.blocks() if b.kind == "heading"}
    assert {"BUF", "Vuxen", "GM"} <= headings
    bulleted = [item for item in items if any(b.kind == "bullets" for b in item.blocks())]
    assert len(bulleted) >= 3
    # A bullet has a title line and its text below it.
    assert all(len(entry) == 2 for item in bulleted for b in item.blocks() if b.kind == "bullets" for entry in b.items)
    speakers = set(UnionInput.objects.filter(item__in=items).values_list("party__name", flat=True))
    assert speakers == {"Akademikerförbundet SSR", "Kommunal", "Vision", None}  # None: jointly


def positions(decision):
    return {p.party.name: (p.stand, p.text) for p in decision.positions.all()}


def test_decisions_hold_each_partys_position_a_disagreement_and_a_deferral(output):
    decisions = Decision.objects.filter(item__meeting__status=Meeting.Status.ADJUSTED)
    assert set(decisions.values_list("outcome", flat=True)) == {
        Decision.Outcome.AGREED, Decision.Outcome.DISAGREED, Decision.Outcome.DEFERRED,
    }
    agreed = decisions.filter(outcome=Decision.Outcome.AGREED).first()
    assert set(positions(agreed).values()) == {(Position.Stand.AGREE, "")}
    assert len(positions(agreed)) == Party.objects.count()

    disagreed = decisions.get(item__title="Ändrade öppettider Mottagningen")
    assert disagreed.outcome == Decision.Outcome.DISAGREED and "oeniga" in disagreed.text
    stands = positions(disagreed)
    assert stands["Akademikerförbundet SSR"][0] == Position.Stand.DISAGREE and stands["Akademikerförbundet SSR"][1]
    assert stands["Kommunal"] == (Position.Stand.NO_OBJECTION, "")
    assert stands["Arbetsgivaren"] == (Position.Stand.AGREE, "")

    deferred = decisions.get(outcome=Decision.Outcome.DEFERRED)
    assert "MBL §11" in deferred.deferred_to and "bordläggs" in deferred.text
    assert positions(deferred)["Akademikerförbundet SSR"][0] == Position.Stand.DEMAND
    # The deferral is a follow-up, as when a secretary enters it; the draft of the next meeting takes it up.
    follow_up = FollowUp.objects.get(item=deferred.item, kind=FollowUp.Kind.DEFERRED_DECISION)
    assert follow_up.is_open and "MBL §11" in follow_up.what
    draft = meeting("FSG/VSG", "12/2020")
    assert draft.items.filter(kind=DECISION, title__startswith=deferred.item.title).exists()


def test_attachments_are_made_by_the_code_and_embedded_in_the_final_pdf(output):
    attachments = {a.file.name.rsplit(".", 1)[-1]: a for a in Attachment.objects.all()}
    assert set(attachments) == {"csv", "pdf"}
    with attachments["csv"].file.open("rb") as handle:
        rows = list(csv.reader(io.StringIO(handle.read().decode("utf-8")), delimiter=";"))
    assert rows[0][0] == "Verksamhet" and len(rows) > 2 and all(len(row) == len(rows[0]) for row in rows)
    with attachments["pdf"].file.open("rb") as handle:
        data = handle.read()
    assert "Riskbedömning" in PdfReader(io.BytesIO(data)).pages[0].extract_text()
    for attachment in attachments.values():
        assert attachment.item is not None and attachment.sha256 and attachment.size
        assert attachment.content_type in ("text/csv", "application/pdf")
        minutes = attachment.meeting
        assert minutes.status == Meeting.Status.ADJUSTED
        with pikepdf.open(minutes.final_pdf.path) as pdf:
            embedded = dict(pdf.attachments)
        assert list(embedded) == [attachment.file.name.rsplit("/", 1)[-1]]


# --- Adjusted through the workflow ----------------------------------------------------


def test_the_archive_is_signed_by_the_demo_adjusters_and_its_final_pdf_stored(output):
    for group, number in ADJUSTED:
        minutes = Meeting.objects.with_contents().get(pk=meeting(group, number).pk)
        slots = minutes.adjusters_with_signatures()
        assert {(a.name, a.user.username) for a in slots} == {
            ("Elin Västberg", "justerare.ssr"), ("Jonas Ekdahl", "justerare.kommunal"),
        }
        assert all(a.current_signature is not None for a in slots)
        assert minutes.signatures.filter(voided_at__isnull=True).count() == 2
        assert minutes.adjusted_at and minutes.sent_at and signing.stored_pdf_matches(minutes)
        text = " ".join(page.extract_text() for page in PdfReader(minutes.final_pdf.path).pages)
        assert f"Bilaga till protokoll {number}" in text
        assert "Elin Västberg" in text and slots[0].verification_code in text


def test_a_draft_for_the_secretary_and_minutes_the_adjusters_can_sign(output, client):
    draft = meeting("FSG/VSG", "12/2020")
    assert draft.status == Meeting.Status.DRAFT and not draft.signatures.exists()
    out = meeting("VSG", "03/2022")
    assert out.status == Meeting.Status.OUT_FOR_ADJUSTMENT and out.sent_at and out.adjustment_deadline
    passwords = printed_passwords(output)
    for username in ("justerare.ssr", "justerare.kommunal"):
        assert client.login(username=username, password=passwords[username])
        page = client.get(reverse("meetings:meeting_review", args=[out.pk]))
        assert page.status_code == 200
        content_hash = Meeting.objects.with_contents().get(pk=out.pk).content_hash()
        response = client.post(reverse("meetings:meeting_sign", args=[out.pk]),
                               {"password": passwords[username], "content_hash": content_hash})
        assert response.status_code == 302, response.content.decode()[:500]
        client.logout()
    out.refresh_from_db()
    assert out.status == Meeting.Status.ADJUSTED and out.final_pdf


# --- Users and their pages ------------------------------------------------------------


def test_users_log_in_with_the_printed_passwords_and_have_their_roles(output, client):
    passwords = printed_passwords(output)
    assert set(passwords) == {"sekreterare", "justerare.ssr", "justerare.kommunal", "chef", "admin"}
    for username, password in passwords.items():
        validate_password(password, User.objects.get(username=username))
        assert client.login(username=username, password=password), username
        client.logout()
    users = {u.username: (u.role, u.party.label if u.party else None, u.get_full_name()) for u in User.objects.all()}
    assert users["sekreterare"][0] == User.Role.SECRETARY
    assert users["justerare.ssr"] == (User.Role.ADJUSTER, "SSR", "Elin Västberg")
    assert users["justerare.kommunal"] == (User.Role.ADJUSTER, "Kommunal", "Jonas Ekdahl")
    assert users["chef"][0] == User.Role.MANAGER
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff


PAGES = [
    # (url name, query, a text the page shows from the demo)
    ("meetings:decision_list", "", "Ändrade öppettider Mottagningen"),
    ("meetings:search", "?q=Socialjouren", "Ny bemanning Socialjouren"),
    ("meetings:meeting_archive", "?year=2020", "2020-11-16"),
    ("meetings:statistics", "", "Mottagningen"),
]


@pytest.mark.parametrize("username", ["sekreterare", "justerare.ssr", "justerare.kommunal", "chef", "admin"])
def test_every_role_sees_the_archive_pages_filled(output, client, username):
    assert client.login(username=username, password=printed_passwords(output)[username])
    for name, query, expected in PAGES:
        response = client.get(reverse(name) + query)
        assert response.status_code == 200, name
        if name != "meetings:statistics":
            assert expected in response.content.decode(), name
    archived = meeting("FSG/VSG", "3/2019")
    page = client.get(archived.get_absolute_url())
    assert page.status_code == 200 and "Uppföljning arbetsskador och tillbud" in page.content.decode()
    assert client.get(reverse("meetings:meeting_pdf", args=[archived.pk])).status_code == 200

    draft = meeting("FSG/VSG", "12/2020")
    # The group's secretaries see drafts, adjusters the minutes they are to sign; a manager neither.
    sees_drafts = username != "chef"
    assert client.get(draft.get_absolute_url()).status_code == (200 if sees_drafts else 404)


def test_statistics_count_the_demo_decisions(output, client):
    assert client.login(username="chef", password=printed_passwords(output)["chef"])
    response = client.get(reverse("meetings:statistics"))
    decisions = Decision.objects.filter(item__meeting__status=Meeting.Status.ADJUSTED)
    assert response.context["total"] == decisions.count() >= 6
    disagreements = next(c for c in response.context["charts"] if c["id"] == "disagreements")
    # SSR, Kommunal, Vision; 2021 had no decisions: a gap
    assert disagreements["rows"] == [[2019, "1", "0", "0"], [2020, "0", "0", "0"], [2021, "–", "–", "–"],
                                     [2022, "0", "1", "0"]]


# --- Running again ------------------------------------------------------------------


def counts():
    models = (Party, CooperationGroup, User, Meeting, AgendaItem, UnionInput, Decision, Position, Adjuster,
              Attachment, Signature, FollowUp)
    return {model.__name__: model.objects.count() for model in models}


def test_running_again_duplicates_nothing_keeps_the_archive_and_resets_passwords(client):
    first = load_demo()
    after_first = counts()
    assert after_first["Meeting"] == 5 and after_first["User"] == 5 and after_first["Signature"] == 6
    archive = {m.pk: m.final_pdf_sha256 for m in Meeting.objects.filter(status=Meeting.Status.ADJUSTED)}
    draft = meeting("FSG/VSG", "12/2020")
    chef = User.objects.get(username="chef")
    chef.set_password("something-else-entirely-42")
    chef.save()

    second = load_demo()

    assert counts() == after_first
    assert {m.pk: m.final_pdf_sha256 for m in Meeting.objects.filter(status=Meeting.Status.ADJUSTED)} == archive
    assert meeting("FSG/VSG", "12/2020").pk != draft.pk  # drafts never sent are entered afresh
    assert printed_passwords(second) == printed_passwords(first)
    assert client.login(username="chef", password=printed_passwords(second)["chef"])


def test_running_again_after_the_open_minutes_were_signed(output):
    out = Meeting.objects.with_contents().get(pk=meeting("VSG", "03/2022").pk)
    adjuster = out.adjusters.get(name="Elin Västberg")
    signing.meeting_sign(meeting=out, adjuster=adjuster, user=adjuster.user,
                          password=printed_passwords(output)["justerare.ssr"], content_hash=out.content_hash())

    load_demo()

    # Signatures are never deleted: the signed minutes are kept as they are, not duplicated.
    kept = meeting("VSG", "03/2022")
    assert kept.pk == out.pk and kept.status == Meeting.Status.OUT_FOR_ADJUSTMENT
    assert Signature.objects.filter(meeting=kept).count() == 1
    assert Meeting.objects.count() == 5


def test_adjusted_minutes_an_earlier_demo_imported_are_kept(db):
    """A database loaded by the earlier demo (the corpus imported, adjusted, in the same slots) keeps them:
    adjusted minutes are never deleted nor moved back to draft (on PostgreSQL a trigger refuses)."""
    group = CooperationGroup.objects.create(name="VSG", administration="Socialförvaltningen")
    imported = Meeting.objects.create(group=group, date=datetime.date(2022, 4, 25),
                                      protocol_number="03/2022", is_imported=True, source_sha256="a" * 64)
    AgendaItem.objects.create(meeting=imported, kind=INFORMATION, position=1, title="Importerad punkt")
    Meeting.objects.filter(pk=imported.pk).update(status=Meeting.Status.ADJUSTED)

    load_demo()

    kept = meeting("VSG", "03/2022")
    assert kept.pk == imported.pk and kept.is_imported and kept.status == Meeting.Status.ADJUSTED
    assert Meeting.objects.count() == 5


def test_refuses_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        load_demo()
    assert not User.objects.exists()

    load_demo(force=True)
    assert Meeting.objects.count() == 5
