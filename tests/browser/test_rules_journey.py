"""The rules around the minutes in a real browser (issue 18).

- MBL: a union disagrees with a §11 decision; after the adjustment the decision
  shows "Får inte verkställas" (review page, decision list with its filter, group
  page); Kommunal's adjuster records "Central förhandling begärd", the secretary
  its end, and the decision may be carried out.
- Immediate adjustment: the secretary sends one decision item; both adjusters
  sign it; the protocol extract PDF reads "Protokollsutdrag … Omedelbart justerad".
- The public version: the secretary marks a paragraph secret; after the
  adjustment it never appears to a manager (page, search), on the public page or
  in the public PDF (text extraction), while the full PDF keeps it.
"""

import datetime
import io

from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from meetings.models import CentralNegotiation, ImmediateAdjustment, Meeting
from tests import factories
from tests.rules_helpers import adjust, disagreed_decision, with_adjusters

SECRET = "Brandskyddsplanen för serverhallen"


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_a_disagreement_its_window_and_a_central_negotiation(
        new_page, login, axe_check, secretary, adjuster, other_adjuster, manager, ssr, kommunal, employer,
        meeting, group):
    Meeting.objects.filter(pk=meeting.pk).update(created_by=secretary)
    decision = disagreed_decision(meeting, ssr=ssr, kommunal=kommunal, employer=employer)
    with_adjusters(meeting, adjuster=adjuster, other_adjuster=other_adjuster, ssr=ssr, kommunal=kommunal)
    adjust(meeting, [adjuster, other_adjuster], secretary=secretary)
    today = timezone.localdate()

    reader = login(new_page(), manager)
    reader.goto(meeting.get_absolute_url())
    expect(reader.locator(f"#mbl-{decision.pk} .mbl-blocked")).to_have_text("Får inte verkställas")
    axe_check(reader, "review page with an MBL window")
    reader.goto("/decisions/?mbl=blocked")
    expect(reader.locator("table")).to_contain_text(decision.item.title)
    expect(reader.locator(".mbl-blocked").first).to_be_visible()
    axe_check(reader, "decision list, may not be carried out")
    reader.goto(f"/groups/{group.pk}/")
    expect(reader.locator("#mbl-blocked")).to_contain_text(decision.item.title)

    union = login(new_page(), other_adjuster)
    union.goto(meeting.get_absolute_url())
    union.locator(f"#mbl-{decision.pk}").get_by_role("link", name="Central förhandling").click()
    axe_check(union, "central negotiation page")
    form = union.locator("#request-form")
    form.get_by_label("Facklig organisation").select_option(label="Kommunal")
    form.get_by_label("Begärd den").fill((today + datetime.timedelta(days=1)).isoformat())
    form.get_by_role("button", name="Registrera begäran").click()
    expect(union.locator("#request-form .alert-danger")).to_contain_text("framtiden")
    union.locator("#request-form").get_by_label("Begärd den").fill(today.isoformat())
    union.locator("#request-form").get_by_role("button", name="Registrera begäran").click()
    expect(union.get_by_text("Begäran om central förhandling har registrerats.")).to_be_visible()
    expect(union.locator(".central-negotiation")).to_contain_text("Kommunal")
    expect(union.locator(".mbl-blocked")).to_have_text("Får inte verkställas")

    office = login(new_page(), secretary)
    office.goto(f"/decisions/{decision.pk}/mbl/")
    negotiation = CentralNegotiation.objects.get()
    close = office.locator(f"#close-form-{negotiation.pk}")
    close.get_by_label("Avslutad den").fill(today.isoformat())
    close.locator("textarea").fill("Oenighet kvarstår; arbetsgivaren verkställer.")
    close.get_by_role("button", name="Registrera avslutet").click()
    expect(office.get_by_text("Avslutet av den centrala förhandlingen har registrerats.")).to_be_visible()
    expect(office.locator(f"#mbl-{decision.pk}")).to_contain_text("Får verkställas")
    axe_check(office, "central negotiation closed")
    reader.goto("/decisions/?mbl=blocked")
    expect(reader.locator("main")).not_to_contain_text(decision.item.title)


def test_an_immediate_adjustment_and_its_extract(
        new_page, login, axe_check, secretary, adjuster, other_adjuster, ssr, kommunal, employer, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(created_by=secretary)
    decision = disagreed_decision(meeting, ssr=ssr, kommunal=kommunal, employer=employer)
    with_adjusters(meeting, adjuster=adjuster, other_adjuster=other_adjuster, ssr=ssr, kommunal=kommunal)

    office = login(new_page(), secretary)
    office.goto(meeting.get_absolute_url())
    office.locator(f"#immediate-send-{decision.item_id}").click()
    expect(office.get_by_text("Punkten har skickats till justerarna för omedelbar justering.")).to_be_visible()
    axe_check(office, "immediate adjustment, secretary")
    record = ImmediateAdjustment.objects.get()

    for user in (adjuster, other_adjuster):
        signer = login(new_page(), user)
        signer.goto(f"/immediate/{record.pk}/")
        axe_check(signer, "immediate adjustment, adjuster")
        signer.locator("#sign [name=password]").fill(factories.PASSWORD)
        signer.locator("#immediate-sign-button").click()
        expect(signer.get_by_text("Tack, du har justerat punkten.")).to_be_visible()
    expect(signer.locator("#immediate-done")).to_contain_text("Omedelbart justerad")
    response = signer.request.get(f"/immediate/{record.pk}/pdf/")
    assert response.ok
    text = pdf_text(response.body())
    assert "Protokollsutdrag" in text and "Omedelbart justerad" in text and decision.item.title in text

    office.goto(meeting.get_absolute_url())
    expect(office.locator(f"#item-{decision.item_id} .immediate-adjusted")).to_contain_text("Omedelbart justerad")
    expect(office.locator(f"#immediate-send-{decision.item_id}")).to_have_count(0)


def test_a_secret_paragraph_never_reaches_the_public(
        new_page, login, axe_check, secretary, adjuster, other_adjuster, manager, ssr, kommunal, meeting, group):
    Meeting.objects.filter(pk=meeting.pk).update(created_by=secretary)
    item = factories.make_item(meeting, title="Säkerhet i stadshuset",
                               body=f"Skyddsronden är klar.\n\n{SECRET} revideras.\n\nInget mer.")
    with_adjusters(meeting, adjuster=adjuster, other_adjuster=other_adjuster, ssr=ssr, kommunal=kommunal)

    office = login(new_page(), secretary)
    office.goto(meeting.get_absolute_url())
    office.locator("#secrecy-link").click()
    axe_check(office, "secrecy page")
    form = office.locator("#secrecy-form")
    form.locator("[name=target]").select_option(value=f"para-{item.pk}-1")
    form.locator("[name=reference_choice]").select_option(label="18 kap. 8 § OSL")
    form.locator("[name=reason]").fill("Säkerhetsskydd")
    form.get_by_role("button", name="Markera med sekretess").click()
    expect(office.get_by_text("Delen är markerad med sekretess.")).to_be_visible()
    expect(office.locator(".secrecy-mark")).to_contain_text("18 kap. 8 § OSL")

    adjust(meeting, [adjuster, other_adjuster], secretary=secretary)
    group.publish_public_versions = True
    group.save()

    reader = login(new_page(), manager)
    reader.goto(meeting.get_absolute_url())
    expect(reader.locator(f"#item-{item.pk}")).to_contain_text("[Sekretess enligt 18 kap. 8 § OSL]")
    expect(reader.locator("main")).not_to_contain_text("Brandskyddsplanen")
    reader.goto("/search/?q=Brandskyddsplanen")
    expect(reader.locator("main")).to_contain_text("Inget matchar sökningen")
    assert "serverhallen" not in reader.locator("main").inner_text()
    assert "Brandskyddsplanen" not in pdf_text(reader.request.get(f"/meetings/{meeting.pk}/pdf/").body())

    public = new_page()  # nobody logged in
    public.goto(f"/public/{group.pk}/")
    axe_check(public, "public page")
    expect(public.locator("main")).not_to_contain_text("Brandskyddsplanen")
    link = public.locator("#public-minutes a").first
    response = public.request.get(link.get_attribute("href"))
    assert response.ok
    text = pdf_text(response.body())
    assert "Offentlig version" in text and "Sekretess enligt 18 kap. 8 § OSL" in text
    assert "Brandskyddsplanen" not in text and "serverhallen" not in text

    full = pdf_text(office.request.get(f"/meetings/{meeting.pk}/pdf/").body())
    assert "Brandskyddsplanen" in full
