"""An htmx request without a session gets 401 and an event, never the login page (meetings.middleware)."""

import json

from django.urls import reverse


def test_an_htmx_save_without_a_session_gets_401_and_swaps_nothing(client, item):
    response = client.post(reverse("meetings:item_edit", args=[item.pk]), {"body": "Text"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 401 and response.content == b""
    assert response["HX-Reswap"] == "none"
    assert json.loads(response["HX-Trigger"]) == {"samverkan:session-expired": {"loginUrl": reverse("login")}}
    assert "no-store" in response["Cache-Control"]


def test_an_ordinary_request_still_goes_to_the_login_page(client, item):
    response = client.post(reverse("meetings:item_edit", args=[item.pk]), {"body": "Text"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_an_htmx_redirect_elsewhere_for_a_logged_in_user_is_left_alone(client, secretary, meeting):
    client.force_login(secretary)
    response = client.post(reverse("meetings:meeting_delete", args=[meeting.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 302 and not response.has_header("HX-Trigger")


def test_the_page_carries_the_dialog_and_the_messages_for_kept_text(client, secretary, meeting):
    client.force_login(secretary)
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert 'id="session-expired"' in page and "Logga in i en ny flik" in page
    assert "som aldrig sparades" in page and "Återställ texten" in page


def test_a_form_sent_without_a_session_comes_back_to_its_page_after_the_login(client, meeting):
    review = reverse("meetings:meeting_review", args=[meeting.pk])
    response = client.post(reverse("meetings:comment_create", args=[meeting.pk]), {"text": "Hej"},
                           HTTP_REFERER=f"http://testserver{review}")
    assert response.status_code == 302 and response["Location"] == f"{reverse('login')}?next={review}"
    # A foreign referer is not followed.
    response = client.post(reverse("meetings:comment_create", args=[meeting.pk]), {"text": "Hej"},
                           HTTP_REFERER="https://evil.example/x")
    assert "evil" not in response["Location"] and "comments" in response["Location"]
