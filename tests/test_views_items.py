import re

import pytest
from django.urls import reverse

from meetings.models import AgendaItem, Decision, Meeting, UnionInput
from tests import factories

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


def item_data(**overrides):
    data = {"kind": "information", "title": "Nytt inom arbetsmiljö", "presenter": "HR-chef",
            "body": "Första stycket.\n\nAndra stycket.", "version": 1}
    data.update(overrides)
    return data


# --- create ----------------------------------------------------------------


def test_create_item_without_htmx_redirects_to_it(client, secretary, meeting):
    client.force_login(secretary)
    response = client.post(url("item_create", meeting.pk), item_data(kind="dialog", title="Årsklockan"))
    item = AgendaItem.objects.get(title="Årsklockan")
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{item.pk}")
    assert item.kind == "dialog" and item.position == 1


def test_create_item_with_htmx_returns_the_sections(client, secretary, meeting):
    client.force_login(secretary)
    form = client.get(url("item_create", meeting.pk) + "?kind=decision", **HTMX)
    assert form.status_code == 200 and "<html" not in form.content.decode()
    assert 'value="decision" selected' in form.content.decode()
    response = client.post(url("item_create", meeting.pk), item_data(kind="decision", title="Ny chefstjänst"), **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#sections"
    assert 'id="sections"' in response.content.decode() and "Ny chefstjänst" in response.content.decode()


def test_create_item_invalid_shows_form_errors(client, secretary, meeting):
    client.force_login(secretary)
    response = client.post(url("item_create", meeting.pk), item_data(title="", kind="nonsense"), **HTMX)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Detta fält måste fyllas i." in content
    assert not AgendaItem.objects.exists()


def test_create_item_unknown_section_is_a_bad_request(client, secretary, meeting):
    client.force_login(secretary)
    assert client.get(url("item_create", meeting.pk) + "?kind=gossip").status_code == 400


# --- edit and the optimistic lock ------------------------------------------


def test_edit_item_saves_and_bumps_version(client, secretary, item):
    client.force_login(secretary)
    response = client.post(url("item_edit", item.pk), item_data(body="Ny text."), **HTMX)
    assert response.status_code == 200 and response["HX-Retarget"] == "#sections"
    item.refresh_from_db()
    assert item.body == "Ny text." and item.version == 2


def test_second_save_of_the_same_item_gets_a_conflict_and_keeps_its_text(client, secretary, item):
    other = factories.make_user(role="secretary", groups=[item.meeting.group])
    first, second = client, client.__class__()
    first.force_login(secretary)
    second.force_login(other)
    # Both open the form at version 1; the first saves.
    assert first.post(url("item_edit", item.pk), item_data(body="Den förstas text.")).status_code == 302
    response = second.post(url("item_edit", item.pk), item_data(body="Den andras text."), **HTMX)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Någon annan sparade punkten medan du redigerade den." in content
    assert "Den andras text." in content  # the second person's text is still in the form
    assert "Den förstas text." in content  # and the saved text is shown beside it
    item.refresh_from_db()
    assert item.body == "Den förstas text."
    # The form now carries the new version: saving again is a deliberate overwrite.
    assert response.context["form"].data["version"] == 2
    again = second.post(url("item_edit", item.pk), item_data(body="Sammanfört.", version=2))
    assert again.status_code == 302
    item.refresh_from_db()
    assert item.body == "Sammanfört." and item.version == 3


def test_edit_of_an_item_deleted_meanwhile(client, secretary, item):
    client.force_login(secretary)
    form_version = item.version
    AgendaItem.objects.filter(pk=item.pk).update(version=5)
    AgendaItem.objects.filter(pk=item.pk).delete()
    response = client.post(url("item_edit", item.pk), item_data(version=form_version))
    assert response.status_code == 404


# --- delete and move --------------------------------------------------------


def test_delete_item(client, secretary, item):
    client.force_login(secretary)
    assert client.get(url("item_delete", item.pk)).status_code == 405
    response = client.post(url("item_delete", item.pk), **HTMX)
    assert response.status_code == 200 and not AgendaItem.objects.exists()


def test_move_item(client, secretary, meeting, item):
    second = factories.make_item(meeting, title="Andra punkten")
    client.force_login(secretary)
    assert client.get(url("item_move", second.pk)).status_code == 405
    response = client.post(url("item_move", second.pk), {"direction": "up"}, **HTMX)
    assert response.status_code == 200
    assert list(meeting.items.values_list("title", flat=True)) == ["Andra punkten", "Nytt inom arbetsmiljö"]
    assert client.post(url("item_move", second.pk), {"direction": "sideways"}).status_code == 400


# --- union inputs and decisions --------------------------------------------


def test_add_and_delete_union_input(client, secretary, item, ssr):
    client.force_login(secretary)
    response = client.post(url("union_input_create", item.pk), {"party": ssr.pk, "text": "SSR vill se riskbedömningen."}, **HTMX)
    assert response.status_code == 200 and response["HX-Retarget"] == f"#item-{item.pk}"
    assert "SSR vill se riskbedömningen." in response.content.decode()
    union_input = UnionInput.objects.get()
    response = client.post(url("union_input_delete", union_input.pk))
    assert response.status_code == 302 and not UnionInput.objects.exists()


def test_union_input_needs_text(client, secretary, item):
    client.force_login(secretary)
    response = client.post(url("union_input_create", item.pk), {"text": ""}, **HTMX)
    assert response.status_code == 200 and "Detta fält måste fyllas i." in response.content.decode()


def test_decision_with_positions(client, secretary, meeting, ssr, kommunal):
    item = factories.make_item(meeting, kind="decision", title="Tf. sektionschef Bostad först")
    client.force_login(secretary)
    form = client.get(url("decision_edit", item.pk))
    assert "Ställningstagande från Akademikerförbundet SSR" in form.content.decode()
    response = client.post(url("decision_edit", item.pk), {
        "text": "Arbetsgivaren beslutar enligt förslaget.", "outcome": "disagreed",
        f"stand_{ssr.pk}": "demand", f"text_{ssr.pk}": "SSR yrkar på en uppföljning i juni.",
        f"stand_{kommunal.pk}": "agree",
    })
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.outcome == "disagreed"
    assert {(p.party.label, p.stand) for p in decision.positions.all()} == {("SSR", "demand"), ("Kommunal", "agree")}
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "SSR yrkar på en uppföljning i juni." in page and "Oenighet noterad" in page


def test_decision_validation(client, secretary, meeting, ssr):
    item = factories.make_item(meeting, kind="decision", title="Beslutspunkt")
    client.force_login(secretary)
    response = client.post(url("decision_edit", item.pk), {
        "text": "Frågan blir en MBL §11.", "outcome": "deferred", f"stand_{ssr.pk}": "demand",
    })
    content = response.content.decode()
    assert "Ange vart frågan har skjutits" in content and "Skriv in yrkandet." in content
    assert not Decision.objects.exists()


def test_no_decision_on_an_information_item(client, secretary, item):
    client.force_login(secretary)
    assert client.get(url("decision_edit", item.pk)).status_code == 403


def test_delete_decision(client, secretary, meeting):
    item = factories.make_item(meeting, kind="decision")
    factories.make_decision(item)
    client.force_login(secretary)
    assert client.post(url("decision_delete", item.pk)).status_code == 302
    assert not Decision.objects.exists()


# --- every item view: wrong user, wrong method, sent minutes ----------------


def item_urls(item, union_input):
    return [
        ("get", url("item_create", item.meeting_id)), ("post", url("item_create", item.meeting_id)),
        ("get", url("item_edit", item.pk)), ("post", url("item_edit", item.pk)),
        ("post", url("item_delete", item.pk)), ("post", url("item_move", item.pk)),
        ("get", url("union_input_create", item.pk)), ("post", url("union_input_create", item.pk)),
        ("post", url("union_input_delete", union_input.pk)),
        ("get", url("decision_edit", item.pk)), ("post", url("decision_delete", item.pk)),
    ]


@pytest.mark.parametrize(("persona", "status"), [("other_secretary", 404), ("manager", 404), ("other_adjuster", 404)])
def test_item_views_refuse_other_users(client, request, meeting, persona, status):
    item = factories.make_item(meeting, kind="decision")
    union_input = factories.make_union_input(item)
    client.force_login(request.getfixturevalue(persona))
    for method, target in item_urls(item, union_input):
        assert getattr(client, method)(target).status_code == status, target
    assert AgendaItem.objects.filter(pk=item.pk).exists() and UnionInput.objects.exists()


def test_item_views_refuse_writes_to_adjusted_minutes(client, secretary, meeting):
    item = factories.make_item(meeting, kind="decision")
    union_input = factories.make_union_input(item)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.ADJUSTED)
    client.force_login(secretary)
    for method, target in item_urls(item, union_input):
        assert getattr(client, method)(target).status_code == 403, target


def test_item_views_wrong_method(client, secretary, meeting):
    item = factories.make_item(meeting, kind="decision")
    union_input = factories.make_union_input(item)
    client.force_login(secretary)
    get_and_post = {url("item_create", meeting.pk), url("item_edit", item.pk),
                    url("union_input_create", item.pk), url("decision_edit", item.pk)}
    for _method, target in item_urls(item, union_input):
        if target in get_and_post:
            assert client.delete(target).status_code == 405, target
        else:
            assert client.get(target).status_code == 405, target


def test_forms_open_side_by_side_have_field_ids_of_their_own(client, secretary, meeting, item):
    """The editor can show several in-place forms at once: each label must point at its own field."""
    client.force_login(secretary)
    other = factories.make_item(meeting, title="Årsklockan")
    pages = [
        client.get(url("item_edit", item.pk), **HTMX).content.decode(),
        client.get(url("item_edit", other.pk), **HTMX).content.decode(),
        client.get(url("item_create", meeting.pk) + "?kind=dialog", **HTMX).content.decode(),
        client.get(url("union_input_create", item.pk), **HTMX).content.decode(),
    ]
    ids = [set(re.findall(r'\sid="(id_[^"]+)"', page)) for page in pages]
    assert all(ids)
    for index, these in enumerate(ids):
        for those in ids[index + 1:]:
            assert not these & those


def test_saving_an_item_someone_deleted_gives_the_text_back_without_javascript(client, secretary, item):
    client.force_login(secretary)
    item_pk = item.pk
    item.delete()
    response = client.post(url("item_edit", item_pk), {
        "kind": "information", "title": "Min rubrik", "presenter": "", "body": "Min <b>text</b> som inte får försvinna.",
        "version": 1,
    })
    page = response.content.decode()
    assert response.status_code == 404
    assert "någon annan har tagit bort det" in page
    assert "Min &lt;b&gt;text&lt;/b&gt; som inte får försvinna." in page
    assert client.get(url("item_edit", item_pk)).status_code == 404


def test_outsiders_posting_to_an_item_learn_nothing(client, other_secretary, item):
    client.force_login(other_secretary)
    response = client.post(url("item_edit", item.pk), {"title": "X", "body": "Y", "kind": "information", "version": 1})
    assert response.status_code == 404
    assert item.title not in response.content.decode()
    item.refresh_from_db()
    assert item.body != "Y"
