"""PAdES B-T: with SEAL_TSA_URL the seal carries an RFC 3161 timestamp (a local test TSA, no network)."""

import datetime
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from asn1crypto import keys, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

from meetings import sealing
from tests.sealed import final_pdf


def _name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _tsa(tmp_path):
    """A CA and a timestamping certificate it issued; the CA's PEM is written to tmp_path/tsa-ca.pem."""
    now = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=5)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(_name("Test-TSA-CA")).issuer_name(_name("Test-TSA-CA"))
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # pyHanko's test TSA is RSA-only
    cert = (x509.CertificateBuilder().subject_name(_name("Test-TSA")).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=29))
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
            .sign(ca_key, hashes.SHA256()))
    (tmp_path / "tsa-ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    return DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=keys.PrivateKeyInfo.load(key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
    )


@pytest.fixture
def tsa_url(tmp_path, settings, seal_certificate):
    stamper = _tsa(tmp_path)
    requests = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            requests.append(body)
            response = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(response)))
            self.end_headers()
            self.wfile.write(response)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SEAL_TSA_URL = f"http://127.0.0.1:{server.server_port}/"
    settings.SEAL_TRUST_ROOTS = [str(seal_certificate[2]), str(tmp_path / "tsa-ca.pem")]
    yield requests
    server.shutdown()


def test_with_a_timestamp_service_the_seal_is_timestamped(tsa_url, request):
    meeting = request.getfixturevalue("sealed_minutes")
    assert tsa_url, "the TSA was asked"
    report = sealing.validate_seal(final_pdf(meeting))
    assert report.ok and report.timestamped


def test_without_a_timestamp_service_the_seal_has_no_timestamp(sealed_minutes):
    report = sealing.validate_seal(final_pdf(sealed_minutes))
    assert report.ok and not report.timestamped
