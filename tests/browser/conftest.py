"""Real-browser tests: Playwright (sync API) driving Debian's Chromium against a live server.

Fixtures for the tests in this folder (every test here is marked `browser` automatically
and runs with a transactional database, since the live server's thread must see the data
the test creates):

- ``page``: a logged-out Playwright page in a fresh browser context (its own cookies),
  whose base URL is the live server, so ``page.goto("/")`` works. Confirmation dialogs
  (``data-confirm``) are accepted. An uncaught JavaScript error fails the test.
- ``new_page()``: a function making another such page in a context of its own, for a
  second person (or the same person in a second window) at the same time.
- ``login(page, user)``: logs ``user`` in through the login form (the password of
  ``tests.factories``) and waits until the login page is left. Returns the page.
- ``axe_check(page, label)``: runs axe-core (``vendor/axe.min.js``, injected, nothing
  fetched) for WCAG 2.1 A/AA on the page as it is; prints every violation and fails on
  those of impact serious or critical. Returns the list of violations
  (``AXE_TIMING=1`` prints how long each check takes).
- ``live_url``: the live server's address, e.g. ``http://localhost:41234``.

``tests/browser/editor.py`` holds the secretary's editor actions (add, edit, move, …)
as functions over a page, for the journeys.

On failure a full-page screenshot of every open page goes to ``test-artifacts/``.
Chromium is Debian's (``/usr/bin/chromium``, or ``$CHROMIUM``); Playwright never
downloads a browser.
"""

import os
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests import factories

HERE = Path(__file__).resolve().parent
AXE_JS = HERE / "vendor" / "axe.min.js"
ARTIFACTS = HERE.parent.parent / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000
# Assertions wait as long as actions do: on a busy CI machine the last signature (which
# renders and seals the final PDF in the request, the tests' tasks running at once) can
# take several seconds, longer than Playwright's default of 5.
expect.set_options(timeout=TIMEOUT_MS)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark every test of this folder `browser` and give it a transactional database."""
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="module")
def chromium_browser():
    """Chromium for one test module.

    Playwright's sync API keeps an event loop running in this thread, so Django would
    refuse the tests' own (synchronous, safe) ORM calls: DJANGO_ALLOW_ASYNC_UNSAFE is
    set while the browser runs, and removed after, so it never leaks into other tests
    or the subprocesses they start (``check --deploy`` rejects it).
    """
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (bin/test installs Debian's chromium).")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def live_url(live_server, settings):
    """The live server's address; emails link to it too (settings.SITE_URL)."""
    settings.SITE_URL = live_server.url
    return live_server.url


@pytest.fixture
def new_page(request, chromium_browser, live_url):
    contexts, errors = [], []

    def make():
        context = chromium_browser.new_context(
            base_url=live_url,
            locale="sv-SE",
            timezone_id="Europe/Stockholm",
            viewport={"width": 1280, "height": 900},
            accept_downloads=True,
            # The app may send a strict Content Security Policy; axe is injected inline.
            bypass_csp=True,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
        return page

    yield make

    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        number = 0
        for context in contexts:
            for page in context.pages:
                number += 1
                try:
                    path = ARTIFACTS / f"{name}-{number}.png"
                    page.screenshot(path=str(path), full_page=True)
                    print(f"Screenshot: {path} ({page.url})")
                except Exception as exc:  # a crashed page must not hide the real failure
                    print(f"No screenshot of {page.url}: {exc}")
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors in the page: {errors}"


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def login():
    def do_login(page, user, password=factories.PASSWORD):
        page.goto("/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        with page.expect_navigation():
            page.click("main button[type=submit]")
        assert "/login/" not in page.url, f"{user.username} could not log in"
        return page

    return do_login


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def run_axe(page):
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {
                runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
            });
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
            }));
        }""",
        AXE_TAGS,
    )


@pytest.fixture
def axe_check():
    """Fails on serious/critical WCAG 2.1 AA violations; prints every violation found."""
    checked = []

    def check(page, label=""):
        started = time.monotonic()
        violations = run_axe(page)
        if os.environ.get("AXE_TIMING"):
            print(f"axe {label}: {time.monotonic() - started:.2f} s")
        checked.append(label or page.url)
        where = f"{label} ({page.url})" if label else page.url
        for v in violations:
            print(f"axe [{v['impact']}] {v['id']}: {v['help']} on {where}")
            for node in v["nodes"][:5]:
                print(f"    {node['target']}")
        blocking = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert not blocking, "Accessibility violations on {}:\n{}".format(
            where,
            "\n".join(
                f"[{v['impact']}] {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}\n"
                f"  {v['nodes'][0]['summary']}"
                for v in blocking
            ),
        )
        return violations

    check.checked = checked
    return check
