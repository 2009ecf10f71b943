"""A real SMTP server on the loopback interface for the mail tests (aiosmtpd), and a port where none listens."""

import contextlib
import socket

from aiosmtpd.controller import Controller


def free_port():
    """A local TCP port nothing listens on (bound and released at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Recorder:
    """Keeps each message the server receives, and counts the SMTP sessions."""

    def __init__(self):
        self.messages = []
        self.sessions = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):
        self.messages.append({"to": list(envelope.rcpt_tos), "data": envelope.content.decode("utf-8", "replace")})
        return "250 OK"


@contextlib.contextmanager
def smtp_server(port=None):
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=port or free_port())
    controller.start()
    try:
        yield controller.port, recorder
    finally:
        controller.stop()
