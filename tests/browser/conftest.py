"""A real Chromium (Debian's), driven by Playwright, against pytest-django's live server."""
import shutil
from pathlib import Path

import pytest

from tests.services import require_chromium

SHOTS = Path("/tmp/shots")  # a copy of every screenshot, where people look at them
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def chromium():
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(chromium):
    """Opens a fresh browser context (own cookies) with the given viewport; English browser on purpose."""
    contexts = []

    def open_page(viewport=PHONE):
        context = chromium.new_context(viewport=viewport, locale="en-US", is_mobile=viewport == PHONE)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def shots(request):
    """Saves numbered screenshots under tests/artifacts/<test name>/."""
    folder = ARTIFACTS / request.node.name.replace("/", "_")
    folder.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 1000))

    def shot(page, label):
        path = folder / f"{next(counter):02d}-{label}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return shot


@pytest.fixture
def demo_site(live_server, transactional_db):
    """The live server with the demo's organisation (sub-districts, schools, departments, accounts)."""
    from demo.organisation import seed_organisation

    seed_organisation()
    return live_server.url


@pytest.fixture
def snap(shots, request):
    """The suite's screenshots (tests/artifacts/...), copied to /tmp/shots/<module>-<label>.png as well."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    prefix = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_journey_")

    def take(page, label):
        page.evaluate("window.scrollTo(0, 0)")  # else the sticky top bar is drawn where the page was scrolled to
        path = shots(page, label)
        shutil.copy(path, SHOTS / f"{prefix}-{path.name}")
        return path

    return take


def login(page, base_url, username, password):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
