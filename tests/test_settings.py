"""Settings come from the environment and refuse malformed values at start-up."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def start(**env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SIGNATURE_HMAC_KEY"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environment, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG must be true or false"),
        ({"DEBUG": "false"}, "SECRET_KEY must be set"),
        ({"DEBUG": "false", "SECRET_KEY": "short"}, "at least 50 characters"),
        ({"DEBUG": "false", "SECRET_KEY": "x" * 60}, "ALLOWED_HOSTS must be set"),
        ({"DEBUG": "false", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "a.se"}, "SIGNATURE_HMAC_KEY must be set"),
        ({"DEBUG": "false", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "a.se", "SIGNATURE_HMAC_KEY": "kort"},
         "SIGNATURE_HMAC_KEY must be at least 32"),
        ({"EMAIL_PORT": "twenty-five"}, "EMAIL_PORT must be a whole number"),
        ({"DATABASE_URL": "mysql://root@localhost/db"}, "DATABASE_URL must point at PostgreSQL or SQLite"),
        ({"DATABASE_URL": "nonsense"}, "DATABASE_URL"),
        ({"EMAIL_USE_TLS": "true", "EMAIL_USE_SSL": "true"}, "cannot both be true"),
    ],
)
def test_malformed_environment_fails_loudly(env, message):
    result = start(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_settings_pass_the_deploy_check(seal_certificate):
    p12, password, ca = seal_certificate  # production needs a real seal certificate (meetings.checks)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "false", "SECRET_KEY": "k" * 30 + "9f8e7d6c5b4a3210ZYXWVUTSRQ", "ALLOWED_HOSTS": "samverkan.example.se",
             "SEAL_PKCS12_PATH": str(p12), "SEAL_PKCS12_PASSWORD": password, "SEAL_TRUST_ROOTS": str(ca),
             "SIGNATURE_HMAC_KEY": "h" * 40},
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr + result.stdout


PRODUCTION = {"DEBUG": "false", "SECRET_KEY": "k" * 30 + "9f8e7d6c5b4a3210ZYXWVUTSRQ", "ALLOWED_HOSTS": "samverkan.example.se",
     "SIGNATURE_HMAC_KEY": "h" * 40}


def settings_in(code, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SIGNATURE_HMAC_KEY"}}
    environment.update(env, DJANGO_SETTINGS_MODULE="samverkan.settings")
    return subprocess.run([sys.executable, "-c", "import django; django.setup()\n" + code], cwd=ROOT,
                          env=environment, capture_output=True, text=True)


def test_production_settings_are_strict():
    result = settings_in(
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'cookie': [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY],"
        "'hsts': [s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS], 'redirect': s.SECURE_SSL_REDIRECT,"
        "'static': s.STORAGES['staticfiles']['BACKEND'], 'frame': s.X_FRAME_OPTIONS,"
        "'csp': s.CONTENT_SECURITY_POLICY['DIRECTIVES'], 'idle': s.SESSION_COOKIE_AGE,"
        "'absolute': s.SESSION_ABSOLUTE_SECONDS, 'mw': s.MIDDLEWARE, 'backends': s.AUTHENTICATION_BACKENDS}))",
        **PRODUCTION, SESSION_IDLE_MINUTES="30", SESSION_ABSOLUTE_HOURS="8",
    )
    assert result.returncode == 0, result.stderr
    import json

    values = json.loads(result.stdout)
    assert values["cookie"] == [True, True, True]
    assert values["hsts"] == [31536000, True] and values["redirect"] is True
    assert values["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert values["frame"] == "DENY" and values["csp"]["frame-ancestors"] == ["'none'"]
    assert values["csp"]["script-src"] == ["'self'"] and "'unsafe-inline'" not in values["csp"]["style-src"]
    assert (values["idle"], values["absolute"]) == (30 * 60, 8 * 3600)
    # django-axes: its backend first, its middleware last.
    assert values["backends"][0] == "meetings.auth.LoginThrottleBackend" and values["mw"][-1] == "axes.middleware.AxesMiddleware"
    assert "meetings.auth.EmailOIDCBackend" not in values["backends"]


def test_development_serves_static_files_without_collectstatic():
    result = settings_in("from django.conf import settings as s; print(s.STORAGES['staticfiles']['BACKEND'], s.WHITENOISE_USE_FINDERS)")
    assert result.stdout.split() == ["django.contrib.staticfiles.storage.StaticFilesStorage", "True"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SESSION_IDLE_MINUTES": "0"}, "SESSION_IDLE_MINUTES must be at least 5"),
        ({"SESSION_ABSOLUTE_HOURS": "ten"}, "SESSION_ABSOLUTE_HOURS must be a whole number"),
        ({"AXES_FAILURE_LIMIT": "0"}, "AXES_FAILURE_LIMIT must be at least 1"),
        ({"AXES_COOLOFF_MINUTES": "soon"}, "AXES_COOLOFF_MINUTES must be a whole number"),
        ({"OIDC_ENABLED": "true"}, "OIDC_RP_CLIENT_ID must be set when OIDC_ENABLED is true"),
        ({"OIDC_ENABLED": "true", "OIDC_RP_CLIENT_ID": "a", "OIDC_RP_CLIENT_SECRET": "b"}, "OIDC_OP_AUTHORIZATION_ENDPOINT must be set"),
        ({**PRODUCTION, "OIDC_ENABLED": "true", "OIDC_RP_CLIENT_ID": "a", "OIDC_RP_CLIENT_SECRET": "b",
          "OIDC_ENTRA_TENANT_ID": "t", "OIDC_OP_TOKEN_ENDPOINT": "http://idp/token"}, "must be an https:// address"),
        ({"OIDC_ENABLED": "true", "OIDC_RP_CLIENT_ID": "a", "OIDC_RP_CLIENT_SECRET": "b", "OIDC_ENTRA_TENANT_ID": "t",
          "OIDC_RP_SIGN_ALGO": "none"}, "OIDC_RP_SIGN_ALGO must be"),
    ],
)
def test_malformed_security_settings_fail_loudly(env, message):
    result = start(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_entra_tenant_gives_every_endpoint():
    result = settings_in(
        "from django.conf import settings as s; print(s.OIDC_OP_AUTHORIZATION_ENDPOINT, s.OIDC_OP_TOKEN_ENDPOINT, "
        "s.OIDC_OP_USER_ENDPOINT, s.OIDC_OP_JWKS_ENDPOINT, s.OIDC_OP_ISSUER, s.AUTHENTICATION_BACKENDS[-1], s.OIDC_CREATE_USER)",
        **PRODUCTION, OIDC_ENABLED="true", OIDC_RP_CLIENT_ID="app-id", OIDC_RP_CLIENT_SECRET="secret",
        OIDC_ENTRA_TENANT_ID="contoso-tenant",
    )
    assert result.returncode == 0, result.stderr
    base = "https://login.microsoftonline.com/contoso-tenant"
    assert result.stdout.split() == [
        f"{base}/oauth2/v2.0/authorize", f"{base}/oauth2/v2.0/token", "https://graph.microsoft.com/oidc/userinfo",
        f"{base}/discovery/v2.0/keys", f"{base}/v2.0", "meetings.auth.EmailOIDCBackend", "False",
    ]
