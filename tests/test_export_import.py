"""export_archive / import_archive: everything survives a new database, signatures still verify."""

import hashlib
import json
import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from meetings import drafting, signing
from meetings.models import (
    AgendaItem,
    Attachment,
    CooperationGroup,
    Decision,
    FollowUp,
    ItemSearch,
    Meeting,
    Party,
    RecurringPoint,
    ReviewComment,
    Signature,
    User,
)
from tests import factories

# Real commits: the import's deferred foreign-key checks and, on PostgreSQL, the guard
# trigger of adjusted minutes run as they do in production.
pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@pytest.fixture
def archive_data(group, secretary, adjuster, other_adjuster, manager, ssr, kommunal, employer):
    """Adjusted minutes (signed by two adjusters, final PDF), a draft, and everything around them."""
    meeting = factories.make_meeting(group=group, protocol_number="11/2020", place="Stadshuset",
                                     chair="Ordförande Olsson", closing_text="Ordförande avslutar mötet.")
    info = factories.make_item(meeting, title="Nytt inom arbetsmiljö", presenter="HR-chef", body="## BUF\n- Punkt <b>ett</b>")
    decision_item = factories.make_item(meeting, kind=AgendaItem.Kind.DECISION, title="Ny organisation")
    factories.make_union_input(decision_item, text="Vision vill följa frågan.", party=ssr)
    factories.make_decision(decision_item, stands=[(ssr, "agree"), (kommunal, "no_objection")])
    first = factories.make_adjuster(meeting, name="Cecilia Cederström", party=ssr, user=adjuster)
    second = factories.make_adjuster(meeting, name="Christina Gustafsson", party=kommunal, user=other_adjuster)
    attachment = Attachment(meeting=meeting, item=info, title="Riskbedömning",
                            file=SimpleUploadedFile("Riskbedömning.pdf", PDF, content_type="application/pdf"))
    drafting.attachment_create(attachment=attachment, user=secretary)
    FollowUp.objects.create(item=decision_item, what="Återkoppla i mars", who="HR-chef")
    RecurringPoint.objects.create(group=group, month=3, kind=AgendaItem.Kind.INFORMATION, title="Tertialstatistik")
    meeting = signing.meeting_send_for_adjustment(meeting=meeting, user=secretary, deadline=meeting.date.replace(year=2099))
    signing.comment_create(meeting=meeting, user=adjuster, text="Stavfel i punkt 1.")
    for slot, user in ((first, adjuster), (second, other_adjuster)):
        current = Meeting.objects.with_contents().get(pk=meeting.pk)
        signing.meeting_sign(meeting=current, adjuster=slot, user=user, password=factories.PASSWORD,
                              content_hash=current.content_hash())
    draft = factories.make_meeting(group=group, protocol_number="12/2020", place="Rum 3")
    factories.make_item(draft, title="Utkastets punkt")
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.status == Meeting.Status.ADJUSTED and meeting.final_pdf
    return meeting


def _state():
    """What must be the same after the round trip."""
    meetings = []
    for meeting in Meeting.objects.order_by("pk"):
        full = Meeting.objects.with_contents().get(pk=meeting.pk)
        meetings.append((full.pk, full.status, full.content_hash(), full.final_pdf.name, full.final_pdf_sha256,
                         full.version, full.sent_at, full.adjusted_at, full.created_by_id))
    return {
        "meetings": meetings,
        "users": list(User.objects.order_by("pk").values_list("pk", "username", "password", "role", "party_id", "email")),
        "groups": [(g.pk, g.name, sorted(g.members.values_list("pk", flat=True))) for g in CooperationGroup.objects.order_by("pk")],
        "parties": list(Party.objects.order_by("pk").values()),
        "signatures": list(Signature.objects.order_by("pk").values()),
        "comments": list(ReviewComment.objects.order_by("pk").values()),
        "decisions": list(Decision.objects.order_by("pk").values()),
        "attachments": list(Attachment.objects.order_by("pk").values()),
        "follow_ups": list(FollowUp.objects.order_by("pk").values()),
        "recurring": list(RecurringPoint.objects.order_by("pk").values()),
        "history": {
            model.__name__: list(model.objects.order_by("history_id").values())
            for model in (Meeting.history.model, AgendaItem.history.model, Signature.history.model)
        },
    }


def test_round_trip_keeps_everything_and_signatures_still_verify(archive_data, tmp_path, settings):
    before = _state()
    pdf_bytes = archive_data.final_pdf.open("rb").read()
    assert len(before["history"]["HistoricalMeeting"]) >= 3
    archive = tmp_path / "arkiv"
    call_command("export_archive", str(archive))
    manifest = json.loads((archive / "manifest.json").read_text())
    assert {m["id"] for m in manifest["meetings"]} == {m[0] for m in before["meetings"]}

    call_command("flush", interactive=False)
    shutil.rmtree(settings.MEDIA_ROOT)
    assert not Meeting.objects.exists() and not User.objects.exists()

    call_command("import_archive", str(archive))

    assert _state() == before
    meeting = Meeting.objects.with_contents().get(pk=archive_data.pk)
    assert meeting.status == Meeting.Status.ADJUSTED
    signatures = [a.current_signature for a in meeting.adjusters_with_signatures()]
    assert all(s is not None and s.content_hash == meeting.content_hash() for s in signatures) and len(signatures) == 2
    restored_pdf = meeting.final_pdf.open("rb").read()
    assert restored_pdf == pdf_bytes
    assert hashlib.sha256(restored_pdf).hexdigest() == meeting.final_pdf_sha256
    assert signing.stored_pdf_matches(meeting)
    attachment = Attachment.objects.get()
    assert attachment.file.open("rb").read() == PDF
    # Passwords survive: the hash is kept, not reset.
    assert User.objects.get(username="justerare").check_password(factories.PASSWORD)
    # The search text is rebuilt, and new rows get fresh ids (sequences follow the imported ids).
    assert ItemSearch.objects.count() == AgendaItem.objects.count()
    new = factories.make_meeting(group=CooperationGroup.objects.first(), protocol_number="1/2030")
    assert new.pk > max(m[0] for m in before["meetings"])


def test_import_refuses_a_database_that_is_not_empty(archive_data, tmp_path):
    archive = tmp_path / "arkiv"
    call_command("export_archive", str(archive))
    with pytest.raises(CommandError, match=r"Nothing was imported: The database is not empty \(\d+ users, 2 meetings"):
        call_command("import_archive", str(archive))


def test_export_refuses_a_folder_that_is_not_empty(archive_data, tmp_path):
    (tmp_path / "annat.txt").write_text("x")
    with pytest.raises(CommandError, match="is not an empty folder"):
        call_command("export_archive", str(tmp_path))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda a: (a / "manifest.json").unlink(), "holds no manifest.json"),
        (lambda a: (a / "manifest.json").write_text("{inte json"), "is not valid JSON"),
        (lambda a: (a / "manifest.json").write_text('{"format": "annat"}'), "is not a Samverkan archive manifest"),
        (lambda a: (a / "data" / "meetings.meeting.json").write_text("[]"), "has changed since the export"),
        (lambda a: next((a / "files").rglob("*.pdf")).write_bytes(b"%PDF-forged"), "has changed since the export"),
        (lambda a: shutil.rmtree(a / "files"), "lacks the stored file"),
    ],
)
def test_import_refuses_a_damaged_archive_and_writes_nothing(archive_data, tmp_path, damage, message):
    archive = tmp_path / "arkiv"
    call_command("export_archive", str(archive))
    call_command("flush", interactive=False)
    damage(archive)
    with pytest.raises(CommandError, match=message):
        call_command("import_archive", str(archive))
    assert not Meeting.objects.exists() and not User.objects.exists()


def test_import_of_a_missing_folder(tmp_path):
    with pytest.raises(CommandError, match="is not a folder"):
        call_command("import_archive", str(tmp_path / "finns-inte"))


def test_manifest_path_outside_the_archive_is_refused(archive_data, tmp_path):
    archive = tmp_path / "arkiv"
    call_command("export_archive", str(archive))
    call_command("flush", interactive=False)
    manifest = json.loads((archive / "manifest.json").read_text())
    manifest["files"].append({"name": "../../etc/passwd", "sha256": "0" * 64, "size": 1})
    (archive / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="leaves the archive folder"):
        call_command("import_archive", str(archive))

