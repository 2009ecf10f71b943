"""System checks: production refuses to start without a real seal certificate.

Run by every management command that checks (runserver, migrate, check,
check --deploy). With DEBUG off the seal certificate must be configured
(SEAL_PKCS12_PATH), readable with its password, and not the demo
certificate made by meetings.sealing.ensure_demo_certificate.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register

from meetings import sealing


@register(Tags.security)
def seal_certificate(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    try:
        credentials = sealing.credentials(create_demo=False)
        seal_signer = sealing.signer(credentials)
    except sealing.SealError as exc:
        return [Error(str(exc), hint="Set SEAL_PKCS12_PATH and SEAL_PKCS12_PASSWORD (or _FILE).",
                      id="meetings.E016")]
    if credentials.is_demo or sealing.is_demo_certificate(seal_signer.signing_cert):
        return [Error(
            f"The seal certificate is the demo certificate ({sealing.DEMO_SEAL_NAME}); production minutes "
            "cannot be sealed with it.",
            hint="Set SEAL_PKCS12_PATH to the organisation's seal certificate.", id="meetings.E017",
        )]
    return []
