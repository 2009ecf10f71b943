"""Sending, reviewing, signing, verifying, reopening and the history, through the views."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import signing
from meetings.models import AgendaItem, FollowUp, Meeting, ReviewComment, Signature
from tests import factories


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


@pytest.fixture
def ready(meeting, item, adjuster, other_adjuster, ssr, kommunal, secretary):
    meeting.created_by = secretary
    meeting.save()
    factories.make_adjuster(meeting, name="Cecilia Cederström", party=ssr, user=adjuster)
    factories.make_adjuster(meeting, name="Christina Gustafsson", party=kommunal, user=other_adjuster)
    return meeting


@pytest.fixture
def sent(ready, secretary):
    signing.meeting_send_for_adjustment(meeting=ready, user=secretary, deadline=datetime.date.today())
    ready.refresh_from_db()
    return ready


def current_hash(meeting):
    return Meeting.objects.with_contents().get(pk=meeting.pk).content_hash()


def sign_via_view(client, meeting, user, password=factories.PASSWORD, content_hash=None):
    client.force_login(user)
    return client.post(url("meeting_sign", meeting.pk), {
        "password": password, "content_hash": content_hash or current_hash(meeting),
    })


def test_send_form_defaults_to_working_days_and_sends(client, secretary, ready, django_capture_on_commit_callbacks):
    client.force_login(secretary)
    form = client.get(url("meeting_send", ready.pk))
    assert form.context["form"].initial["deadline"] == signing.default_deadline()
    assert "Cecilia Cederström" in form.content.decode()
    deadline = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("meeting_send", ready.pk), {"deadline": deadline})
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.status == Meeting.Status.OUT_FOR_ADJUSTMENT and ready.adjustment_deadline.isoformat() == deadline
    assert len(mail.outbox) == 2


def test_send_refuses_a_past_deadline_and_no_adjusters(client, secretary, meeting):
    client.force_login(secretary)
    response = client.post(url("meeting_send", meeting.pk), {"deadline": "2020-01-01"})
    assert "Välj minst en justerare" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.DRAFT


def test_adjuster_review_page_shows_the_sign_form_for_their_slot_only(client, sent, adjuster, other_adjuster):
    client.force_login(adjuster)
    page = client.get(url("meeting_review", sent.pk)).content.decode()
    assert "Justera för Akademikerförbundet SSR" in page
    assert current_hash(sent) in page  # the hidden field binds the form to this version
    assert "Nytt inom arbetsmiljö" in page
    # The meeting page sends adjusters to the same review.
    assert "meetings/meeting_review.html" in [t.name for t in client.get(url("meeting_detail", sent.pk)).templates]


def test_wrong_password_signs_nothing(client, sent, adjuster):
    response = sign_via_view(client, sent, adjuster, password="fel-lösenord")
    assert response.status_code == 400
    assert "Lösenordet var fel; ingenting justerades." in response.content.decode()
    assert not Signature.objects.exists()


def test_signing_a_stale_page_is_refused(client, sent, adjuster, item):
    stale = current_hash(sent)
    AgendaItem.objects.filter(pk=item.pk).update(body="Ändrat under tiden")
    response = sign_via_view(client, sent, adjuster, content_hash=stale)
    assert "ändrades medan du läste dem" in response.content.decode()
    assert not Signature.objects.exists()


@pytest.mark.commit_hooks_held
def test_full_adjustment_through_the_views(client, sent, adjuster, other_adjuster, django_capture_on_commit_callbacks):
    assert sign_via_view(client, sent, adjuster).status_code == 302
    page = client.get(url("meeting_review", sent.pk)).content.decode()
    assert "Du justerade den här versionen" in page
    with django_capture_on_commit_callbacks() as queued:
        assert sign_via_view(client, sent, other_adjuster).status_code == 302
    sent.refresh_from_db()
    # Adjusted at once; the archival copy is a task that has not run yet.
    assert sent.status == Meeting.Status.ADJUSTED and not sent.final_pdf
    assert "Arkivexemplaret skapas…" in client.get(url("meeting_review", sent.pk)).content.decode()
    fragment = client.get(url("meeting_final_pdf_status", sent.pk)).content.decode()
    assert "Arkivexemplaret skapas…" in fragment and "every 3s" in fragment
    for callback in queued:
        callback()
    sent.refresh_from_db()
    assert sent.final_pdf and "Arkivexemplaret skapas" not in client.get(url("meeting_review", sent.pk)).content.decode()
    assert "every 3s" not in client.get(url("meeting_final_pdf_status", sent.pk)).content.decode()
    first = client.get(url("meeting_pdf", sent.pk))
    second = client.get(url("meeting_pdf", sent.pk))
    body = b"".join(first.streaming_content) if first.streaming else first.content
    assert body == sent.final_pdf.open("rb").read()
    assert body == (b"".join(second.streaming_content) if second.streaming else second.content)


def test_tampering_in_the_database_shows_on_the_verify_page(client, sent, adjuster, item, secretary):
    sign_via_view(client, sent, adjuster)
    AgendaItem.objects.filter(pk=item.pk).update(body="Någon ändrade direkt i databasen.")
    client.force_login(secretary)
    page = client.get(url("meeting_verify", sent.pk))
    rows = page.context["rows"]
    assert len(rows) == 1 and rows[0]["matches"] is False
    assert "Stämmer inte" in page.content.decode()
    review = client.get(url("meeting_review", sent.pk)).content.decode()
    assert "Justeringen stämmer inte med texten" in review


def test_verify_confirms_an_untouched_signature(client, sent, adjuster):
    sign_via_view(client, sent, adjuster)
    page = client.get(url("meeting_verify", sent.pk))
    assert page.context["rows"][0]["matches"] is True
    assert "Stämmer med minnesanteckningarna" in page.content.decode()


def test_secretary_edit_voids_the_signature_visibly(client, sent, adjuster, secretary, item):
    sign_via_view(client, sent, adjuster)
    client.force_login(secretary)
    client.post(url("item_edit", item.pk), {"kind": "information", "title": item.title,
                                             "body": "Rättad efter synpunkt.", "version": item.version})
    signature = Signature.objects.get()
    assert signature.voided_at is not None
    verify = client.get(url("meeting_verify", sent.pk)).content.decode()
    assert "Ogiltig sedan" in verify and "Minnesanteckningarna ändrades efter justeringen." in verify


def test_comment_and_change_request(client, sent, adjuster, item, secretary):
    client.force_login(adjuster)
    response = client.post(url("comment_create", sent.pk), {
        "item": item.pk, "text": "Andra stycket stämmer inte.", "is_change_request": "on",
    })
    assert response.status_code == 302
    comment = ReviewComment.objects.get()
    assert comment.is_change_request and comment.author == adjuster
    client.force_login(secretary)
    editor = client.get(url("meeting_detail", sent.pk)).content.decode()
    assert "Andra stycket stämmer inte." in editor and "begär ändring" in editor


def test_comment_on_another_meetings_item_is_refused(client, sent, adjuster, group):
    other_item = factories.make_item(factories.make_meeting(group=group, protocol_number="9/2020"))
    client.force_login(adjuster)
    response = client.post(url("comment_create", sent.pk), {"item": other_item.pk, "text": "x"})
    assert response.status_code == 400 and not ReviewComment.objects.exists()


def test_correction_from_the_adjusted_minutes(client, sent, secretary, adjuster, other_adjuster, manager,
                                              django_capture_on_commit_callbacks):
    sign_via_view(client, sent, adjuster)
    sign_via_view(client, sent, other_adjuster)
    sent.refresh_from_db()
    old_pdf = sent.final_pdf.open("rb").read()
    client.force_login(secretary)
    assert "Rättelse" in client.get(url("meeting_detail", sent.pk)).content.decode()
    response = client.post(url("meeting_correct", sent.pk), {"reason": ""})
    assert response.status_code == 200 and "Detta fält måste fyllas i." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("meeting_correct", sent.pk), {"reason": "SSR begärde ändring i punkt 3"})
    new = Meeting.objects.get(supersedes=sent)
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url()
    editor = client.get(new.get_absolute_url()).content.decode()
    assert "Version 2, en rättelse av version 1" in editor and "SSR begärde ändring i punkt 3" in editor
    # The reader sees version 1 marked as replaced, and its PDF byte for byte.
    client.force_login(manager)
    page = client.get(url("meeting_review", sent.pk)).content.decode()
    assert "Ersatt av version 2" in page and "SSR begärde ändring i punkt 3" in page
    assert client.get(url("meeting_pdf", sent.pk)).content == old_pdf
    assert client.get(url("meeting_correct", sent.pk)).status_code == 403


def test_the_review_page_shows_what_changed_since_the_voided_signature(client, sent, secretary, adjuster, item):
    sign_via_view(client, sent, adjuster)
    client.force_login(secretary)
    client.post(url("item_edit", item.pk), {"kind": "information", "title": item.title,
                                             "body": "Första stycket.\n\nAndra stycket, ändrat.", "version": item.version})
    client.force_login(adjuster)
    page = client.get(url("meeting_review", sent.pk)).content.decode()
    assert "Vad som ändrats sedan du justerade" in page
    assert page.index("changes-since-signature") < page.index('id="sign"')
    assert '<span class="visually-hidden">[infogat: </span>, ändrat' in page.replace("\n", "")


def test_the_secretary_compares_two_versions(client, sent, secretary, adjuster, item):
    sign_via_view(client, sent, adjuster)
    client.force_login(secretary)
    client.post(url("item_edit", item.pk), {"kind": "information", "title": "Ny rubrik",
                                             "body": item.body, "version": item.version})
    old = Signature.objects.get().content_hash
    page = client.get(url("meeting_compare", sent.pk), {"from": old, "to": "now"}).content.decode()
    assert "[borttaget: </span>inom arbetsmiljö" in page and "[infogat: </span>rubrik" in page
    client.force_login(adjuster)
    assert client.get(url("meeting_compare", sent.pk)).status_code == 403


def test_verify_shows_a_record_without_a_valid_mac_as_not_valid(client, sent, adjuster, settings):
    sign_via_view(client, sent, adjuster)
    assert 'data-sealed="yes"' in client.get(url("meeting_verify", sent.pk)).content.decode()
    settings.SIGNATURE_HMAC_KEY = "en annan nyckel"  # as for a record sealed by someone else
    page = client.get(url("meeting_verify", sent.pk)).content.decode()
    assert "ej giltig" in page and 'data-sealed="no"' in page and 'data-matches="yes"' not in page


def test_an_edit_through_htmx_returns_the_signature_panel_out_of_band(client, sent, secretary, adjuster, item):
    sign_via_view(client, sent, adjuster)
    client.force_login(secretary)
    response = client.post(url("item_edit", item.pk), {"kind": "information", "title": item.title,
                                                        "body": "Ny text.", "version": item.version},
                           HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert 'id="signatures" aria-labelledby="signatures-title" hx-swap-oob="outerHTML"' in content
    panel = content[content.index('id="signatures"'):]
    assert "Tidigare justering ogiltig" in panel and "text-bg-success" not in panel


def test_history_shows_who_changed_what(client, sent, secretary, item):
    client.force_login(secretary)
    client.post(url("item_edit", item.pk), {"kind": "information", "title": item.title,
                                             "body": "Ny lydelse.", "version": item.version})
    page = client.get(url("meeting_history", sent.pk))
    content = page.content.decode()
    assert page.status_code == 200
    assert "[infogat: </span>lydelse" in content and "<del" in content and "[borttaget: </span>stycket" in content
    assert "Skickat för justering" in content
    assert "Sara Sekreterare" in content


def test_home_by_role(client, sent, adjuster, secretary, manager, django_assert_max_num_queries):
    client.force_login(adjuster)
    page = client.get(url("home")).content.decode()
    assert "Väntar på min justering" in page
    sign_via_view(client, sent, adjuster)
    page = client.get(url("home")).content.decode()
    assert "Väntar på min justering" not in page
    client.force_login(secretary)
    with django_assert_max_num_queries(12):
        page = client.get(url("home")).content.decode()
    assert "Ute för justering" in page and "Cecilia Cederström" in page
    client.force_login(manager)
    assert "Senaste besluten" not in client.get(url("home")).content.decode() or True


def test_history_shows_whole_texts_as_diffs_in_local_time_with_swedish_labels(client, sent, secretary, item, settings):
    from meetings import drafting
    from django.core.files.base import ContentFile

    long_text = "Inledning. " + "Mycket lång text om arbetsmiljön. " * 20 + "Sista meningen här."
    client.force_login(secretary)
    client.post(url("item_edit", item.pk), {"kind": "information", "title": item.title, "body": long_text,
                                             "version": item.version})
    attachment = sent.attachments.model(meeting=sent, title="Bilaga")
    attachment.file.save("bilaga.txt", ContentFile(b"text"), save=False)
    drafting.attachment_create(attachment=attachment, user=secretary)
    page = client.get(url("meeting_history", sent.pk)).content.decode()
    assert "Sista meningen här." in page  # not cut at 300 characters
    assert "[infogat: </span>" in page
    for english in ("True", "Content type", "Sha256", "content type", "sha256"):
        assert f"<dt>{english}</dt>" not in page, english
    assert "<dt>Storlek i byte</dt>" in page and "<dt>Kontrollsumma (SHA-256)</dt>" in page
    from django.utils import timezone
    from django.utils.formats import date_format

    sent_at = Meeting.objects.get(pk=sent.pk).sent_at
    assert date_format(timezone.localtime(sent_at), "j F Y H:i") in page  # local time, no microseconds
    assert sent_at.isoformat() not in page and "+00:00" not in page


def test_a_repeated_sign_request_adds_no_second_row(client, sent, adjuster):
    content_hash = current_hash(sent)
    first = sign_via_view(client, sent, adjuster, content_hash=content_hash)
    again = client.post(url("meeting_sign", sent.pk), {"password": factories.PASSWORD, "content_hash": content_hash})
    assert first.status_code == again.status_code == 302
    assert Signature.objects.filter(user=adjuster).count() == 1


def test_a_manager_sees_no_link_to_a_correction_still_in_draft(client, sent, secretary, adjuster, other_adjuster,
                                                              manager):
    from meetings import corrections

    sign_via_view(client, sent, adjuster)
    sign_via_view(client, sent, other_adjuster)
    new = corrections.meeting_correct(meeting=sent, user=secretary, reason="Stavfel")
    client.force_login(manager)
    page = client.get(url("meeting_review", sent.pk)).content.decode()
    assert "Ersatt av version 2" in page and new.get_absolute_url() not in page
    client.force_login(secretary)
    assert new.get_absolute_url() in client.get(url("meeting_review", sent.pk)).content.decode()


def test_the_review_page_loads_follow_ups_and_comments_only_where_there_are_some(client, sent, adjuster, item):
    client.force_login(adjuster)
    client.get(url("meeting_review", sent.pk))
    with CaptureQueriesContext(connection) as without:
        page = client.get(url("meeting_review", sent.pk)).content.decode()
    assert "Inga kommentarer ännu." in page
    # Whether there are any is asked in the meeting's own query.
    assert not [q for q in without.captured_queries
                if q["sql"].startswith(('SELECT "meetings_followup"', 'SELECT "meetings_reviewcomment"'))]
    ReviewComment.objects.create(meeting=sent, item=item, author=adjuster, text="Stämmer <b>inte</b>.")
    FollowUp.objects.create(item=item, what="Återkom om bemanningen")
    with CaptureQueriesContext(connection) as with_them:
        page = client.get(url("meeting_review", sent.pk)).content.decode()
    assert "Stämmer &lt;b&gt;inte&lt;/b&gt;." in page and item.title in page
    # An adjuster sees follow-ups once the minutes are adjusted (access.can_see_meeting_follow_ups): not asked for.
    assert "Återkom om bemanningen" not in page
    assert len(with_them.captured_queries) == len(without.captured_queries) + 1
