"""In the browser: /verify/ says a downloaded final PDF is unchanged and sealed, and a changed copy is not."""

from playwright.sync_api import expect

from tests.sealed import final_pdf, one_byte_changed


def test_verify_page_tells_the_downloaded_pdf_from_a_changed_copy(page, login, axe_check, manager, sealed_minutes,
                                                                  tmp_path, live_url):
    login(page, manager)
    # The final PDF as the browser downloads it from the app.
    response = page.request.get(f"{live_url}/meetings/{sealed_minutes.pk}/pdf/")
    assert response.ok
    downloaded = tmp_path / "minnesanteckningar.pdf"
    downloaded.write_bytes(response.body())
    assert response.body() == final_pdf(sealed_minutes)

    page.goto("/")
    page.get_by_role("link", name="Verifiera PDF").click()
    axe_check(page, "verify, empty")
    page.set_input_files("#id_file", str(downloaded))
    page.get_by_role("button", name="Verifiera", exact=True).click()
    result = page.locator("#verify-result")
    expect(result).to_have_attribute("data-ok", "yes")
    expect(result.get_by_role("heading")).to_have_text("Filen är oförändrad och dess sigill är giltigt.")
    expect(result).to_contain_text("byte för byte identisk med det arkiverade exemplaret")
    expect(result).to_contain_text("Sigillet täcker hela filen.")
    expect(result).to_contain_text("Justerad av Cecilia Cederström")
    axe_check(page, "verify, valid")

    changed = tmp_path / "andrad.pdf"
    changed.write_bytes(one_byte_changed(downloaded.read_bytes()))
    page.set_input_files("#id_file", str(changed))
    page.get_by_role("button", name="Verifiera", exact=True).click()
    expect(result).to_have_attribute("data-ok", "no")
    expect(result.get_by_role("heading")).to_have_text("Filen har ändrats efter försegling.")
    expect(result).to_contain_text("Sigillet är brutet")
    axe_check(page, "verify, changed")
