import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import Adjuster, Attachment, Meeting
from tests import factories


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


def pdf_upload(name="Riskbedömning.pdf", content=b"%PDF-1.4\n%%EOF\n"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_add_adjuster_from_a_user_account(client, secretary, meeting, adjuster, ssr):
    client.force_login(secretary)
    response = client.post(url("adjuster_create", meeting.pk), {"party": ssr.pk, "user": adjuster.pk})
    assert response.status_code == 302
    slot = Adjuster.objects.get()
    assert slot.name == "Cecilia Cederström" and slot.user == adjuster
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Cecilia Cederström" in page


def test_an_adjuster_is_an_account_with_its_name_and_party(client, secretary, meeting, adjuster, ssr, kommunal):
    client.force_login(secretary)
    response = client.post(url("adjuster_create", meeting.pk), {"name": "Mounir Mansour", "party": ssr.pk})
    assert "Detta fält måste fyllas i." in response.content.decode() and not Adjuster.objects.exists()
    # A slot named for Cecilia, SSR, cannot be given another person's account or party.
    other = factories.make_user(role="adjuster", party=kommunal, first_name="Christina", last_name="Gustafsson")
    response = client.post(url("adjuster_create", meeting.pk), {"name": "Cecilia Cederström", "party": ssr.pk, "user": other.pk})
    page = response.content.decode()
    assert "Namnet stämmer inte med kontot" in page and "Partiet stämmer inte med kontot" in page
    assert not Adjuster.objects.exists()
    assert client.post(url("adjuster_create", meeting.pk), {"user": adjuster.pk}).status_code == 302
    slot = Adjuster.objects.get()
    assert (slot.name, slot.party, slot.user) == ("Cecilia Cederström", ssr, adjuster)


def test_one_adjuster_per_party(client, secretary, meeting, adjuster, ssr):
    client.force_login(secretary)
    client.post(url("adjuster_create", meeting.pk), {"user": adjuster.pk})
    colleague = factories.make_user(role="adjuster", party=ssr, first_name="Sven", last_name="Ssr")
    response = client.post(url("adjuster_create", meeting.pk), {"user": colleague.pk})
    assert "Akademikerförbundet SSR har redan en justerare" in response.content.decode()
    assert Adjuster.objects.count() == 1


def test_the_database_holds_one_signing_slot_per_party(meeting, adjuster, ssr):
    from django.db import IntegrityError, transaction

    colleague = factories.make_user(role="adjuster", party=ssr)
    factories.make_adjuster(meeting, name="Cecilia Cederström", party=ssr, user=adjuster)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_adjuster(meeting, name="Sven", party=ssr, user=colleague)
    # Name-only slots (imported minutes) are not signing slots.
    factories.make_adjuster(meeting, name="Gammal justerare", party=ssr)


def test_remove_adjuster(client, secretary, meeting, ssr):
    slot = factories.make_adjuster(meeting, party=ssr)
    client.force_login(secretary)
    assert client.get(url("adjuster_delete", slot.pk)).status_code == 405
    assert client.post(url("adjuster_delete", slot.pk)).status_code == 302
    assert not Adjuster.objects.exists()


def test_upload_download_and_delete_attachment(client, secretary, meeting, item):
    client.force_login(secretary)
    response = client.post(url("attachment_create", meeting.pk), {"file": pdf_upload(), "item": item.pk})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.title == "Riskbedömning.pdf" and attachment.item == item and attachment.size == 15
    download = client.get(url("attachment_download", attachment.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert client.post(url("attachment_delete", attachment.pk)).status_code == 302
    assert not Attachment.objects.exists()


def test_upload_rejects_empty_and_oversized_files(client, secretary, meeting, settings):
    settings.ATTACHMENT_MAX_BYTES = 10
    client.force_login(secretary)
    response = client.post(url("attachment_create", meeting.pk), {"file": pdf_upload(content=b"")})
    assert "Den skickade filen är tom." in response.content.decode() or "Filen är tom." in response.content.decode()
    response = client.post(url("attachment_create", meeting.pk), {"file": pdf_upload()})
    assert "Filen är för stor" in response.content.decode()
    assert not Attachment.objects.exists()


def test_attachment_of_another_meetings_item_is_refused(client, secretary, meeting, group):
    other_item = factories.make_item(factories.make_meeting(group=group, protocol_number="1/2021"))
    client.force_login(secretary)
    response = client.post(url("attachment_create", meeting.pk), {"file": pdf_upload(), "item": other_item.pk})
    assert response.status_code == 200 and not Attachment.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("other_secretary", 404), ("manager", 404), ("other_adjuster", 404)])
def test_adjuster_and_attachment_views_refuse_other_users(client, request, meeting, ssr, persona, status):
    slot = factories.make_adjuster(meeting, party=ssr)
    attachment = Attachment.objects.create(meeting=meeting, title="x", file="attachments/x.pdf")
    client.force_login(request.getfixturevalue(persona))
    for method, target in [
        ("get", url("adjuster_create", meeting.pk)), ("post", url("adjuster_create", meeting.pk)),
        ("post", url("adjuster_delete", slot.pk)), ("get", url("attachment_create", meeting.pk)),
        ("post", url("attachment_create", meeting.pk)), ("post", url("attachment_delete", attachment.pk)),
        ("get", url("attachment_download", attachment.pk)),
    ]:
        assert getattr(client, method)(target).status_code == status, target
    assert Adjuster.objects.exists() and Attachment.objects.exists()


def test_no_changes_once_adjusted(client, secretary, meeting, ssr):
    slot = factories.make_adjuster(meeting, party=ssr)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.ADJUSTED)
    client.force_login(secretary)
    assert client.post(url("adjuster_delete", slot.pk)).status_code == 403
    assert client.post(url("attachment_create", meeting.pk), {"file": pdf_upload()}).status_code == 403


def test_wrong_methods(client, secretary, meeting):
    client.force_login(secretary)
    assert client.delete(url("adjuster_create", meeting.pk)).status_code == 405
    assert client.delete(url("attachment_create", meeting.pk)).status_code == 405
