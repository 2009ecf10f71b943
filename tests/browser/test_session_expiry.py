"""The end of a session loses nothing (issue 14): an htmx save without a session keeps the text."""

from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import expect

from meetings import signing
from meetings.models import AgendaItem
from tests import factories
from tests.browser.editor import assert_not_reloaded, item_card, mark_page

TYPED = "Text skriven under ett långt möte, som inte får försvinna."


def open_item_form(page, title):
    item_card(page, title).get_by_role("link", name="Redigera").click()
    body = page.locator("#sections form [name=body]")
    expect(body).to_be_visible()
    return body


def test_a_save_after_the_session_ended_keeps_the_text_and_saves_after_logging_in_again(
    page, login, secretary, meeting, item
):
    login(page, secretary)
    page.goto(meeting.get_absolute_url())
    mark_page(page)
    open_item_form(page, item.title).fill(TYPED)
    Session.objects.all().delete()  # logged out elsewhere, or the idle timeout

    page.locator("#sections form").get_by_role("button", name="Spara").click()
    dialog = page.locator("#session-expired")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Du är inte längre inloggad")
    # Nothing was swapped in: no login form in the card, the text is where it was.
    assert page.locator("#sections #id_username").count() == 0
    assert page.locator("#sections form [name=body]").input_value() == TYPED
    assert_not_reloaded(page)
    assert AgendaItem.objects.get(pk=item.pk).body != TYPED

    # Log in again in a new tab, from the dialog's link.
    with page.context.expect_page() as new_tab:
        dialog.get_by_role("link", name="Logga in i en ny flik").click()
    tab = new_tab.value
    tab.fill("#id_username", secretary.username)
    tab.fill("#id_password", factories.PASSWORD)
    with tab.expect_navigation():
        tab.click("main button[type=submit]")
    assert "/login/" not in tab.url
    tab.close()

    # Back in the first tab: close the dialog and save again; optimistic locking still applies.
    dialog.get_by_role("button", name="Tillbaka till sidan").click()
    page.locator("#sections form").get_by_role("button", name="Spara").click()
    expect(item_card(page, item.title)).to_contain_text("Text skriven under ett långt möte")
    assert AgendaItem.objects.get(pk=item.pk).body == TYPED
    kept = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('samverkan:unsaved:'))")
    assert kept == []


def test_unsaved_text_is_offered_back_after_logging_in_again_in_the_same_tab(
    page, login, secretary, meeting, item
):
    login(page, secretary)
    page.goto(meeting.get_absolute_url())
    open_item_form(page, item.title).fill(TYPED)
    Session.objects.all().delete()
    page.locator("#sections form").get_by_role("button", name="Spara").click()
    expect(page.locator("#session-expired")).to_be_visible()

    # She reloads and logs in in the same tab: the page itself no longer has the text.
    login(page, secretary)
    page.goto(meeting.get_absolute_url())
    body = open_item_form(page, item.title)
    assert body.input_value() != TYPED
    offer = page.locator("#sections form .unsaved-offer")
    expect(offer).to_contain_text("som aldrig sparades")
    offer.get_by_role("button", name="Återställ texten").click()
    assert body.input_value() == TYPED
    page.locator("#sections form").get_by_role("button", name="Spara").click()
    expect(item_card(page, item.title)).to_contain_text("Text skriven under ett långt möte")
    assert AgendaItem.objects.get(pk=item.pk).body == TYPED


def test_kept_text_is_offered_only_for_the_version_it_was_typed_on(page, login, secretary, meeting, item):
    login(page, secretary)
    page.goto(meeting.get_absolute_url())
    open_item_form(page, item.title).fill(TYPED)
    Session.objects.all().delete()
    page.locator("#sections form").get_by_role("button", name="Spara").click()
    expect(page.locator("#session-expired")).to_be_visible()
    # Meanwhile someone else saved the item: its version moved on.
    AgendaItem.objects.filter(pk=item.pk).update(body="Någon annans text.", version=item.version + 1)
    login(page, secretary)
    page.goto(meeting.get_absolute_url())
    open_item_form(page, item.title)
    expect(page.locator("#sections form [name=body]")).to_have_value("Någon annans text.")
    assert page.locator("#sections form .unsaved-offer").count() == 0


def test_a_comment_sent_after_the_session_ended_is_offered_back_after_the_login(
    page, login, settings, adjuster, secretary, meeting, item, ssr
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    factories.make_adjuster(meeting, name="Cecilia Cederström", party=ssr, user=adjuster)
    signing.meeting_send_for_adjustment(meeting=meeting, user=secretary, deadline=timezone.localdate())
    login(page, adjuster)
    page.goto(f"/meetings/{meeting.pk}/review/")
    comments = page.locator("#comments form")
    comments.locator("[name=text]").fill("En lång kommentar som tog tid att skriva.")
    Session.objects.all().delete()
    comments.get_by_role("button", name="Skicka").click()
    expect(page.locator("#id_username")).to_be_visible()  # the login page, a full page
    page.fill("#id_username", adjuster.username)
    page.fill("#id_password", factories.PASSWORD)
    page.locator("main form").get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"**/meetings/{meeting.pk}/review/")  # back to the form's page
    offer = page.locator("#comments form .unsaved-offer")
    expect(offer).to_be_visible()
    offer.get_by_role("button", name="Återställ texten").click()
    page.locator("#comments form").get_by_role("button", name="Skicka").click()
    expect(page.get_by_text("Din kommentar har skickats till sekreteraren.")).to_be_visible()
    assert meeting.comments.get().text == "En lång kommentar som tog tid att skriva."
    # Sent: nothing is offered again.
    page.reload()
    assert page.locator("#comments form .unsaved-offer").count() == 0
