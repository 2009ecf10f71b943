"""The interface speaks Swedish to everybody, also on its error pages."""

from django.test import Client
from django.urls import reverse


def test_the_interface_is_swedish_whatever_the_browser_asks_for(client, secretary):
    client.force_login(secretary)
    page = client.get(reverse("meetings:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="sv">' in page
    assert "Logga ut" in page


def test_not_found_and_not_allowed_pages_are_swedish(client, manager):
    client.force_login(manager)
    response = client.get("/meetings/999999/")
    assert response.status_code == 404 and "Sidan hittades inte" in response.content.decode()
    response = client.get(reverse("meetings:import_upload"))
    assert response.status_code == 403 and "Inte tillåtet" in response.content.decode()


def test_an_expired_form_gets_a_swedish_page(secretary):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretary)
    response = client.post(reverse("meetings:meeting_create"), {})
    assert response.status_code == 403 and "Formuläret har gått ut" in response.content.decode()
