"""Issue 14's check: with the mail server down, sending, commenting, signing and the final signature
all succeed in the browser; once a server is up, `db_worker --batch` delivers what was held back."""

from io import StringIO

from django.core.management import call_command
from playwright.sync_api import expect

from meetings.models import Meeting, OutgoingMail
from tests import factories
from tests.mail_server import free_port, smtp_server


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())


def sign(page):
    page.locator("#sign [name=password]").fill(factories.PASSWORD)
    page.locator("#sign-button").click()
    expect(page.get_by_text("Tack, du har justerat minnesanteckningarna.")).to_be_visible()


def test_the_adjustment_goes_on_while_the_mail_server_is_down(
    new_page, login, settings, secretary, adjuster, other_adjuster, ssr, kommunal, meeting, item
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 5
    Meeting.objects.filter(pk=meeting.pk).update(created_by=secretary)
    factories.make_adjuster(meeting, name="Cecilia Cederström", party=ssr, user=adjuster)
    factories.make_adjuster(meeting, name="Christina Gustafsson", party=kommunal, user=other_adjuster)

    office = login(new_page(), secretary)
    office.goto(meeting.get_absolute_url())
    office.get_by_role("link", name="Skicka för justering").click()
    office.locator("main form").get_by_role("button", name="Skicka", exact=True).click()
    expect(office.get_by_text("Minnesanteckningarna har skickats till justerarna.")).to_be_visible()

    # A worker tries while the server is down: the secretary sees what waits, the adjusters nothing.
    run_worker()
    office.reload()
    expect(office.locator("#undeliverable-mail")).to_contain_text("E-post som inte kunde skickas")
    expect(office.locator("#undeliverable-mail")).to_contain_text(adjuster.email)

    first = login(new_page(), adjuster)
    first.goto(f"/meetings/{meeting.pk}/review/")
    assert first.locator("#undeliverable-mail").count() == 0
    comments = first.locator("#comments form")
    comments.locator("[name=item]").select_option(label=item.title)
    comments.locator("[name=text]").fill("Stämmer med vad som sades.")
    comments.get_by_role("button", name="Skicka").click()
    expect(first.get_by_text("Din kommentar har skickats till sekreteraren.")).to_be_visible()
    sign(first)

    second = login(new_page(), other_adjuster)
    second.goto(f"/meetings/{meeting.pk}/review/")
    sign(second)  # the final signature
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.ADJUSTED and not meeting.final_pdf
    office.goto(meeting.get_absolute_url())
    expect(office.locator("#meeting-status")).to_have_text("Justerat")
    expect(office.locator("#final-pdf-status")).to_contain_text("Arkivexemplaret skapas…")
    assert not OutgoingMail.objects.filter(state=OutgoingMail.State.SENT).exists()

    with smtp_server() as (port, server):
        settings.EMAIL_PORT = port
        # The secretary sends the failed ones again; the worker delivers them and everything held back.
        office.locator("#mail-resend").click()
        expect(office.get_by_text("2 e-postmeddelanden skickas igen.")).to_be_visible()
        run_worker()
        delivered = sorted(r for m in server.messages for r in m["to"])
    expected = sorted(OutgoingMail.objects.values_list("recipient", flat=True))
    assert delivered == expected and len(delivered) == 2 + 1 + 3  # requests, the comment, "adjusted" to three
    assert set(OutgoingMail.objects.values_list("state", flat=True)) == {OutgoingMail.State.SENT}
    # The page notices the archival copy by itself (htmx polling).
    expect(office.locator("#final-pdf-status")).to_be_hidden(timeout=10_000)
    meeting.refresh_from_db()
    assert meeting.final_pdf
    office.reload()
    assert office.locator("#undeliverable-mail").count() == 0
