"""Two people at the same minutes: what the second one sees (issue 2, optimistic locking)."""

from playwright.sync_api import expect

from tests.browser.editor import item_card, mark_page


def test_second_save_of_the_meeting_details_gets_the_conflict_message_and_keeps_its_changes(
    new_page, login, axe_check, secretary, meeting
):
    first, second = new_page(), new_page()
    for page in (first, second):
        login(page, secretary)
        page.goto(f"/meetings/{meeting.pk}/edit/")
    first.locator("[name=place]").fill("Stadshuset, sal 1")
    first.locator("main form").get_by_role("button", name="Spara").click()
    expect(first.get_by_text("Mötesuppgifterna har sparats.")).to_be_visible()

    second.locator("[name=place]").fill("Rådhuset")
    second.locator("[name=chair]").fill("Socialdirektör")
    second.locator("main form").get_by_role("button", name="Spara").click()
    expect(second.locator("main form .alert-danger, main form .alert")).to_contain_text(
        "Någon annan sparade mötesuppgifterna medan du redigerade"
    )
    expect(second.locator("main > .alert-warning")).to_contain_text("Stadshuset, sal 1")
    expect(second.locator("[name=place]")).to_have_value("Rådhuset")
    expect(second.locator("[name=chair]")).to_have_value("Socialdirektör")
    axe_check(second, "meeting details conflict")
    meeting.refresh_from_db()
    assert (meeting.place, meeting.chair) == ("Stadshuset, sal 1", "")

    second.locator("main form").get_by_role("button", name="Spara").click()
    expect(second.get_by_text("Mötesuppgifterna har sparats.")).to_be_visible()
    meeting.refresh_from_db()
    assert (meeting.place, meeting.chair) == ("Rådhuset", "Socialdirektör")


def test_saving_an_item_someone_else_deleted_says_so(new_page, login, secretary, meeting, item):
    first, second = new_page(), new_page()
    for page in (first, second):
        login(page, secretary)
        page.goto(meeting.get_absolute_url())
    mark_page(second)
    item_card(second, item.title).get_by_role("link", name="Redigera").click()
    expect(second.locator("#sections form [name=body]")).to_be_visible()
    item_card(first, item.title).get_by_role("button", name="Ta bort").click()
    expect(item_card(first, item.title)).to_have_count(0)

    second.locator("#sections form [name=body]").fill("Min text som inte får försvinna.")
    second.locator("#sections form").get_by_role("button", name="Spara").click()
    expect(second.get_by_text("någon annan har tagit bort det")).to_be_visible(timeout=3000)
    assert second.locator("#sections form [name=body]").input_value() == "Min text som inte får försvinna."
