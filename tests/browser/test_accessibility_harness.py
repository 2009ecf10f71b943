"""The axe-core check itself: it must find what it is there to find."""

import pytest


def test_axe_check_fails_on_serious_violations_and_passes_a_clean_page(page, axe_check):
    page.set_content(
        '<!doctype html><html lang="sv"><head><title>Prov</title></head><body><main>'
        '<h1>Prov</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        '<p style="color:#bbb;background:#fff">Svag text</p>'
        '<label>Namn</label><input type="text">'
        "</main></body></html>"
    )
    with pytest.raises(AssertionError) as failure:
        axe_check(page, "page with known violations")
    for rule in ("image-alt", "color-contrast", "label"):
        assert rule in str(failure.value)

    page.set_content(
        '<!doctype html><html lang="sv"><head><title>Prov</title></head><body><main>'
        '<h1>Prov</h1><label for="namn">Namn</label><input id="namn" type="text">'
        "</main></body></html>"
    )
    assert axe_check(page, "clean page") == []
