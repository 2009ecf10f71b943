"""Swedish throughout (issue 17, point 5): every page, as every role, in Swedish.

Every URL pattern of the app (and the admin's pages for the superuser) is
rendered as each persona of tests/conftest.py, on a draft, minutes out for
adjustment and adjusted minutes. Each HTML answer's visible text (and the
attributes a person reads: title, aria-label, placeholder, alt, button values)
must hold no English string of the catalogue left untranslated, no English
month or weekday name, no Python "True"/"False"/"None" and no automatic English
field label. Besides, every model field's label and every choice is translated.
"""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from django.utils.functional import Promise

from meetings.models import (
    Attachment,
    CentralNegotiation,
    FollowUp,
    ImmediateAdjustment,
    ImportBatch,
    Meeting,
    RecurringPoint,
    SecrecyMark,
    User,
)
from tests import factories
from tests.test_translations import entries

ENGLISH_DATES = re.compile(
    # Abbreviations as Django's "M" writes them; the full names that differ from the Swedish ones
    # (april, september, november and december are spelt alike).
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|June|July|"
    r"August|October|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"Mon|Tue|Wed|Thu|Fri|Sat|Sun|a\.m\.|p\.m\.)\b"
)
PYTHON_WORDS = re.compile(r"(?<![\w-])(?:True|False|None)(?![\w-])")
# Django's automatic labels of fields without a verbose name, and English that never occurs in Swedish text.
ENGLISH_WORDS = re.compile(
    r"\b(?:the|and|with|this|Content type|Created at|Updated at|Uploaded at|Uploaded by|Last reminded on|"
    r"History|Historical|Save|Delete|Cancel|Edit)\b"
)
# A number written with a decimal point ("33.3"), where Swedish writes a comma.
DECIMAL_POINT = re.compile(r"(?<![\w.,/:-])\d+\.\d+(?![\w.,/:-])")
READ_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "data-confirm", "data-message-counter"}


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        attrs = dict(attrs)
        for name in READ_ATTRIBUTES:
            if attrs.get(name):
                self.parts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data)


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(" ".join(part.split()) for part in parser.parts)


def _catalogue_phrases():
    """English msgids of the catalogue (translated to something else) as literal fragments to look for."""
    phrases = set()
    for _flags, _context, msgid, _plural, msgstrs in entries():
        if not msgstrs or msgstrs[0] == msgid:
            continue
        for fragment in re.split(r"%\(\w+\)[sd]|%[sd]|\{\w+\}|\n", msgid):
            fragment = fragment.strip(" .,:;–-“”()\"'")
            # Short or single-word fragments are too often names or Swedish words themselves.
            if len(fragment) >= 12 and " " in fragment:
                phrases.add(fragment)
    return sorted(phrases, key=len, reverse=True)


PHRASES = _catalogue_phrases()
ENGLISH_MSGIDS = {msgid for _f, _c, msgid, _p, msgstrs in entries() if msgstrs and msgstrs[0] != msgid}
SWEDISH = {msgstrs[0] for _f, _c, _m, _p, msgstrs in entries() if msgstrs}


def english_in(text):
    found = []
    for phrase in PHRASES:
        if re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text):
            found.append(phrase)
    found += ENGLISH_DATES.findall(text) + PYTHON_WORDS.findall(text) + ENGLISH_WORDS.findall(text)
    found += DECIMAL_POINT.findall(text)
    return found


@pytest.fixture
def world(group, secretary, adjuster, other_adjuster, manager, other_secretary, ssr, kommunal, employer):
    """A group with a draft, minutes out for adjustment and adjusted minutes, with everything on them."""
    superuser = factories.make_user(role=User.Role.SECRETARY, username="admin", is_superuser=True, is_staff=True,
                                    groups=[group])
    meetings = {}
    for status, date in [(Meeting.Status.DRAFT, datetime.date(2026, 12, 8)),
                         (Meeting.Status.OUT_FOR_ADJUSTMENT, datetime.date(2026, 11, 9)),
                         (Meeting.Status.ADJUSTED, datetime.date(2026, 10, 12))]:
        meeting = factories.make_meeting(
            group=group, date=date, protocol_number=f"{date.month}/2026", place="Stadshuset",
            start_time=datetime.time(13), end_time=datetime.time(15), chair="Ordförande Olsson",
        )
        factories.make_item(meeting, title="Val av justerare", body="Cecilia Cederström, SSR, valdes som justerare.")
        info = factories.make_item(meeting, title="Arbetsmiljö", presenter="HR-chef", body="## BUF\nRonderna pågår.")
        decision_item = factories.make_item(meeting, kind="decision", title="Ny delegationsordning", body="Förslag.")
        factories.make_decision(decision_item, outcome="disagreed",
                                stands=[(ssr, "disagree"), (kommunal, "agree"), (employer, "agree")])
        factories.make_union_input(info, party=ssr, text="SSR vill följa frågan.")
        factories.make_adjuster(meeting, name="Cecilia Cederström", party=ssr, user=adjuster)
        attachment = Attachment(meeting=meeting, title="Bilaga 1", content_type="text/plain", size=5)
        attachment.file.save("bilaga.txt", ContentFile(b"Text."), save=False)
        attachment.save()
        FollowUp.objects.create(item=info, what="HR återkommer om ronderna", who="HR-chef",
                                due_date=date + datetime.timedelta(days=30))
        meetings[status] = meeting
    # A second and third decision in the adjusted minutes: shares with decimals on the statistics page.
    adjusted = meetings[Meeting.Status.ADJUSTED]
    for title in ("Budget 2027", "Lokalplan"):
        factories.make_decision(factories.make_item(adjusted, kind="decision", title=title), outcome="agreed",
                                stands=[(ssr, "agree"), (kommunal, "agree")])
    out = meetings[Meeting.Status.OUT_FOR_ADJUSTMENT]
    Meeting.objects.filter(pk=out.pk).update(
        status=Meeting.Status.OUT_FOR_ADJUSTMENT, adjustment_deadline=datetime.date(2026, 12, 8),
    )
    Meeting.objects.filter(pk=meetings[Meeting.Status.ADJUSTED].pk).update(status=Meeting.Status.ADJUSTED)
    Meeting.objects.filter(pk=meetings[Meeting.Status.DRAFT].pk).update(
        agenda_sent_at=datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC))
    RecurringPoint.objects.create(group=group, month=3, kind="information", title="Tertial 3", presenter="HR-chef")
    imported = factories.make_meeting(group=group, date=datetime.date(2019, 3, 25), is_imported=True,
                                      source_name="protokoll.txt", source_text="Minnesanteckningar …")
    factories.make_item(imported, title="Importerad punkt")
    people = {"anonymous": None, "secretary": secretary, "adjuster": adjuster, "other_adjuster": other_adjuster,
              "manager": manager, "other_secretary": other_secretary, "superuser": superuser}
    return {"meetings": list(meetings.values()), "imported": imported, "people": people, "group": group}


def _patterns(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue  # the admin's own pages: see test_admin_pages_are_swedish
            namespace = f"{entry.namespace}:" if entry.namespace else ""
            yield from ((namespace + name, pattern) for name, pattern in _patterns(entry))
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry.name, entry


def _objects_for(name, world):
    """The primary keys to open a pattern with: one per kind of object it takes."""
    meetings = world["meetings"]
    items = [item for meeting in meetings for item in meeting.items.all()]
    route = str(get_resolver().reverse_dict.getlist(name.split(":")[-1])) if False else ""
    del route
    if name in ("meetings:import_batch", "meetings:import_progress"):
        return list(ImportBatch.objects.values_list("pk", flat=True))
    if name.startswith("meetings:import_"):
        return [world["imported"].pk]
    if name == "meetings:public_pdf":
        return []  # two ids: the public page links to it when a group publishes
    if name == "meetings:public_group":
        return [world["group"].pk]
    if name in ("meetings:decision_mbl", "meetings:central_negotiation_request"):
        return [item.decision.pk for item in items if hasattr(item, "decision")]
    if name.startswith("meetings:immediate_") and name != "meetings:immediate_send":
        return list(ImmediateAdjustment.objects.values_list("pk", flat=True))
    if name in ("meetings:central_negotiation_close",):
        return list(CentralNegotiation.objects.values_list("pk", flat=True))
    if name in ("meetings:secrecy_mark_delete",):
        return list(SecrecyMark.objects.values_list("pk", flat=True))
    if name in ("meetings:group_detail", "meetings:recurring_point_create"):
        return [world["group"].pk]
    if name.startswith("meetings:recurring_point_"):
        return list(RecurringPoint.objects.values_list("pk", flat=True))
    if name.startswith("meetings:follow_up_") and name != "meetings:follow_up_create" and name != "meetings:follow_up_pull":
        return list(FollowUp.objects.values_list("pk", flat=True))
    if name.startswith("meetings:union_input_") and name != "meetings:union_input_create":
        return [u.pk for item in items for u in item.union_inputs.all()]
    if name.startswith("meetings:adjuster_") and name != "meetings:adjuster_create":
        return [a.pk for meeting in meetings for a in meeting.adjusters.all()]
    if name.startswith("meetings:attachment_") and name != "meetings:attachment_create":
        return [a.pk for meeting in meetings for a in meeting.attachments.all()]
    if name.startswith(("meetings:item_", "meetings:decision_", "meetings:union_input_create", "meetings:immediate_send",
                        "meetings:follow_up_create")) and name not in ("meetings:item_create", "meetings:items_paste"):
        return [item.pk for item in items]
    return [meeting.pk for meeting in meetings]


def urls(world):
    for name, pattern in _patterns():
        if pattern.pattern.converters:
            for pk in _objects_for(name, world):
                yield name, reverse(name, kwargs={"pk": pk})
        else:
            yield name, reverse(name)


ROLES = ["anonymous", "secretary", "adjuster", "other_adjuster", "manager", "other_secretary", "superuser"]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_is_swedish_for_every_role(client, world, role, settings):
    settings.AXES_ENABLED = False
    person = world["people"][role]
    if person is not None:
        client.force_login(person)
    checked, leaks = 0, []
    for name, url in urls(world):
        if name in ("logout",) or name.endswith("_delete"):
            continue  # a GET that would end the session, or only answer 405
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        if "text/html" not in response.get("Content-Type", ""):
            continue
        checked += 1
        text = visible_text(response.content.decode())
        found = english_in(text)
        if found:
            leaks.append(f"{url} ({response.status_code}): {sorted(set(found))}")
    assert checked >= (1 if role == "anonymous" else 40), checked
    assert leaks == [], "\n".join(leaks)


def test_the_check_finds_what_it_looks_for():
    """The detector itself: an English catalogue string, a month abbreviation, a Python bool."""
    assert english_in("Sista dag 8 Dec")
    assert english_in("Tidigare: True")
    assert english_in("Content type")
    assert english_in("Andel 33.3 %") and not english_in("Andel 33,3 %")
    assert english_in("The meeting must end after it starts.")
    assert english_in("Sista dag 8 december. Mötet måste sluta efter att det har börjat.") == []


def test_admin_pages_are_swedish(client, world, settings):
    settings.AXES_ENABLED = False
    client.force_login(world["people"]["superuser"])
    leaks, checked = [], 0
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        pages = [reverse("admin:%s_%s_changelist" % info)]
        if model_admin.has_add_permission(type("R", (), {"user": world["people"]["superuser"]})()):
            pages.append(reverse("admin:%s_%s_add" % info))
        first = model.objects.order_by("pk").first()
        if first is not None:
            pages.append(reverse("admin:%s_%s_change" % info, args=[first.pk]))
        for url in pages:
            response = client.get(url)
            if "text/html" not in response.get("Content-Type", ""):
                continue
            checked += 1
            found = [f for f in english_in(visible_text(response.content.decode())) if f not in ("History",)]
            if found:
                leaks.append(f"{url} ({response.status_code}): {sorted(set(found))}")
    assert checked > 5
    assert leaks == [], "\n".join(leaks)


def test_every_field_label_and_choice_is_translated():
    with translation.override("sv"):
        untranslated = []
        for model in apps.get_app_config("meetings").get_models():
            if model.__name__.startswith("Historical"):
                continue
            for field in model._meta.get_fields():
                if field.auto_created and not field.concrete or field.name == "id":
                    continue
                label = getattr(field, "verbose_name", None)
                if label is None:
                    continue
                if not isinstance(label, Promise):
                    untranslated.append(f"{model.__name__}.{field.name}: {label!r} is no translation")
                for value, choice in getattr(field, "flatchoices", None) or ():
                    if value and not isinstance(choice, Promise):
                        untranslated.append(f"{model.__name__}.{field.name}: choice {choice!r} is no translation")
                    elif value and str(choice) not in SWEDISH and str(choice) in ENGLISH_MSGIDS:
                        untranslated.append(f"{model.__name__}.{field.name}: choice {choice!r} untranslated")
                if isinstance(label, Promise) and str(label) in ENGLISH_MSGIDS and str(label) not in SWEDISH:
                    untranslated.append(f"{model.__name__}.{field.name}: {label!r} untranslated")
            if not isinstance(model._meta.verbose_name, Promise):
                untranslated.append(f"{model.__name__}: {model._meta.verbose_name!r}")
    assert untranslated == []
