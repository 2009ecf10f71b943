"""The bench-only floor page: absent unless BENCH_FLOOR_PAGE, then login-required and empty."""

import importlib

import pytest
from django.urls import clear_url_caches

import samverkan.urls


@pytest.fixture
def floor_routed(settings):
    settings.BENCH_FLOOR_PAGE = True
    clear_url_caches()
    importlib.reload(samverkan.urls)
    yield
    settings.BENCH_FLOOR_PAGE = False
    clear_url_caches()
    importlib.reload(samverkan.urls)


def test_the_floor_page_does_not_exist_by_default(client, manager):
    client.force_login(manager)
    assert client.get("/bench/floor/").status_code == 404


def test_the_floor_page_needs_a_login_and_renders_base_only(client, manager, floor_routed):
    assert client.get("/bench/floor/").status_code == 302
    client.force_login(manager)
    response = client.get("/bench/floor/")
    assert response.status_code == 200
    assert [t.name for t in response.templates][:2] == ["bench_floor.html", "base.html"]
    assert client.post("/bench/floor/").status_code == 405
