"""Immediate adjustment (omedelbar justering) of one decision item, and its protocol extract."""

import hashlib

import pytest
from django.core import mail
from django.urls import reverse

from meetings import drafting, immediate
from meetings.exceptions import MeetingLocked, WorkflowError
from meetings.models import AgendaItem, ImmediateSignature, Meeting
from tests import factories
from tests.rules_helpers import adjust, disagreed_decision, pdf_text, with_adjusters


@pytest.fixture
def urgent(meeting, secretary, adjuster, other_adjuster, ssr, kommunal, employer):
    meeting.created_by = secretary
    meeting.save()
    decision = disagreed_decision(meeting, ssr=ssr, kommunal=kommunal, employer=employer)
    with_adjusters(meeting, adjuster=adjuster, other_adjuster=other_adjuster, ssr=ssr, kommunal=kommunal)
    return decision.item


def _sign(record, user):
    item = AgendaItem.objects.get(pk=record.item_id)
    return immediate.immediate_sign(
        immediate=record, adjuster=record.meeting.adjusters.get(user=user), user=user,
        password=factories.PASSWORD, content_hash=immediate.item_content_hash(item),
    )


def test_every_adjuster_signs_the_item_and_the_extract_is_stored_once(
        urgent, secretary, adjuster, other_adjuster, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record = immediate.immediate_send(item=urgent, user=secretary)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([adjuster.email, other_adjuster.email])
    _sign(record, adjuster)
    record.refresh_from_db()
    assert not record.is_adjusted
    _sign(record, other_adjuster)
    record.refresh_from_db()
    assert record.is_adjusted and record.extract_pdf
    with record.extract_pdf.open("rb") as handle:
        data = handle.read()
    assert hashlib.sha256(data).hexdigest() == record.extract_pdf_sha256
    text = pdf_text(data)
    assert "Protokollsutdrag" in text and "Omedelbart justerad" in text
    assert urgent.title in text and "Arbetsgivaren beslutar enligt förslaget." in text
    assert "Cecilia Cederström" in text and "Christina Gustafsson" in text
    # The minutes themselves are not adjusted by it.
    assert Meeting.objects.get(pk=urgent.meeting_id).status == Meeting.Status.DRAFT


def test_later_changes_to_the_item_are_refused(urgent, secretary, adjuster, other_adjuster):
    record = immediate.immediate_send(item=urgent, user=secretary)
    _sign(record, adjuster)
    _sign(record, other_adjuster)
    item = AgendaItem.objects.get(pk=urgent.pk)
    item.body = "Ändrad"
    with pytest.raises(MeetingLocked):
        drafting.item_update(item=item, expected_version=item.version, fields=["body"])
    with pytest.raises(MeetingLocked):
        drafting.union_input_create(union_input=factories.UnionInput(item=item, text="Nytt inspel"))
    decision = item.decision
    with pytest.raises(MeetingLocked):
        drafting.decision_delete(decision=decision)
    with pytest.raises(MeetingLocked):
        drafting.item_delete(item=item)
    assert AgendaItem.objects.get(pk=urgent.pk).body == "Förvaltningen föreslår en ny organisation."
    # Other items still change.
    other = factories.make_item(item.meeting, title="Övrigt")
    other.body = "Ny text"
    drafting.item_update(item=other, expected_version=other.version, fields=["body"])


def test_a_change_before_the_last_signature_voids_the_signature(urgent, secretary, adjuster):
    record = immediate.immediate_send(item=urgent, user=secretary)
    signature = _sign(record, adjuster)
    item = AgendaItem.objects.get(pk=urgent.pk)
    item.body = "Ny lydelse"
    drafting.item_update(item=item, expected_version=item.version, fields=["body"])
    signature.refresh_from_db()
    assert signature.voided_at is not None


def test_the_hash_covers_the_item_and_the_meeting_header_not_other_items(urgent):
    before = immediate.item_content_hash(AgendaItem.objects.get(pk=urgent.pk))
    factories.make_item(urgent.meeting, title="Annan punkt")
    assert immediate.item_content_hash(AgendaItem.objects.get(pk=urgent.pk)) == before
    Meeting.objects.filter(pk=urgent.meeting_id).update(place="Annan lokal")
    assert immediate.item_content_hash(AgendaItem.objects.get(pk=urgent.pk)) != before


def test_a_wrong_password_or_a_stale_page_signs_nothing(urgent, secretary, adjuster):
    record = immediate.immediate_send(item=urgent, user=secretary)
    slot = record.meeting.adjusters.get(user=adjuster)
    with pytest.raises(WorkflowError):
        immediate.immediate_sign(immediate=record, adjuster=slot, user=adjuster, password="fel",
                                 content_hash=immediate.item_content_hash(urgent))
    with pytest.raises(WorkflowError):
        immediate.immediate_sign(immediate=record, adjuster=slot, user=adjuster, password=factories.PASSWORD,
                                 content_hash="0" * 64)
    assert not ImmediateSignature.objects.exists()


def test_only_decision_items_of_open_minutes_by_the_secretary(urgent, meeting, secretary, adjuster, item):
    with pytest.raises(WorkflowError):
        immediate.immediate_send(item=urgent, user=adjuster)
    with pytest.raises(WorkflowError):
        immediate.immediate_send(item=item, user=secretary)  # an information item
    immediate.immediate_send(item=urgent, user=secretary)
    with pytest.raises(WorkflowError):
        immediate.immediate_send(item=urgent, user=secretary)


def test_the_full_minutes_show_immediately_adjusted(urgent, secretary, adjuster, other_adjuster):
    record = immediate.immediate_send(item=urgent, user=secretary)
    _sign(record, adjuster)
    _sign(record, other_adjuster)
    meeting = adjust(Meeting.objects.get(pk=urgent.meeting_id), [adjuster, other_adjuster], secretary=secretary)
    with meeting.final_pdf.open("rb") as handle:
        assert "Omedelbart justerad" in pdf_text(handle.read())


def test_the_pages_send_review_sign_and_serve_the_extract(client, urgent, secretary, adjuster, other_adjuster):
    client.force_login(secretary)
    editor = client.get(urgent.meeting.get_absolute_url()).content.decode()
    assert "Skicka för omedelbar justering" in editor
    response = client.post(reverse("meetings:immediate_send", args=[urgent.pk]))
    record = urgent.immediate_adjustment.__class__.objects.get(item=urgent)
    assert response.status_code == 302
    for user in (adjuster, other_adjuster):
        client.force_login(user)
        page = client.get(reverse("meetings:immediate_review", args=[record.pk])).content.decode()
        assert "Justera punkten" in page
        content_hash = immediate.item_content_hash(AgendaItem.objects.get(pk=urgent.pk))
        wrong = client.post(reverse("meetings:immediate_sign", args=[record.pk]),
                            {"password": "fel", "content_hash": content_hash})
        assert wrong.status_code == 400
        assert client.post(reverse("meetings:immediate_sign", args=[record.pk]),
                           {"password": factories.PASSWORD, "content_hash": content_hash}).status_code == 302
    pdf = client.get(reverse("meetings:immediate_pdf", args=[record.pk]))
    assert pdf.status_code == 200 and "Protokollsutdrag" in pdf_text(pdf.content)
    client.force_login(secretary)
    assert "Omedelbart justerad" in client.get(urgent.meeting.get_absolute_url()).content.decode()


def test_others_cannot_open_the_immediate_adjustment(client, urgent, secretary, other_secretary):
    record = immediate.immediate_send(item=urgent, user=secretary)
    client.force_login(other_secretary)
    assert client.get(reverse("meetings:immediate_review", args=[record.pk])).status_code == 404


def test_signing_twice_adds_no_row_and_a_row_without_the_apps_mac_does_not_count(urgent, secretary, adjuster,
                                                                                  other_adjuster):
    record = immediate.immediate_send(item=urgent, user=secretary)
    slot = urgent.meeting.adjusters.get(user=adjuster)
    current = immediate.item_content_hash(AgendaItem.objects.get(pk=urgent.pk))
    first = immediate.immediate_sign(immediate=record, adjuster=slot, user=adjuster, password=factories.PASSWORD,
                                     content_hash=current)
    again = immediate.immediate_sign(immediate=record, adjuster=slot, user=adjuster, password=factories.PASSWORD,
                                     content_hash=current)
    assert again.pk == first.pk and record.signatures.count() == 1 and first.mac_is_valid()
    # A signature for the other adjuster written past the app (no MAC) does not complete the adjustment.
    other = urgent.meeting.adjusters.get(user=other_adjuster)
    ImmediateSignature.objects.create(immediate=record, adjuster=other, adjuster_name=other.name,
                                      party_name=other.party.name, user=other_adjuster, content_hash=current)
    _adjusters, _mine, _current = immediate.slots(record, adjuster)
    assert [a.immediate_signature is not None for a in _adjusters if a.pk == other.pk] == [False]
    record.refresh_from_db()
    assert not record.is_adjusted
