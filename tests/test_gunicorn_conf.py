"""gunicorn.conf.py: settings from the environment, and the kept-alive connections it closes now and then."""

import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest

CONF = str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py")


class Request:
    closed = False

    def force_close(self):
        self.closed = True


def closed_at(conf, requests):
    """The request numbers (1, 2, …) of one process after which its connection is closed."""
    closed = []
    for nr in range(requests):  # gunicorn counts a process's requests in worker.nr, from 0
        req = Request()
        conf["pre_request"](SimpleNamespace(nr=nr), req)
        if req.closed:
            closed.append(nr + 1)
    return closed


def test_every_hundredth_request_of_a_process_closes_its_connection(monkeypatch):
    monkeypatch.delenv("GUNICORN_KEEPALIVE_REQUESTS", raising=False)
    conf = runpy.run_path(CONF)
    assert conf["worker_class"] == "gthread" and conf["keepalive_requests"] == 100
    assert closed_at(conf, 300) == [100, 200, 300]


def test_the_interval_can_be_changed_or_switched_off(monkeypatch):
    monkeypatch.setenv("GUNICORN_KEEPALIVE_REQUESTS", "3")
    assert closed_at(runpy.run_path(CONF), 9) == [3, 6, 9]
    monkeypatch.setenv("GUNICORN_KEEPALIVE_REQUESTS", "0")
    assert closed_at(runpy.run_path(CONF), 300) == []


def test_a_malformed_number_stops_with_a_plain_message(monkeypatch):
    monkeypatch.setenv("GUNICORN_WORKERS", "tre")
    with pytest.raises(SystemExit, match="GUNICORN_WORKERS must be a whole number, not 'tre'"):
        runpy.run_path(CONF)


def test_a_number_below_its_minimum_stops_with_a_plain_message(monkeypatch):
    monkeypatch.setenv("GUNICORN_KEEPALIVE_REQUESTS", "-1")
    with pytest.raises(SystemExit, match="GUNICORN_KEEPALIVE_REQUESTS must be at least 0, not -1"):
        runpy.run_path(CONF)
    monkeypatch.setenv("GUNICORN_KEEPALIVE_REQUESTS", "100")
    monkeypatch.setenv("GUNICORN_THREADS", "0")
    with pytest.raises(SystemExit, match="GUNICORN_THREADS must be at least 1"):
        runpy.run_path(CONF)
