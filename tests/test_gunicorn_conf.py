"""gunicorn.conf.py: settings from the environment."""

import multiprocessing
import runpy
from pathlib import Path

import pytest

CONF = str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py")


def test_defaults_are_threaded_workers_one_per_core_and_one_more(monkeypatch):
    for name in ("GUNICORN_WORKERS", "GUNICORN_THREADS"):
        monkeypatch.delenv(name, raising=False)
    conf = runpy.run_path(CONF)
    assert conf["worker_class"] == "gthread" and conf["threads"] == 1
    assert conf["workers"] == multiprocessing.cpu_count() + 1
    assert "pre_request" not in conf  # no connection tricks: every request is served as gunicorn does


def test_a_malformed_number_stops_with_a_plain_message(monkeypatch):
    monkeypatch.setenv("GUNICORN_WORKERS", "tre")
    with pytest.raises(SystemExit, match="GUNICORN_WORKERS must be a whole number, not 'tre'"):
        runpy.run_path(CONF)


def test_a_number_below_its_minimum_stops_with_a_plain_message(monkeypatch):
    monkeypatch.setenv("GUNICORN_TIMEOUT", "-1")
    with pytest.raises(SystemExit, match="GUNICORN_TIMEOUT must be at least 0, not -1"):
        runpy.run_path(CONF)
    monkeypatch.delenv("GUNICORN_TIMEOUT")
    monkeypatch.setenv("GUNICORN_THREADS", "0")
    with pytest.raises(SystemExit, match="GUNICORN_THREADS must be at least 1"):
        runpy.run_path(CONF)
