"""Every URL × method × role, with the status each must answer.

Roles: anonymous, the group's secretary, this meeting's adjuster, another
meeting's adjuster (same group), and a manager. The meeting is out for
adjustment, the state where the most people are involved. Forms are posted
empty: what matters here is who gets through, not what is saved.
"""

import datetime

import pytest
from django.urls import reverse

from meetings.models import Attachment, Meeting
from tests import factories

ROLES = ["anonymous", "secretary", "adjuster", "other_adjuster", "manager"]
OK, FOUND, BAD, FORBIDDEN, MISSING, NOT_ALLOWED, LOGIN = 200, 302, 400, 403, 404, 405, "login"

# name, method, expected per role (anonymous, secretary, adjuster, other adjuster, manager)
VIEW = (LOGIN, OK, OK, MISSING, MISSING)
EDIT_GET = (LOGIN, OK, FORBIDDEN, MISSING, MISSING)
EDIT_POST_FORM = (LOGIN, OK, FORBIDDEN, MISSING, MISSING)  # the empty form comes back with errors
EDIT_POST_DONE = (LOGIN, FOUND, FORBIDDEN, MISSING, MISSING)
WRONG = (LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)

MATRIX = [
    ("home", "get", (LOGIN, OK, OK, OK, OK)),
    ("home", "post", WRONG),
    ("meeting_create", "get", (LOGIN, OK, FOUND, FOUND, FOUND)),
    ("meeting_create", "post", (LOGIN, OK, FOUND, FOUND, FOUND)),
    ("meeting_detail", "get", VIEW),
    ("meeting_detail", "post", WRONG),
    ("meeting_preview", "get", VIEW),
    ("meeting_preview", "post", WRONG),
    ("meeting_pdf", "get", VIEW),
    ("meeting_pdf", "post", WRONG),
    ("meeting_review", "get", VIEW),
    ("meeting_review", "post", WRONG),
    ("meeting_verify", "get", VIEW),
    ("meeting_verify", "post", WRONG),
    ("meeting_history", "get", VIEW),
    ("meeting_history", "post", WRONG),
    ("meeting_edit", "get", EDIT_GET),
    ("meeting_edit", "post", EDIT_POST_FORM),
    ("meeting_delete", "get", WRONG),
    ("meeting_delete", "post", EDIT_POST_DONE),  # refused with a message: it was sent
    ("meeting_send", "get", EDIT_GET),
    ("meeting_send", "post", EDIT_POST_FORM),
    # Out for adjustment: nothing to correct yet, the secretary is sent back with a message.
    ("meeting_correct", "get", (LOGIN, FOUND, FORBIDDEN, MISSING, MISSING)),
    ("meeting_correct", "post", (LOGIN, FOUND, FORBIDDEN, MISSING, MISSING)),
    ("meeting_compare", "get", (LOGIN, OK, FORBIDDEN, MISSING, MISSING)),
    ("meeting_compare", "post", WRONG),
    ("meeting_sign", "get", WRONG),
    ("meeting_sign", "post", (LOGIN, MISSING, BAD, MISSING, MISSING)),
    ("comment_create", "get", WRONG),
    ("comment_create", "post", (LOGIN, BAD, BAD, MISSING, MISSING)),
    ("item_create", "get", EDIT_GET),
    ("item_create", "post", EDIT_POST_FORM),
    ("item_edit", "get", EDIT_GET),
    ("item_edit", "post", EDIT_POST_FORM),
    ("item_delete", "get", WRONG),
    ("item_delete", "post", EDIT_POST_DONE),
    ("item_move", "get", WRONG),
    ("item_move", "post", (LOGIN, BAD, FORBIDDEN, MISSING, MISSING)),
    ("union_input_create", "get", EDIT_GET),
    ("union_input_create", "post", EDIT_POST_FORM),
    ("union_input_edit", "get", EDIT_GET),
    ("union_input_edit", "post", EDIT_POST_FORM),
    ("union_input_edit", "put", WRONG),
    ("union_input_delete", "get", WRONG),
    ("union_input_delete", "post", EDIT_POST_DONE),
    ("decision_edit", "get", EDIT_GET),
    ("decision_edit", "post", EDIT_POST_FORM),
    ("decision_delete", "get", WRONG),
    ("decision_delete", "post", EDIT_POST_DONE),
    ("adjuster_create", "get", EDIT_GET),
    ("adjuster_create", "post", EDIT_POST_FORM),
    ("adjuster_delete", "get", WRONG),
    ("adjuster_delete", "post", EDIT_POST_DONE),
    ("attachment_create", "get", EDIT_GET),
    ("attachment_create", "post", EDIT_POST_FORM),
    ("attachment_download", "get", VIEW),
    ("attachment_download", "post", WRONG),
    ("attachment_delete", "get", WRONG),
    ("attachment_delete", "post", EDIT_POST_DONE),
]


@pytest.fixture
def world(meeting, item, secretary, adjuster, other_adjuster, ssr, kommunal, group, settings):
    """A meeting out for adjustment with one of everything; other_adjuster adjusts another meeting."""
    decision_item = factories.make_item(meeting, kind="decision", title="Beslutspunkt")
    decision = factories.make_decision(decision_item)
    union_input = factories.make_union_input(item)
    slot = factories.make_adjuster(meeting, name="Cecilia Cederström", party=ssr, user=adjuster)
    other_meeting = factories.make_meeting(group=group, date=datetime.date(2020, 12, 14), protocol_number="12/2020")
    factories.make_adjuster(other_meeting, name="Christina Gustafsson", party=kommunal, user=other_adjuster)
    path = settings.MEDIA_ROOT / "attachments" / "bilaga.pdf"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"%PDF-1.4\n%%EOF\n")
    attachment = Attachment.objects.create(meeting=meeting, title="Bilaga", file="attachments/bilaga.pdf")
    Meeting.objects.filter(pk__in=[meeting.pk, other_meeting.pk]).update(status=Meeting.Status.OUT_FOR_ADJUSTMENT)
    return {
        "meeting": meeting.pk, "item": item.pk, "decision_item": decision_item.pk, "decision": decision.pk,
        "union_input": union_input.pk, "adjuster": slot.pk, "attachment": attachment.pk,
    }


def target(name, world):
    arg = {
        "home": None, "meeting_create": None,
        "item_edit": world["item"], "item_delete": world["item"], "item_move": world["item"],
        "union_input_create": world["item"], "union_input_delete": world["union_input"],
        "union_input_edit": world["union_input"],
        "decision_edit": world["decision_item"], "decision_delete": world["decision_item"],
        "adjuster_delete": world["adjuster"],
        "attachment_download": world["attachment"], "attachment_delete": world["attachment"],
    }.get(name, world["meeting"])
    return reverse(f"meetings:{name}", args=[] if arg is None else [arg])


@pytest.mark.parametrize(("name", "method", "expected"), MATRIX, ids=[f"{n}-{m}" for n, m, _e in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, request, world, name, method, expected, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    want = expected[ROLES.index(role)]
    response = getattr(client, method)(target(name, world))
    if want == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/login/"), response
    else:
        assert response.status_code == want, f"{role} {method.upper()} {name}: {response.status_code}"


@pytest.mark.parametrize(
    ("role", "detail", "edit"),
    [("secretary", OK, FORBIDDEN), ("adjuster", OK, FORBIDDEN), ("other_adjuster", OK, FORBIDDEN), ("manager", OK, FORBIDDEN)],
)
def test_adjusted_minutes_are_read_by_the_group_and_written_by_nobody(client, request, world, role, detail, edit):
    Meeting.objects.filter(pk=world["meeting"]).update(status=Meeting.Status.ADJUSTED)
    client.force_login(request.getfixturevalue(role))
    assert client.get(target("meeting_detail", world)).status_code == detail
    assert client.get(target("meeting_edit", world)).status_code == edit
    assert client.post(target("item_delete", world)).status_code == edit


def test_outsiders_cannot_guess_ids(client, other_secretary, world):
    client.force_login(other_secretary)
    for name, method, _expected in MATRIX:
        if name in ("home", "meeting_create"):
            continue
        assert getattr(client, method)(target(name, world)).status_code in (MISSING, NOT_ALLOWED), name
