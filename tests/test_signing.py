"""The signing workflow (meetings.signing): send, sign, void, adjust, reopen."""

import datetime
import hashlib

import pytest
from django.test import TestCase
from django.core import mail

from meetings import drafting, signing
from meetings.exceptions import MeetingLocked, WorkflowError
from meetings.models import AgendaItem, Meeting, Signature
from tests import factories


@pytest.fixture
def sent(meeting, item, adjuster, other_adjuster, ssr, kommunal, secretary, django_capture_on_commit_callbacks):
    """Minutes with two adjusters, sent for adjustment."""
    meeting.created_by = secretary
    meeting.save()
    factories.make_adjuster(meeting, name="Cecilia Cederström", party=ssr, user=adjuster)
    factories.make_adjuster(meeting, name="Christina Gustafsson", party=kommunal, user=other_adjuster)
    with django_capture_on_commit_callbacks(execute=True):
        signing.meeting_send_for_adjustment(meeting=meeting, user=secretary, deadline=datetime.date.today())
    meeting.refresh_from_db()
    return meeting


def sign(meeting, user):
    adjuster = meeting.adjusters.get(user=user)
    fresh = Meeting.objects.with_contents().get(pk=meeting.pk)
    # The final PDF and the emails are tasks queued after the commit: run them.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return signing.meeting_sign(
            meeting=meeting, adjuster=adjuster, user=user, password=factories.PASSWORD,
            content_hash=fresh.content_hash(),
        )


def test_content_hash_changes_with_every_printed_field(meeting, item, ssr):
    before = meeting.content_hash()
    assert len(before) == 64 and before == meeting.content_hash()
    for change in [
        lambda: AgendaItem.objects.filter(pk=item.pk).update(body="Ändrad text"),
        lambda: factories.make_union_input(item, text="Nytt inspel"),
        lambda: factories.make_adjuster(meeting, name="Ny Justerare", party=ssr),
        lambda: Meeting.objects.filter(pk=meeting.pk).update(dnr="SOF 2020/99"),
    ]:
        change()
        after = Meeting.objects.get(pk=meeting.pk).content_hash()
        assert after != before
        before = after


def test_send_emails_each_adjuster_a_link(sent):
    assert sent.status == Meeting.Status.OUT_FOR_ADJUSTMENT and sent.sent_at
    assert sorted(m.to[0] for m in mail.outbox) == sorted(a.user.email for a in sent.adjusters.all())
    assert f"/meetings/{sent.pk}/review/" in mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("Justera gärna: Minnesanteckningar från samverkansgrupp")


def test_send_requires_adjusters_with_accounts(meeting, secretary, ssr):
    with pytest.raises(WorkflowError, match="minst en justerare"):
        signing.meeting_send_for_adjustment(meeting=meeting, user=secretary, deadline=datetime.date.today())
    factories.make_adjuster(meeting, name="Mounir Mansour", party=ssr)
    with pytest.raises(WorkflowError, match="Mounir Mansour"):
        signing.meeting_send_for_adjustment(meeting=meeting, user=secretary, deadline=datetime.date.today())
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.DRAFT


def test_deadline_skips_weekends_and_swedish_holidays():
    # Thursday 2026-12-24 (Christmas Eve): 25th and 26th are holidays, then a weekend.
    assert signing.working_days_after(datetime.date(2026, 12, 23), 1) == datetime.date(2026, 12, 28)
    assert signing.working_days_after(datetime.date(2026, 11, 20), 5) == datetime.date(2026, 11, 27)
    # Midsummer eve, Friday 2026-06-19, is a day off too.
    assert signing.working_days_after(datetime.date(2026, 6, 18), 1) == datetime.date(2026, 6, 22)


def test_only_the_adjusters_own_account_with_the_right_password_signs(sent, adjuster, other_adjuster):
    slot = sent.adjusters.get(user=adjuster)
    current = Meeting.objects.with_contents().get(pk=sent.pk).content_hash()
    with pytest.raises(WorkflowError, match="egna konto"):
        signing.meeting_sign(meeting=sent, adjuster=slot, user=other_adjuster,
                              password=factories.PASSWORD, content_hash=current)
    with pytest.raises(WorkflowError, match="Lösenordet"):
        signing.meeting_sign(meeting=sent, adjuster=slot, user=adjuster, password="fel", content_hash=current)
    assert not Signature.objects.exists()


def test_signing_a_version_that_changed_meanwhile_is_refused(sent, adjuster, item):
    shown = Meeting.objects.with_contents().get(pk=sent.pk).content_hash()
    item.meeting = sent
    item.body = "Sekreteraren rättar medan justeraren läser."
    drafting.item_update(item=item, expected_version=item.version)
    with pytest.raises(WorkflowError, match="ändrades medan du läste"):
        signing.meeting_sign(meeting=sent, adjuster=sent.adjusters.get(user=adjuster), user=adjuster,
                              password=factories.PASSWORD, content_hash=shown)


def test_a_change_voids_signatures_and_tells_the_adjuster(sent, adjuster, item, django_capture_on_commit_callbacks):
    signature = sign(sent, adjuster)
    mail.outbox.clear()
    item.meeting = sent
    item.body = "Rättad text."
    with django_capture_on_commit_callbacks(execute=True):
        drafting.item_update(item=item, expected_version=item.version)
    signature.refresh_from_db()
    assert signature.voided_at is not None and "ändrades" in signature.void_reason
    assert [m.to for m in mail.outbox] == [[adjuster.email]]
    assert "inte längre giltig" in mail.outbox[0].body
    # The voided signature stays, and the slot can be signed again.
    sign(sent, adjuster)
    assert Signature.objects.filter(adjuster__user=adjuster).count() == 2


def test_last_signature_adjusts_and_stores_the_pdf_once(sent, adjuster, other_adjuster):
    sign(sent, adjuster)
    assert Meeting.objects.get(pk=sent.pk).status == Meeting.Status.OUT_FOR_ADJUSTMENT
    sign(sent, other_adjuster)
    sent.refresh_from_db()
    assert sent.status == Meeting.Status.ADJUSTED and sent.adjusted_at
    pdf = sent.final_pdf.read()
    assert pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == sent.final_pdf_sha256
    assert signing.stored_pdf_matches(sent)


def test_adjusted_minutes_refuse_every_write(sent, adjuster, other_adjuster, item, ssr):
    sign(sent, adjuster)
    sign(sent, other_adjuster)
    sent.refresh_from_db()
    item.refresh_from_db()
    item.meeting = sent
    for write in [
        lambda: drafting.item_update(item=item, expected_version=item.version),
        lambda: drafting.item_delete(item=item),
        lambda: drafting.adjuster_create(adjuster=factories.Adjuster(meeting=sent, name="X", party=ssr)),
    ]:
        with pytest.raises(MeetingLocked):
            write()


def test_a_correction_needs_a_reason_makes_version_2_and_leaves_version_1_whole(
    sent, secretary, adjuster, other_adjuster, item, django_capture_on_commit_callbacks
):
    from meetings import corrections

    factories.make_union_input(item, text="SSR vill följa frågan.")
    sign(sent, adjuster)
    sign(sent, other_adjuster)
    sent.refresh_from_db()
    final_pdf, final_hash = sent.final_pdf.name, sent.final_pdf_sha256
    old_hash = Meeting.objects.with_contents().get(pk=sent.pk).content_hash()
    with pytest.raises(WorkflowError, match="skäl"):
        corrections.meeting_correct(meeting=sent, user=secretary, reason="  ")
    with pytest.raises(WorkflowError):
        corrections.meeting_correct(meeting=sent, user=adjuster, reason="Jag vill ändra")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        new = corrections.meeting_correct(meeting=sent, user=secretary, reason="Fel datum i rubriken")
    sent.refresh_from_db()
    # Version 1 is as it was: adjusted, signed, its PDF and content unchanged.
    assert sent.status == Meeting.Status.ADJUSTED and (sent.final_pdf.name, sent.final_pdf_sha256) == (final_pdf, final_hash)
    assert Signature.objects.filter(meeting=sent, voided_at__isnull=True).count() == 2
    assert Meeting.objects.with_contents().get(pk=sent.pk).content_hash() == old_hash
    assert not sent.is_current_version and sent.superseded_by == new
    # Version 2: a draft with the same content, linked to version 1, the reason logged.
    assert (new.status, new.version_number, new.supersedes, new.protocol_number) == (
        Meeting.Status.DRAFT, 2, sent, sent.protocol_number)
    assert Meeting.objects.with_contents().get(pk=new.pk).content_hash() == old_hash
    assert new.correction_reason == "Fel datum i rubriken"
    assert new.history.filter(history_change_reason__contains="Fel datum i rubriken").exists()
    recipients = {address for message in mail.outbox for address in message.to}
    assert {adjuster.email, other_adjuster.email, secretary.email} <= recipients
    assert "Fel datum i rubriken" in mail.outbox[0].body
    with pytest.raises(WorkflowError, match="redan"):
        corrections.meeting_correct(meeting=sent, user=secretary, reason="En gång till")
    with pytest.raises(WorkflowError):
        corrections.meeting_correct(meeting=new, user=secretary, reason="Utkastet rättas inte")


def test_signing_the_same_request_twice_gives_one_signature(sent, adjuster):
    first = sign(sent, adjuster)
    second = sign(sent, adjuster)
    assert first == second and Signature.objects.filter(adjuster__user=adjuster).count() == 1


def test_a_signature_carries_a_mac_over_hash_signer_slot_and_time(sent, adjuster, settings):
    signature = sign(sent, adjuster)
    assert signature.mac_is_valid() and signature.method == Signature.Method.PASSWORD
    for field, value in (("content_hash", "e" * 64), ("user_id", 999), ("adjuster_id", 999),
                         ("signed_at", signature.signed_at + datetime.timedelta(microseconds=1))):
        copy = Signature.objects.get(pk=signature.pk)
        setattr(copy, field, value)
        assert not copy.mac_is_valid(), field
    settings.SIGNATURE_HMAC_KEY = "en annan nyckel"
    assert not Signature.objects.get(pk=signature.pk).mac_is_valid()
    slot = Meeting.objects.with_contents().get(pk=sent.pk).adjusters_with_signatures()
    assert [a.current_signature for a in slot if a.user_id == adjuster.pk] == [None]


def test_the_signed_version_is_kept_for_comparison(sent, adjuster):
    from meetings.models import SignedVersion, canonical_json

    signature = sign(sent, adjuster)
    kept = SignedVersion.objects.get(content_hash=signature.content_hash)
    assert hashlib.sha256(canonical_json(kept.content).encode()).hexdigest() == signature.content_hash


def test_comment_and_change_request_reach_the_secretary(sent, adjuster, item, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        signing.comment_create(meeting=sent, user=adjuster, item=item, text="Stryk andra stycket.",
                                is_change_request=True)
    assert sent.comments.get().item == item
    assert mail.outbox[0].to == [sent.created_by.email] and "Stryk andra stycket." in mail.outbox[0].body


def test_deadline_skips_the_de_facto_holidays():
    # New Year's Eve (Thursday 2026-12-31) and New Year's Day: the next working day is Monday 4 January.
    assert signing.working_days_after(datetime.date(2026, 12, 30), 1) == datetime.date(2027, 1, 4)
    # Ascension Day, Thursday 2026-05-14.
    assert signing.working_days_after(datetime.date(2026, 5, 13), 1) == datetime.date(2026, 5, 15)
    # Across the years the calendar was not told about.
    assert signing.working_days_after(datetime.date(2031, 6, 19), 1) == datetime.date(2031, 6, 23)


@pytest.mark.parametrize("lang", ["sv_SE.UTF-8", "C.UTF-8"])
def test_deadline_does_not_depend_on_the_locale(lang):
    """Under a Swedish locale the holidays library names the days in Swedish: the deadline must not care."""
    import os
    import subprocess
    import sys

    code = (
        "import datetime, django, holidays; django.setup(); from meetings import signing; "
        "print(holidays.Sweden(years=2026).get(datetime.date(2026, 6, 20))); "
        "print(signing.working_days_after(datetime.date(2026, 6, 18), 1))"
    )
    env = {**os.environ, "LANG": lang, "LC_ALL": lang, "DJANGO_SETTINGS_MODULE": "samverkan.settings"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    name, deadline = out.strip().splitlines()[-2:]
    assert name == ("Midsommardagen" if lang.startswith("sv") else "Midsummer Day")
    assert deadline == "2026-06-22"
