"""The load balancer's health check, the request log and the settings for several app servers."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def test_health_answers_without_login(db):
    response = Client().get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_health_answers_503_when_the_database_is_down(db):
    with mock.patch("meetings.views.health.connection.cursor", side_effect=DatabaseError("down")):
        response = Client().get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    assert b"down" not in response.content


def test_health_takes_only_get(db):
    assert Client().post("/health/").status_code == 405


def test_other_pages_still_need_a_login(db):
    response = Client().get(reverse("meetings:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_every_request_gets_one_log_line_with_its_facts(client, secretary, caplog):
    client.force_login(secretary)
    with caplog.at_level(logging.INFO, logger="samverkan.request"):
        client.get(reverse("meetings:home"))
        client.get("/meetings/999999/")
    records = [r for r in caplog.records if r.name == "samverkan.request"]
    assert [(r.method, r.path, r.status, r.user_id) for r in records] == [
        ("GET", "/", 200, secretary.pk), ("GET", "/meetings/999999/", 404, secretary.pk),
    ]
    assert all(isinstance(r.duration_ms, float) and r.duration_ms >= 0 for r in records)


def test_health_checks_are_logged_quietly(db, caplog):
    with caplog.at_level(logging.INFO, logger="samverkan.request"):
        Client().get("/health/")
    assert not [r for r in caplog.records if r.name == "samverkan.request"]


def run(code, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    environment.update(env)
    environment["DJANGO_SETTINGS_MODULE"] = "samverkan.settings"
    setup = "import django; django.setup()\n"
    return subprocess.run([sys.executable, "-c", setup + code], cwd=ROOT, env=environment,
                          capture_output=True, text=True)


def test_json_logs_are_one_object_a_line():
    result = run(
        "import logging; logging.getLogger('samverkan.request').info('GET / 200', "
        "extra={'method': 'GET', 'path': '/', 'status': 200, 'duration_ms': 1.5, 'user_id': 7})",
        LOG_FORMAT="json",
    )
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["logger"] == "samverkan.request" and line["level"] == "INFO"
    assert (line["method"], line["path"], line["status"], line["duration_ms"], line["user_id"]) == ("GET", "/", 200, 1.5, 7)
    assert "time" in line and line["message"] == "GET / 200"


def test_s3_storage_is_wired_from_the_environment_without_network():
    result = run(
        "from django.conf import settings as s; import json; print(json.dumps([s.STORAGES['default'], "
        "s.AWS_STORAGE_BUCKET_NAME, s.AWS_S3_ENDPOINT_URL, s.AWS_S3_REGION_NAME, s.AWS_LOCATION, "
        "s.AWS_DEFAULT_ACL, s.AWS_QUERYSTRING_AUTH, s.AWS_S3_FILE_OVERWRITE, s.SESSION_ENGINE]))",
        STORAGE_BACKEND="s3", AWS_STORAGE_BUCKET_NAME="samverkan-media",
        AWS_S3_ENDPOINT_URL="https://s3.kommun.example", AWS_S3_REGION_NAME="se-sto-1",
    )
    assert result.returncode == 0, result.stderr
    storage, bucket, endpoint, region, location, acl, signed, overwrite, sessions = json.loads(result.stdout)
    assert storage == {"BACKEND": "storages.backends.s3.S3Storage"}
    assert (bucket, endpoint, region, location) == ("samverkan-media", "https://s3.kommun.example", "se-sto-1", "media")
    assert acl is None and signed is True and overwrite is False
    assert sessions == "django.contrib.sessions.backends.db"  # in the database: nothing of it on the app server


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"STORAGE_BACKEND": "s3"}, "AWS_STORAGE_BUCKET_NAME must be set"),
        ({"STORAGE_BACKEND": "ftp"}, "STORAGE_BACKEND must be filesystem or s3"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT must be text or json"),
        ({"LOG_LEVEL": "chatty"}, "LOG_LEVEL must be"),
    ],
)
def test_malformed_operations_settings_fail_loudly(env, message):
    result = run("pass", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_filesystem_storage_is_the_default():
    result = run("from django.conf import settings as s; print(s.STORAGES['default']['BACKEND'])")
    assert result.stdout.strip() == "django.core.files.storage.FileSystemStorage"
