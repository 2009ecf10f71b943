"""The public version: secret parts replaced by "[Sekretess enligt …]" for readers without the right."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings import access, drafting, secrecy
from meetings.archive import search
from meetings.exceptions import WorkflowError
from meetings.models import Attachment, Meeting, SecrecyMark
from tests import factories
from tests.rules_helpers import adjust, pdf_text, with_adjusters

SECRET = "Brandskyddsplanen för Stadshusets serverhall"
OPEN = "Arbetsmiljöronden genomförs i april"


@pytest.fixture
def marked(meeting, secretary, adjuster, other_adjuster, ssr, kommunal):
    """Minutes whose item has a secret second paragraph, with both adjusters."""
    meeting.created_by = secretary
    meeting.save()
    item = factories.make_item(meeting, title="Säkerhet", body=f"{OPEN}.\n\n{SECRET} ses över.\n\nSista stycket.")
    with_adjusters(meeting, adjuster=adjuster, other_adjuster=other_adjuster, ssr=ssr, kommunal=kommunal)
    drafting.secrecy_mark_create(
        mark=SecrecyMark(meeting=meeting, kind=SecrecyMark.Kind.PARAGRAPH, item=item, block_index=1,
                         reference="18 kap. 8 § OSL", reason="Säkerhetsskydd"),
        user=secretary,
    )
    return item


@pytest.fixture
def adjusted(marked, meeting, secretary, adjuster, other_adjuster):
    return adjust(meeting, [adjuster, other_adjuster], secretary=secretary)


def test_the_marker_replaces_the_secret_paragraph_only(marked, meeting):
    redacted = secrecy.redact(Meeting.objects.with_contents().get(pk=meeting.pk))
    body = next(i for i in redacted.items.all() if i.pk == marked.pk).body
    assert SECRET not in body
    assert "[Sekretess enligt 18 kap. 8 § OSL]" in body
    assert OPEN in body and "Sista stycket." in body


def test_an_edited_paragraph_hides_the_whole_item(marked, meeting):
    marked.body = f"Nytt första stycke.\n\n{OPEN}.\n\n{SECRET} ses över."
    drafting.item_update(item=marked, expected_version=marked.version, fields=["body"])
    redacted = secrecy.redact(Meeting.objects.with_contents().get(pk=meeting.pk))
    body = next(i for i in redacted.items.all() if i.pk == marked.pk).body
    assert SECRET not in body and OPEN not in body and "Sekretess enligt" in body


def test_the_public_pdf_never_holds_the_secret_and_the_full_one_does(adjusted):
    assert adjusted.public_pdf and adjusted.public_pdf_sha256
    with adjusted.public_pdf.open("rb") as handle:
        public = pdf_text(handle.read())
    with adjusted.final_pdf.open("rb") as handle:
        full = pdf_text(handle.read())
    assert "Offentlig version" in public and "[Sekretess enligt 18 kap. 8 § OSL]" in public
    assert "Brandskyddsplanen" not in public and "serverhall" not in public
    assert "Brandskyddsplanen" in full and OPEN in full and OPEN in public
    assert "Offentlig version" not in full
    assert "UTKAST" not in public.upper().replace("UTKAST TILL", "")


def test_the_search_never_finds_nor_shows_secret_text(adjusted, client, manager, secretary):
    for user in (manager, secretary):
        client.force_login(user)
        found = client.get(reverse("meetings:search"), {"q": "Brandskyddsplanen"}).content.decode()
        assert "Inget matchar sökningen" in found and "serverhall" not in found
    client.force_login(manager)
    page = client.get(reverse("meetings:search"), {"q": "Arbetsmiljöronden"}).content.decode()
    assert "Säkerhet" in page and "serverhall" not in page


def test_readers_without_the_right_see_the_marker_on_the_page_and_get_the_public_pdf(adjusted, client, manager):
    client.force_login(manager)
    page = client.get(adjusted.get_absolute_url()).content.decode()
    assert SECRET not in page and "[Sekretess enligt 18 kap. 8 § OSL]" in page
    assert "Brandskyddsplanen" not in pdf_text(client.get(reverse("meetings:meeting_pdf", args=[adjusted.pk])).content)


def test_adjusters_secretaries_and_holders_of_the_permission_read_the_secret(adjusted, client, adjuster, secretary,
                                                                             manager):
    for user in (adjuster, secretary):
        client.force_login(user)
        assert SECRET in client.get(reverse("meetings:meeting_review", args=[adjusted.pk])).content.decode()
    assert not access.can_read_secret(manager, adjusted)
    manager.user_permissions.add(Permission.objects.get(codename="view_secret"))
    manager = type(manager).objects.get(pk=manager.pk)
    assert access.can_read_secret(manager, adjusted)
    client.force_login(manager)
    assert SECRET in client.get(adjusted.get_absolute_url()).content.decode()


def test_the_marks_are_signed_content(marked, meeting, secretary):
    before = Meeting.objects.with_contents().get(pk=meeting.pk).content_hash()
    mark = SecrecyMark.objects.get()
    drafting.secrecy_mark_delete(mark=mark)
    assert Meeting.objects.with_contents().get(pk=meeting.pk).content_hash() != before


def test_adjusted_minutes_keep_their_marks(adjusted, secretary):
    with pytest.raises(WorkflowError):
        drafting.secrecy_mark_delete(mark=SecrecyMark.objects.get())
    assert SecrecyMark.objects.count() == 1


def test_a_secret_union_input_and_attachment(meeting, secretary, item, client, manager, adjuster, other_adjuster,
                                             ssr, kommunal):
    meeting.created_by = secretary
    meeting.save()
    union_input = factories.make_union_input(item, text="Vision vill veta vem som anmälts.")
    attachment = drafting.attachment_create(attachment=Attachment(
        meeting=meeting, title="Utredning om Anna", file=SimpleUploadedFile("utredning.txt", b"hemligt")),
        user=secretary)
    for mark in (SecrecyMark(meeting=meeting, kind=SecrecyMark.Kind.UNION_INPUT, union_input=union_input,
                             reference="39 kap. 3 § OSL", reason="Personalärende"),
                 SecrecyMark(meeting=meeting, kind=SecrecyMark.Kind.ATTACHMENT, attachment=attachment,
                             reference="39 kap. 3 § OSL", reason="Personalärende")):
        drafting.secrecy_mark_create(mark=mark, user=secretary)
    with_adjusters(meeting, adjuster=adjuster, other_adjuster=other_adjuster, ssr=ssr, kommunal=kommunal)
    adjust(meeting, [adjuster, other_adjuster], secretary=secretary)
    client.force_login(manager)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "vem som anmälts" not in page and "Utredning om Anna" not in page
    assert client.get(reverse("meetings:attachment_download", args=[attachment.pk])).status_code == 403
    meeting.refresh_from_db()
    with meeting.public_pdf.open("rb") as handle:
        public = pdf_text(handle.read())
    assert "vem som anmälts" not in public and "Utredning om Anna" not in public


def test_the_secretary_marks_a_paragraph_through_the_form(client, secretary, meeting, item):
    client.force_login(secretary)
    url = reverse("meetings:secrecy_marks", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert "39 kap. 3 § OSL" in page and "Andra stycket." in page
    missing = client.post(url, {"target": f"para-{item.pk}-1", "reference_choice": "other", "reason": "x"})
    assert missing.status_code == 400 and "Skriv lagrummet." in missing.content.decode()
    response = client.post(url, {"target": f"para-{item.pk}-1", "reference_choice": "other",
                                 "reference_other": "21 kap. 7 § OSL", "reason": "Personuppgifter"})
    assert response.status_code == 302
    mark = SecrecyMark.objects.get()
    assert (mark.kind, mark.block_index, mark.block_text, mark.reference) == (
        "paragraph", 1, "Andra stycket.", "21 kap. 7 § OSL")


def test_managers_cannot_open_the_secrecy_page(client, manager, meeting):
    client.force_login(manager)
    assert client.get(reverse("meetings:secrecy_marks", args=[meeting.pk])).status_code == 404


# --- /public/<group>/ ---------------------------------------------------------------------


def test_the_public_page_is_404_unless_the_group_publishes(adjusted, client, group):
    url = reverse("meetings:public_group", args=[group.pk])
    assert client.get(url).status_code == 404
    group.publish_public_versions = True
    group.save()
    page = client.get(url)
    assert page.status_code == 200 and SECRET not in page.content.decode()
    pdf = client.get(reverse("meetings:public_pdf", args=[group.pk, adjusted.pk]))
    assert pdf.status_code == 200
    text = pdf_text(pdf.content)
    assert "Offentlig version" in text and "Brandskyddsplanen" not in text


def test_the_public_page_lists_adjusted_minutes_only(client, group, meeting, secretary):
    group.publish_public_versions = True
    group.save()
    page = client.get(reverse("meetings:public_group", args=[group.pk])).content.decode()
    assert meeting.heading not in page
    assert client.get(reverse("meetings:public_pdf", args=[group.pk, meeting.pk])).status_code == 404


def test_the_search_index_holds_the_marker(marked):
    row = search.ItemSearch.objects.get(item=marked)
    assert SECRET not in row.document and "Sekretess enligt" in row.document


def test_an_open_question_under_secrecy_is_not_copied_into_the_follow_ups(meeting, secretary, adjuster,
                                                                          other_adjuster, ssr, kommunal):
    from meetings.models import FollowUp

    item = factories.make_item(meeting, title="Personalärende",
                               body="HR-enheten tar med sig frågan om Annas schema.\n\n"
                                    "HR-enheten tar med sig frågan om lokalerna.")
    with_adjusters(meeting, adjuster=adjuster, other_adjuster=other_adjuster, ssr=ssr, kommunal=kommunal)
    drafting.secrecy_mark_create(mark=SecrecyMark(meeting=meeting, kind=SecrecyMark.Kind.PARAGRAPH, item=item,
                                                  block_index=0, reference="39 kap. 3 § OSL", reason="Personal"),
                                 user=secretary)
    adjust(meeting, [adjuster, other_adjuster], secretary=secretary)
    texts = " ".join(FollowUp.objects.filter(item=item).values_list("what", flat=True))
    assert "lokalerna" in texts and "Annas" not in texts
