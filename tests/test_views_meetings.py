import datetime

import pytest
from django.urls import reverse

from meetings.models import Meeting
from tests import factories
from tests.helpers import without_csrf


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


def test_login_required_everywhere(client, meeting, item):
    for target in [url("home"), url("meeting_create"), url("meeting_detail", meeting.pk),
                   url("meeting_preview", meeting.pk), url("meeting_edit", meeting.pk),
                   url("item_edit", item.pk), reverse("admin:index")]:
        response = client.get(target)
        assert response.status_code == 302, target
        assert "/login/" in response["Location"]


def test_login_page_is_swedish(client):
    response = client.get(reverse("login"))
    assert "Logga in i Samverkan" in response.content.decode()


def test_home_lists_visible_meetings_only(client, secretary, meeting, other_secretary, django_assert_max_num_queries):
    factories.make_meeting(group=factories.make_group("FSG", "Kulturförvaltningen"), protocol_number="1/2020")
    for n in range(5):
        factories.make_meeting(group=meeting.group, date=datetime.date(2019, 1, n + 1))
    client.force_login(secretary)
    with django_assert_max_num_queries(10):
        response = client.get(url("home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "2020-11-16" in content and "Kulturförvaltningen" not in content
    assert "Nya minnesanteckningar" in content
    with django_assert_max_num_queries(10):  # nothing is cached: the same work again
        assert without_csrf(client.get(url("home")).content) == without_csrf(content)


def test_manager_sees_adjusted_minutes_but_no_drafts(client, manager, meeting, group):
    factories.make_meeting(group=group, date=datetime.date(2019, 3, 25), status=Meeting.Status.ADJUSTED)
    client.force_login(manager)
    content = client.get(url("home")).content.decode()
    assert "2019-03-25" in content and "2020-11-16" not in content
    assert "Nya minnesanteckningar" not in content


# --- create ----------------------------------------------------------------


def test_secretary_creates_a_draft_with_standing_items(client, secretary, group):
    client.force_login(secretary)
    response = client.post(url("meeting_create"), {
        "group": group.pk, "date": "2020-12-14", "protocol_number": "12/2020", "place": "Stadshuset",
        "copy_previous": "on",
    })
    meeting = Meeting.objects.get(protocol_number="12/2020")
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Minnesanteckningar från samverkansgrupp FSG/VSG – Socialförvaltningen den 14 december 2020" in page
    assert "Val av justerare" in page and "Föregående mötesanteckningar" in page


def test_create_form_suggests_the_next_protocol_number(client, secretary, meeting):
    client.force_login(secretary)
    response = client.get(url("meeting_create"))
    assert response.context["form"].initial["protocol_number"].endswith(f"/{datetime.date.today().year}")


def test_create_rejects_bad_input_with_swedish_messages(client, secretary, group, meeting):
    client.force_login(secretary)
    response = client.post(url("meeting_create"), {
        "group": group.pk, "date": "2020-13-45", "protocol_number": meeting.protocol_number,
        "start_time": "14:00", "end_time": "13:00",
    })
    assert response.status_code == 200
    content = response.content.decode()
    assert "Fyll i ett giltigt datum." in content
    assert "Mötet måste sluta efter att det börjar." in content
    assert Meeting.objects.count() == 1


def test_create_refuses_a_group_the_secretary_is_not_in(client, other_secretary, group):
    client.force_login(other_secretary)
    response = client.post(url("meeting_create"), {"group": group.pk, "date": "2020-12-14"})
    assert response.status_code == 200
    assert "group" in response.context["form"].errors
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("persona", ["adjuster", "manager"])
def test_only_secretaries_create(client, request, persona, group):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(url("meeting_create"), {"group": group.pk, "date": "2020-12-14"})
    assert response.status_code == 302
    assert not Meeting.objects.exists()


def test_create_wrong_method(client, secretary):
    client.force_login(secretary)
    assert client.put(url("meeting_create")).status_code == 405


# --- detail, preview -------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("secretary", 200), ("other_secretary", 404), ("adjuster", 404), ("manager", 404)],
)
def test_draft_detail_by_role(client, request, meeting, item, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url("meeting_detail", meeting.pk)).status_code == status
    assert client.get(url("meeting_preview", meeting.pk)).status_code == status


def test_meeting_adjuster_reads_the_draft_but_cannot_edit(client, adjuster, meeting, item, ssr):
    factories.make_adjuster(meeting, party=ssr, user=adjuster)
    client.force_login(adjuster)
    response = client.get(url("meeting_detail", meeting.pk))
    assert response.status_code == 200
    assert url("item_edit", item.pk) not in response.content.decode()
    assert client.get(url("meeting_edit", meeting.pk)).status_code == 403


def test_editor_shows_actions_and_escapes_user_text(client, secretary, meeting, item):
    item.body = "<script>alert(1)</script>"
    item.save()
    client.force_login(secretary)
    content = client.get(url("meeting_detail", meeting.pk)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content and "<script>alert(1)" not in content
    assert url("item_edit", item.pk) in content


def test_preview_reads_like_the_minutes(client, secretary, meeting, item):
    factories.make_item(meeting, kind="dialog", title="Årsklockan 2021", presenter="HR-chef",
                        body="## BUF\n- Punkt ett\n\nEtt stycke.")
    client.force_login(secretary)
    content = client.get(url("meeting_preview", meeting.pk)).content.decode()
    assert "Bilaga till protokoll 11/2020" in content
    assert content.index("Information:") < content.index("Nytt inom arbetsmiljö") < content.index("Dialog:")
    assert content.index("Dialog:") < content.index("Årsklockan 2021") < content.index("Beslut:")
    assert '<h4 class="area-heading">BUF</h4>' in content and "<li>Punkt ett</li>" in content


def test_detail_query_count_is_bounded(client, secretary, meeting, django_assert_max_num_queries, ssr):
    for n in range(10):
        item = factories.make_item(meeting, kind="decision", title=f"Beslut {n}")
        factories.make_union_input(item)
        factories.make_decision(item, stands=[(ssr, "agree")])
    client.force_login(secretary)
    # A fixed number, whatever the number of items (the same with 30): the editor also reads the
    # versions, the mail left unsent, the MBL states and the secrecy marks.
    with django_assert_max_num_queries(19):
        assert client.get(url("meeting_detail", meeting.pk)).status_code == 200


# --- edit, delete ----------------------------------------------------------


def test_secretary_edits_meeting_details(client, secretary, meeting):
    client.force_login(secretary)
    response = client.post(url("meeting_edit", meeting.pk), {
        "date": "2020-11-16", "protocol_number": "11/2020", "dnr": "SOF 2020/11", "place": "Rum 4",
        "version": meeting.version,
    })
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.dnr == "SOF 2020/11" and meeting.place == "Rum 4" and meeting.version == 2


def test_meeting_edit_conflict_keeps_the_users_input(client, secretary, meeting):
    client.force_login(secretary)
    Meeting.objects.filter(pk=meeting.pk).update(version=2, place="Någon annans plats")
    response = client.post(url("meeting_edit", meeting.pk), {
        "date": "2020-11-16", "protocol_number": "11/2020", "place": "Min plats", "version": 1,
    })
    assert response.status_code == 200
    content = response.content.decode()
    assert "Någon annan sparade mötesuppgifterna" in content
    assert 'value="Min plats"' in content and "Någon annans plats" in content
    meeting.refresh_from_db()
    assert meeting.place == "Någon annans plats"


@pytest.mark.parametrize(("persona", "status"), [("other_secretary", 404), ("manager", 404), ("adjuster", 404)])
def test_meeting_edit_forbidden(client, request, meeting, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url("meeting_edit", meeting.pk)).status_code == status


def test_adjusted_minutes_cannot_be_edited(client, secretary, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.ADJUSTED)
    client.force_login(secretary)
    assert client.get(url("meeting_edit", meeting.pk)).status_code == 403
    assert client.post(url("meeting_delete", meeting.pk)).status_code == 403
    assert client.get(url("meeting_detail", meeting.pk)).status_code == 200


def test_delete_draft(client, secretary, meeting, item):
    client.force_login(secretary)
    assert client.get(url("meeting_delete", meeting.pk)).status_code == 405
    response = client.post(url("meeting_delete", meeting.pk))
    assert response.status_code == 302 and not Meeting.objects.exists()


def test_delete_by_other_secretary_is_404(client, other_secretary, meeting):
    client.force_login(other_secretary)
    assert client.post(url("meeting_delete", meeting.pk)).status_code == 404
    assert Meeting.objects.exists()
