"""Sessions and the logged-in person: Django's own database sessions and authentication middleware."""

import datetime

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.utils import timezone

from meetings.models import User
from tests import factories

HOME = "/"


def test_sessions_and_authentication_are_djangos_own():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert "django.contrib.auth.middleware.AuthenticationMiddleware" in settings.MIDDLEWARE
    assert settings.AUTHENTICATION_BACKENDS[:2] == [
        "meetings.auth.LoginThrottleBackend", "django.contrib.auth.backends.ModelBackend",
    ]


def test_logging_out_ends_the_session_on_the_server(client, manager):
    client.force_login(manager)
    cookie = client.cookies["sessionid"].value
    assert client.get(HOME).status_code == 200
    client.post("/logout/")
    client.cookies["sessionid"] = cookie  # the old cookie, replayed
    response = client.get(HOME)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_expired_session_logs_out(client, manager):
    client.force_login(manager)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(minutes=1))
    assert client.get(HOME).status_code == 302


def test_a_deactivated_account_is_logged_out_at_the_next_request(client, manager):
    client.force_login(manager)
    assert client.get(HOME).status_code == 200
    User.objects.filter(pk=manager.pk).update(is_active=False)
    assert client.get(HOME).status_code == 302


def test_a_password_changed_elsewhere_logs_the_session_out(client, manager):
    client.force_login(manager)
    assert client.get(HOME).status_code == 200
    User.objects.filter(pk=manager.pk).update(password=make_password("ett-helt-nytt-lösenord-2026"))
    response = client.get(HOME)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_new_role_or_admin_right_takes_effect_at_the_next_request(client, manager):
    client.force_login(manager)
    page = client.get(HOME).content.decode()
    assert "Importera" not in page and "Administration" not in page
    User.objects.filter(pk=manager.pk).update(is_staff=True)
    page = client.get(HOME).content.decode()
    assert "Importera" not in page and "Administration" in page
    User.objects.filter(pk=manager.pk).update(role=User.Role.SECRETARY)
    assert "Importera" in client.get(HOME).content.decode()


def test_password_login_goes_through_the_throttle(client, manager):
    response = client.post("/login/", {"username": manager.username, "password": factories.PASSWORD})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(manager.pk)
