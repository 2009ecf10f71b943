"""Adjustment (justering) in a real browser: issue 4's journey, point 9.

The secretary sends the minutes; one adjuster asks for a change from the email link,
the other signs; the secretary's edit voids that signature (shown as void, and its
adjuster is emailed); both sign; the minutes become Adjusted, read-only, and the
final PDF carries both verification codes. Every page is checked with axe-core.
"""

import io
import re
import time

from django.core import mail
from playwright.sync_api import expect
from pypdf import PdfReader

from meetings.models import Meeting, Signature
from tests import factories
from tests.browser.editor import edit_item


def review_link(message):
    match = re.search(r"https?://\S+/meetings/\d+/review/", message.body)
    assert match, message.body
    return match.group(0)


def open_link_and_log_in(page, link, user):
    """From the email: the link asks for a login first, then lands on the page it names."""
    page.goto(link)
    expect(page.locator("#id_username")).to_be_visible()
    page.fill("#id_username", user.username)
    page.fill("#id_password", factories.PASSWORD)
    page.locator("main form").get_by_role("button", name="Logga in").click()
    page.wait_for_url(link)


def sign(page, password=factories.PASSWORD):
    page.locator("#sign [name=password]").fill(password)
    page.locator("#sign-button").click()
    expect(page.get_by_text("Tack, du har justerat minnesanteckningarna.")).to_be_visible()


def signature_cell(page, adjuster_name):
    return page.locator("#signatures tr", has=page.locator("td", has_text=adjuster_name)).locator("td").nth(2)


def test_adjustment_from_email_link_to_the_final_pdf(
    new_page, login, axe_check, settings, secretary, adjuster, other_adjuster, manager, ssr, kommunal, meeting, item
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Meeting.objects.filter(pk=meeting.pk).update(created_by=secretary)  # as when drafted in the app
    factories.make_item(meeting, title="Budget 2021", body="Förvaltningen presenterar budgeten.")
    factories.make_adjuster(meeting, name="Cecilia Cederström", party=ssr, user=adjuster)
    factories.make_adjuster(meeting, name="Christina Gustafsson", party=kommunal, user=other_adjuster)

    # The secretary sends the minutes for adjustment.
    office = login(new_page(), secretary)
    office.goto(meeting.get_absolute_url())
    office.get_by_role("link", name="Skicka för justering").click()
    axe_check(office, "send for adjustment")
    office.locator("main form").get_by_role("button", name="Skicka", exact=True).click()
    expect(office.get_by_text("Minnesanteckningarna har skickats till justerarna.")).to_be_visible()
    expect(office.locator("#meeting-status")).to_have_text("Ute för justering")
    axe_check(office, "editor, out for adjustment")

    requests = {m.to[0]: m for m in mail.outbox}
    assert set(requests) == {adjuster.email, other_adjuster.email}
    assert all(m.subject.startswith("Justera gärna: Minnesanteckningar från samverkansgrupp") for m in requests.values())
    mail.outbox.clear()

    # Adjuster 1 opens the link and asks for a change on an item.
    first = new_page()
    first.goto(review_link(requests[adjuster.email]))
    axe_check(first, "login from the email link")
    open_link_and_log_in(first, review_link(requests[adjuster.email]), adjuster)
    expect(first.locator("#sign")).to_be_visible()
    axe_check(first, "review, adjuster")
    comments = first.locator("#comments form")
    comments.locator("[name=item]").select_option(label=item.title)
    comments.locator("[name=text]").fill("Skriv ut att uppföljningen sker i maj.")
    comments.locator("[name=is_change_request]").check()
    comments.get_by_role("button", name="Skicka kommentar").click()
    expect(first.get_by_text("Din kommentar har skickats till sekreteraren.")).to_be_visible()
    expect(first.locator("#comments")).to_contain_text("Skriv ut att uppföljningen sker i maj.")
    axe_check(first, "review after a comment")
    assert [m.to for m in mail.outbox] == [[secretary.email]]
    mail.outbox.clear()
    first.goto("/")
    expect(first.locator("#waiting-for-me")).to_contain_text("Minnesanteckningar från samverkansgrupp")
    axe_check(first, "home, adjuster")
    office.goto("/")
    expect(office.locator("#out-for-adjustment")).to_contain_text("Cecilia Cederström")
    axe_check(office, "home, secretary")
    first.goto(review_link(requests[adjuster.email]))

    # Adjuster 2 signs from the email link, timed as a union representative would live it.
    second = new_page()
    started = time.monotonic()
    open_link_and_log_in(second, review_link(requests[other_adjuster.email]), other_adjuster)
    sign(second)
    elapsed = time.monotonic() - started
    print(f"Adjuster's path from the email link to signed (login, read, password, sign): {elapsed:.1f} s")
    axe_check(second, "review, signed")

    # Wrong password: a clear message, nothing signed (checked before the secretary edits).
    first.reload()
    first.locator("#sign [name=password]").fill("fel-lösenord")
    first.locator("#sign-button").click()
    expect(first.locator("#sign .alert-danger")).to_have_text("Lösenordet var fel; ingenting justerades.")
    axe_check(first, "review, wrong password")
    assert not Signature.objects.filter(user=adjuster).exists()

    # The secretary sees the change request and edits the item: the signature given is void.
    office.goto(meeting.get_absolute_url())
    expect(office.locator("#comments")).to_contain_text("Skriv ut att uppföljningen sker i maj.")
    expect(signature_cell(office, "Christina Gustafsson")).to_contain_text("Justerat")
    edit_item(office, item.title, body="Första stycket.\n\nUppföljningen sker i maj.")
    office.reload()
    void = signature_cell(office, "Christina Gustafsson")
    expect(void).to_contain_text("Inte justerat")
    expect(void.locator(".signature-void")).to_have_text("Tidigare justering ogiltig")
    expect(void).to_contain_text("Minnesanteckningarna ändrades efter justeringen.")
    axe_check(office, "editor, a void signature")
    office.get_by_role("link", name="Kontrollera justeringar").click()
    row = office.locator("tr.verify-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Christina Gustafsson")
    expect(row).to_contain_text("Ogiltig")
    expect(row).to_contain_text("Stämmer inte")
    axe_check(office, "verify, a void signature")
    voided = [m for m in mail.outbox if m.to == [other_adjuster.email]]
    assert len(voided) == 1 and voided[0].subject.startswith("Din justering är ogiltig:"), [m.subject for m in mail.outbox]
    assert review_link(voided[0]).endswith(f"/meetings/{meeting.pk}/review/")
    assert not [m for m in mail.outbox if m.to == [adjuster.email]]

    # Adjuster 2 sees the void signature on the review page and signs the new version.
    second.reload()
    expect(signature_cell(second, "Christina Gustafsson")).to_contain_text("Tidigare justering ogiltig")
    expect(second.locator("article.minutes")).to_contain_text("Uppföljningen sker i maj.")
    sign(second)
    # Adjuster 1 still has the old page open: signing it is refused, a reload shows the new text.
    first.locator("#sign [name=password]").fill(factories.PASSWORD)
    first.locator("#sign-button").click()
    expect(first.locator("#sign .alert-danger")).to_contain_text("Minnesanteckningarna ändrades medan du läste dem.")
    expect(first.locator("article.minutes")).to_contain_text("Uppföljningen sker i maj.")
    # The last signature, given with the keyboard alone: Tab to the password, type, Enter.
    first.locator("body").focus()
    for _ in range(80):
        first.keyboard.press("Tab")
        if first.evaluate("document.activeElement.name === 'password'"):
            break
    first.keyboard.type(factories.PASSWORD)
    first.keyboard.press("Enter")
    expect(first.get_by_text("Tack, du har justerat minnesanteckningarna.")).to_be_visible()
    axe_check(first, "review, adjusted, as adjuster")

    # Adjusted: read-only for the secretary, and the final PDF carries both codes.
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.ADJUSTED
    assert meeting.final_pdf
    office.goto(meeting.get_absolute_url())
    expect(office.locator("#meeting-status")).to_have_text("Justerat")
    expect(office.locator("#sections")).to_have_count(0)
    expect(office.get_by_role("button", name="Ta bort")).to_have_count(0)
    expect(office.get_by_role("link", name="Redigera")).to_have_count(0)
    axe_check(office, "adjusted minutes")
    refused = office.goto(f"/items/{item.pk}/edit/")
    assert refused.status == 403
    office.goto(meeting.get_absolute_url())
    codes = office.locator("#signatures code").all_inner_texts()
    expected = sorted(s.verification_code for s in Signature.objects.filter(meeting=meeting, voided_at__isnull=True))
    assert sorted(codes) == expected and len(codes) == 2

    with office.expect_download() as download_info:
        office.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; a.download = 'minutes.pdf';"
            " document.body.appendChild(a); a.click(); }",
            f"/meetings/{meeting.pk}/pdf/",
        )
    pdf_bytes = open(download_info.value.path(), "rb").read()
    assert pdf_bytes.startswith(b"%PDF")
    assert pdf_bytes == meeting.final_pdf.open("rb").read()
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes)).pages)
    for code in expected:
        assert code in text, f"{code} not in the final PDF"
    done = [m for m in mail.outbox if m.subject.startswith("Justerat:") or "justerade" in m.subject.lower()]
    assert done, [m.subject for m in mail.outbox]
    office.get_by_role("link", name="Kontrollera justeringar").click()
    expect(office.locator("tr.verify-row[data-matches=yes]")).to_have_count(2)
    axe_check(office, "verify, adjusted")
    office.goto(meeting.get_absolute_url())
    office.get_by_role("link", name="Historik").click()
    axe_check(office, "history")

    # A manager reads the adjusted minutes; a wrong password at login gets a clear message.
    reader = new_page()
    reader.goto("/login/")
    reader.fill("#id_username", manager.username)
    reader.fill("#id_password", "fel")
    reader.locator("main form").get_by_role("button", name="Logga in").click()
    expect(reader.locator("main .alert-danger, main .invalid-feedback").first).to_be_visible()
    axe_check(reader, "login, wrong password")
    login(reader, manager)
    expect(reader.locator("main table")).to_contain_text("11/2020")
    axe_check(reader, "home, manager")
    reader.goto(meeting.get_absolute_url())
    expect(reader.locator("#meeting-status")).to_have_text("Justerat")
    expect(reader.locator("#sign")).to_have_count(0)
    axe_check(reader, "adjusted minutes, manager")
