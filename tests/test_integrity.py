"""No sequence of actions leaves a valid-looking signature on text that was not signed.

Each test here is a path that once did: a printed name changed outside the
minutes, a stale form, an adjuster added late, a decision hidden by a
section change. On PostgreSQL the database's own guards are tried too.
"""

import datetime

import pytest
from django.test import TestCase
from django.core import mail
from django.db import IntegrityError, InternalError, connection, transaction
from django.urls import reverse

from meetings import drafting, signing
from meetings.models import AgendaItem, Meeting, Signature
from meetings.models.groups import PrintedNameLocked
from tests import factories


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


@pytest.fixture
def sent(meeting, item, adjuster, other_adjuster, ssr, kommunal, secretary):
    meeting.created_by = secretary
    meeting.save()
    factories.make_union_input(item, party=ssr, text="SSR vill följa frågan.")
    factories.make_adjuster(meeting, name="Cecilia Cederström", party=ssr, user=adjuster)
    factories.make_adjuster(meeting, name="Christina Gustafsson", party=kommunal, user=other_adjuster)
    signing.meeting_send_for_adjustment(meeting=meeting, user=secretary, deadline=datetime.date.today())
    meeting.refresh_from_db()
    return meeting


def sign(meeting, user):
    meeting = Meeting.objects.with_contents().get(pk=meeting.pk)
    slot = meeting.adjusters.get(user=user)
    # The final PDF and the emails are tasks queued after the commit: run them.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return signing.meeting_sign(
            meeting=meeting, adjuster=slot, user=user, password=factories.PASSWORD,
            content_hash=meeting.content_hash(),
        )


# --- Names printed in the minutes -----------------------------------------------------


def test_the_party_short_name_printed_beside_union_input_is_part_of_the_hash(meeting, item, ssr):
    factories.make_union_input(item, party=ssr)
    before = Meeting.objects.with_contents().get(pk=meeting.pk).content_hash()
    ssr.short_name = "Akademikerna"
    ssr.save()  # allowed: only a draft names it
    assert Meeting.objects.with_contents().get(pk=meeting.pk).content_hash() != before


def test_names_in_sent_minutes_cannot_be_renamed(sent, ssr, group):
    ssr.short_name = "Arbetsgivaren"
    with pytest.raises(PrintedNameLocked):
        ssr.save()
    group.administration = "Kulturförvaltningen"
    with pytest.raises(PrintedNameLocked):
        group.save()
    # Members can still be changed: they are not printed.
    group.members.add(factories.make_user(role="manager"))


def test_the_admin_shows_printed_names_read_only_once_sent(client, sent, ssr, group):
    admin_user = factories.make_user(role="manager", username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    page = client.get(reverse("admin:meetings_party_change", args=[ssr.pk])).content.decode()
    assert 'name="short_name"' not in page and "Akademikerförbundet SSR" in page
    page = client.get(reverse("admin:meetings_cooperationgroup_change", args=[group.pk])).content.decode()
    assert 'name="administration"' not in page


def test_an_account_that_signs_cannot_be_deleted(sent, adjuster):
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            adjuster.delete()


# --- Adjusters added late -------------------------------------------------------------


def test_an_adjuster_added_while_out_for_adjustment_needs_an_account_and_is_emailed(
    client, sent, secretary, employer, django_capture_on_commit_callbacks
):
    client.force_login(secretary)
    response = client.post(url("adjuster_create", sent.pk), {"name": "Dinah Åbinger", "party": employer.pk})
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.content.decode()
    assert not sent.adjusters.filter(name="Dinah Åbinger").exists()

    account = factories.make_user(role="adjuster", party=employer, first_name="Dinah", last_name="Åbinger")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("adjuster_create", sent.pk), {"party": employer.pk, "user": account.pk})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[account.email]]
    assert url("meeting_review", sent.pk) in mail.outbox[0].body


# --- Stale forms ----------------------------------------------------------------------


def decision_data(item, **fields):
    data = {"text": "Arbetsgivaren fattar beslut.", "outcome": "agreed", "deferred_to": "",
            "effective_date": "", "follow_up_date": "", "version": 1}
    data.update(fields)
    return data


def test_second_save_of_a_decision_gets_a_conflict_and_keeps_its_text(client, secretary, meeting):
    item = factories.make_item(meeting, kind=AgendaItem.Kind.DECISION, title="Ändrad befattning")
    factories.make_decision(item, text="Första versionen.")
    other = factories.make_user(role="secretary", groups=[meeting.group])
    first, second = client, client.__class__()
    first.force_login(secretary)
    second.force_login(other)
    assert first.post(url("decision_edit", item.pk), decision_data(item, text="Den förstas beslut.")).status_code == 302
    response = second.post(url("decision_edit", item.pk), decision_data(item, text="Den andras beslut."))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Någon annan sparade medan du redigerade" in page
    assert "Den andras beslut." in page and "Den förstas beslut." in page
    item.decision.refresh_from_db()
    assert item.decision.text == "Den förstas beslut."


def test_a_union_input_can_be_edited_with_the_same_protection(client, secretary, item, ssr, kommunal):
    union_input = factories.make_union_input(item, party=ssr, text="Först.")
    client.force_login(secretary)
    assert "Först." in client.get(url("union_input_edit", union_input.pk)).content.decode()
    data = {"party": kommunal.pk, "text": "Kommunal påtalar vikten av dialog.", "version": 1}
    assert client.post(url("union_input_edit", union_input.pk), data).status_code == 302
    union_input.refresh_from_db()
    assert (union_input.party, union_input.text, union_input.version) == (kommunal, data["text"], 2)
    stale = client.post(url("union_input_edit", union_input.pk), {**data, "text": "Gammal flik."})
    assert "Någon annan sparade medan du redigerade" in stale.content.decode()
    union_input.refresh_from_db()
    assert union_input.text == data["text"]


def test_moving_an_item_to_another_section_makes_an_open_edit_form_stale(client, secretary, meeting, item):
    factories.make_item(meeting, kind=AgendaItem.Kind.DIALOG, title="Årsklockan")
    client.force_login(secretary)
    version = item.version
    drafting.item_move(item=item, direction="down")  # the last Information item steps into Dialog
    item.refresh_from_db()
    assert item.kind == AgendaItem.Kind.DIALOG
    response = client.post(url("item_edit", item.pk), {
        "kind": "information", "title": item.title, "presenter": "", "body": "Ny text.", "version": version,
    })
    assert response.status_code == 200 and "Någon annan sparade punkten" in response.content.decode()
    item.refresh_from_db()
    assert item.kind == AgendaItem.Kind.DIALOG


def test_a_form_saves_only_its_own_fields(meeting, secretary):
    """A meeting sent while its details form was open stays sent: the form writes only its fields."""
    form_copy = Meeting.objects.get(pk=meeting.pk)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.OUT_FOR_ADJUSTMENT)
    form_copy.place = "Rådhuset"
    drafting.meeting_update(meeting=form_copy, expected_version=1, fields=["place"])
    meeting.refresh_from_db()
    assert (meeting.place, meeting.status) == ("Rådhuset", Meeting.Status.OUT_FOR_ADJUSTMENT)


# --- Pages that must tell the truth ---------------------------------------------------


def test_a_voided_signature_never_shows_as_matching(client, sent, adjuster, secretary):
    sign(sent, adjuster)
    sent.place = "Annat rum"
    drafting.meeting_update(meeting=sent, expected_version=sent.version, fields=["place"])
    client.force_login(secretary)
    page = client.get(url("meeting_verify", sent.pk)).content.decode()
    assert 'data-matches="no"' in page and 'data-matches="yes"' not in page


def test_a_decision_left_on_an_item_moved_out_of_beslut_is_not_listed(client, manager, meeting):
    item = factories.make_item(meeting, kind=AgendaItem.Kind.DECISION, title="Dold punkt")
    factories.make_decision(item, text="Ett beslut som inte står i protokollet.")
    AgendaItem.objects.filter(pk=item.pk).update(kind=AgendaItem.Kind.OTHER)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.ADJUSTED)
    client.force_login(manager)
    assert "Dold punkt" not in client.get(url("home")).content.decode()


def test_history_survives_a_deleted_decision_item_and_lists_attachments(client, secretary, meeting, settings):
    item = factories.make_item(meeting, kind=AgendaItem.Kind.DECISION, title="Borttagen beslutspunkt")
    drafting.decision_save(decision=factories.make_decision(item), stands={})
    drafting.item_delete(item=item)
    client.force_login(secretary)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("risk.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n", "application/pdf")
    assert client.post(url("attachment_create", meeting.pk), {"title": "Riskbedömning", "file": upload}).status_code == 302
    response = client.get(url("meeting_history", meeting.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Borttagen beslutspunkt" in page and "Riskbedömning" in page


def test_a_new_draft_from_the_previous_meeting_copies_the_times_together(meeting, secretary):
    import datetime as dt

    Meeting.objects.filter(pk=meeting.pk).update(start_time=dt.time(13), end_time=dt.time(15))
    new = Meeting(group=meeting.group, date=dt.date(2020, 12, 14), end_time=dt.time(12))
    drafting.meeting_create(meeting=new, user=secretary, copy_previous=True)
    new.refresh_from_db()
    assert (new.start_time, new.end_time) == (None, dt.time(12))


# --- The database's own guards (PostgreSQL) -------------------------------------------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the guards are PostgreSQL triggers; SQLite relies on the app"
)


@pytest.fixture
def adjusted(sent, adjuster, other_adjuster):
    sign(sent, adjuster)
    sign(sent, other_adjuster)
    sent.refresh_from_db()
    assert sent.status == Meeting.Status.ADJUSTED
    return sent


def refused(statement, *params):
    with pytest.raises(InternalError):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, params)


@postgres_only
def test_the_database_refuses_changes_to_adjusted_minutes_and_signatures(adjusted, item):
    refused("UPDATE meetings_agendaitem SET body = 'ändrad' WHERE id = %s", item.pk)
    refused("UPDATE meetings_meeting SET final_pdf_sha256 = %s WHERE id = %s", "0" * 64, adjusted.pk)
    refused("UPDATE meetings_meeting SET adjusted_at = now() WHERE id = %s", adjusted.pk)
    signature = Signature.objects.filter(meeting=adjusted).first()
    refused("UPDATE meetings_signature SET content_hash = %s WHERE id = %s", "f" * 64, signature.pk)
    refused("UPDATE meetings_signature SET voided_at = now() WHERE id = %s", signature.pk)
    refused("DELETE FROM meetings_signature WHERE id = %s", signature.pk)


@postgres_only
def test_the_database_refuses_moving_adjusted_minutes_back_to_draft(adjusted, item):
    refused("UPDATE meetings_meeting SET status = 'draft' WHERE id = %s", adjusted.pk)
    refused("UPDATE meetings_meeting SET status = 'out_for_adjustment' WHERE id = %s", adjusted.pk)
    # The way around: back to draft, edit, adjusted again; refused at the first step.
    refused("UPDATE meetings_meeting SET status = 'draft', adjusted_at = NULL WHERE id = %s", adjusted.pk)
    refused("UPDATE meetings_meeting SET correction_reason = 'x' WHERE id = %s", adjusted.pk)
    refused("UPDATE meetings_meeting SET version_number = 7 WHERE id = %s", adjusted.pk)


@postgres_only
def test_the_database_refuses_renaming_printed_group_and_party_names(sent, ssr, kommunal, group, item):
    refused("UPDATE meetings_cooperationgroup SET name = 'Annan' WHERE id = %s", group.pk)
    refused("UPDATE meetings_cooperationgroup SET administration = 'Annan' WHERE id = %s", group.pk)
    refused("UPDATE meetings_party SET name = 'Annat' WHERE id = %s", ssr.pk)  # adjuster and union input
    refused("UPDATE meetings_party SET short_name = 'X' WHERE id = %s", ssr.pk)
    from meetings.models import CooperationGroup, Party

    with pytest.raises(InternalError), transaction.atomic():
        Party.objects.filter(pk=kommunal.pk).update(name="Kommunal 2")  # queryset.update, past save()
    with pytest.raises(InternalError), transaction.atomic():
        CooperationGroup.objects.filter(pk=group.pk).update(name="X")
    # A party printed only in a decision's positions is guarded too; one in no sent minutes is not.
    vision = factories.make_party("Vision")
    decision_item = factories.make_item(sent, kind=AgendaItem.Kind.DECISION, title="Beslut")
    drafting.decision_save(decision=factories.Decision(item=decision_item, text="Beslut."),
                           stands={vision: ("agree", "")})
    refused("UPDATE meetings_party SET name = 'Vision 2' WHERE id = %s", vision.pk)
    unused = factories.make_party("Ledarna")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE meetings_party SET name = 'Ledarna 2' WHERE id = %s", [unused.pk])
    # Members are not printed: they can change.
    group.members.add(factories.make_user(role="manager"))


@postgres_only
def test_a_signature_row_inserted_with_sql_shows_as_not_valid(client, sent, adjuster, secretary):
    slot = sent.adjusters.get(user=adjuster)
    content_hash = Meeting.objects.with_contents().get(pk=sent.pk).content_hash()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO meetings_signature (meeting_id, adjuster_id, adjuster_name, party_name, user_id, signed_at,"
            " content_hash, void_reason, method, evidence, mac) VALUES (%s, %s, 'Cecilia', 'SSR', %s, now(), %s, '',"
            " 'password', '{}', %s)",
            [sent.pk, slot.pk, adjuster.pk, content_hash, "a" * 64],
        )
    client.force_login(secretary)
    page = client.get(url("meeting_verify", sent.pk)).content.decode()
    assert "ej giltig" in page and 'data-matches="yes"' not in page
    meeting = Meeting.objects.with_contents().get(pk=sent.pk)
    assert all(a.current_signature is None for a in meeting.adjusters_with_signatures())
    # The adjuster can still sign: the forged row is replaced.
    sign(sent, adjuster)
    assert Signature.objects.filter(meeting=sent, voided_at__isnull=True).count() == 1


@postgres_only
def test_the_database_refuses_changing_a_signatures_seal_and_the_stored_versions(sent, adjuster):
    from meetings.models import SignedVersion

    signature = sign(sent, adjuster)
    refused("UPDATE meetings_signature SET mac = %s WHERE id = %s", "0" * 64, signature.pk)
    refused("UPDATE meetings_signature SET method = 'oidc' WHERE id = %s", signature.pk)
    refused("UPDATE meetings_signature SET evidence = '{\"acr\": \"x\"}' WHERE id = %s", signature.pk)
    version = SignedVersion.objects.get(content_hash=signature.content_hash)
    refused("UPDATE meetings_signedversion SET content_json = '{}' WHERE id = %s", version.pk)
    refused("DELETE FROM meetings_signedversion WHERE id = %s", version.pk)


@postgres_only
def test_a_correction_works_under_the_database_guards(adjusted, secretary):
    from meetings import corrections

    new = corrections.meeting_correct(meeting=adjusted, user=secretary, reason="Fel datum i rubriken")
    adjusted.refresh_from_db()
    assert adjusted.status == Meeting.Status.ADJUSTED and new.status == Meeting.Status.DRAFT
    new_item = new.items.first()
    new_item.body = "Rättad text."
    drafting.item_update(item=new_item, expected_version=new_item.version, fields=["body"])


# --- The archival PDF -----------------------------------------------------------------


def test_adjusted_minutes_serve_the_archival_pdf_and_on_request_a_reading_copy(client, sent, adjuster, other_adjuster):
    from io import BytesIO

    import pikepdf
    from django.core.files.base import ContentFile
    from pypdf import PdfReader

    from tests.test_pdf import small_pdf

    attachment = sent.attachments.model(meeting=sent, title="Riskbedömning")
    attachment.file.save("risk.pdf", ContentFile(small_pdf("Riskbedömningens sida", pages=2)), save=False)
    drafting.attachment_create(attachment=attachment, user=None)
    sign(sent, adjuster)
    sign(sent, other_adjuster)
    sent.refresh_from_db()
    client.force_login(adjuster)

    archival = client.get(url("meeting_pdf", sent.pk)).content
    assert archival == sent.final_pdf.open("rb").read()
    with pikepdf.open(BytesIO(archival)) as document:
        assert list(document.attachments) == ["risk.pdf"]
        assert document.open_metadata().get("pdfaid:part") == "3"

    reading = client.get(url("meeting_pdf", sent.pk) + "?bilagor=1").content
    assert len(PdfReader(BytesIO(reading)).pages) == len(PdfReader(BytesIO(archival)).pages) + 2
    assert "PDF med bilagorna inlagda" in client.get(url("meeting_review", sent.pk)).content.decode()


def test_a_change_request_reaches_the_groups_secretaries_even_without_an_author(
    client, sent, adjuster, secretary, item, django_capture_on_commit_callbacks
):
    Meeting.objects.filter(pk=sent.pk).update(created_by=None)  # imported, demo, or the author left
    client.force_login(adjuster)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("comment_create", sent.pk), {
            "item": item.pk, "text": "Andra stycket stämmer inte.", "is_change_request": "on",
        })
    assert [m.to for m in mail.outbox] == [[secretary.email]]
    assert "Andra stycket stämmer inte." in mail.outbox[0].body


def test_wrong_sign_passwords_count_towards_the_login_throttle(client, sent, adjuster, settings):
    client.force_login(adjuster)
    content_hash = Meeting.objects.with_contents().get(pk=sent.pk).content_hash()
    pages = [
        client.post(url("meeting_sign", sent.pk), {"password": "fel", "content_hash": content_hash}).content.decode()
        for _attempt in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert "Lösenordet var fel" in pages[0]
    assert "För många inloggningsförsök" in pages[-1]
    # During the cool-off even the right password signs nothing.
    right = client.post(url("meeting_sign", sent.pk), {"password": factories.PASSWORD, "content_hash": content_hash})
    assert right.status_code == 429 and "För många inloggningsförsök" in right.content.decode()
    assert not Signature.objects.filter(meeting=sent).exists()


def test_an_attachment_file_changed_on_disk_is_never_put_in_the_pdf(meeting, secretary):
    from io import BytesIO
    from pathlib import Path

    import pikepdf
    from django.core.files.base import ContentFile

    from meetings import pdf

    attachment = meeting.attachments.model(meeting=meeting, title="Riskbedömning")
    attachment.file.save("risk.txt", ContentFile(b"Det uppladdade originalet.\n"), save=False)
    drafting.attachment_create(attachment=attachment, user=secretary)
    Path(attachment.file.path).write_bytes(b"Utbytt i efterhand.\n")

    data = pdf.render_minutes_pdf(meeting, append_attachments=False, embed_attachments=True)
    with pikepdf.open(BytesIO(data)) as document:
        assert list(document.attachments) == []


@postgres_only
@pytest.mark.commit_hooks_held
def test_the_database_lets_the_task_store_the_final_pdf_once(sent, adjuster, other_adjuster):
    """Migration 0013: final_pdf and its hash may be set once, together, while both are empty."""
    sign(sent, adjuster)
    with TestCase.captureOnCommitCallbacks(execute=False):  # the PDF task does not run yet
        sign_without_tasks = signing.meeting_sign(
            meeting=sent, adjuster=sent.adjusters.get(user=other_adjuster), user=other_adjuster,
            password=factories.PASSWORD, content_hash=Meeting.objects.with_contents().get(pk=sent.pk).content_hash(),
        )
    assert sign_without_tasks is not None
    sent.refresh_from_db()
    assert sent.status == Meeting.Status.ADJUSTED and not sent.final_pdf
    # Only one of the two, or a change of another part of the record: refused.
    refused("UPDATE meetings_meeting SET final_pdf_sha256 = %s WHERE id = %s", "0" * 64, sent.pk)
    refused("UPDATE meetings_meeting SET final_pdf = 'x.pdf', final_pdf_sha256 = %s, adjusted_at = now() "
            "WHERE id = %s", "0" * 64, sent.pk)
    assert signing.final_pdf_create(meeting=sent) is True
    sent.refresh_from_db()
    assert sent.final_pdf and signing.stored_pdf_matches(sent)
    # Once stored, never again: not by the app, not by SQL.
    assert signing.final_pdf_create(meeting=sent) is False
    refused("UPDATE meetings_meeting SET final_pdf = 'y.pdf', final_pdf_sha256 = %s WHERE id = %s", "1" * 64, sent.pk)
    refused("UPDATE meetings_meeting SET final_pdf = '', final_pdf_sha256 = '' WHERE id = %s", sent.pk)
