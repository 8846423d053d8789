"""Browser tests: `dateline serve` on loopback, driven by Playwright in Debian's headless Chromium.

The browser tests build their stores with the real pipeline, start the real
server in a subprocess on a free port and open one browser; tests skip with
a message naming Chromium when it is not installed. The fixtures live for
this package only: Playwright's sync API keeps an event loop running in the
main thread while it is open, and later tests need ``asyncio.run``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    EXAMPLES,
    VIEWPORT,
    XSS_ARTICLE,
    Server,
    Watch,
    build_store,
    start_server,
    stop_server,
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium, or set DATELINE_CHROMIUM)")
    pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")
    return CHROMIUM


@pytest.fixture(scope="package")
def example_server(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The example corpus plus the script-laden article, served."""
    folder = tmp_path_factory.mktemp("web")
    hostile = folder / "hostile"
    hostile.mkdir()
    (hostile / "hostile.jsonl").write_text(json.dumps(XSS_ARTICLE) + "\n", encoding="utf-8")
    db_url = build_store(folder / "examples.db", [EXAMPLES, hostile])
    server = start_server(db_url, folder / "serve.log")
    yield server
    stop_server(server)


@pytest.fixture(scope="package")
def seeds_server(chromium_path: str, seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The three seed articles (../shared/seeds), served."""
    folder = tmp_path_factory.mktemp("seeds")
    server = start_server(build_store(folder / "seeds.db", [seeds_dir]), folder / "serve.log")
    yield server
    stop_server(server)


@pytest.fixture(scope="package")
def browser(chromium_path: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser) -> Iterator[tuple[object, Watch]]:
    """A fresh page that records dialogs (and dismisses them), console errors and page errors."""
    context = browser.new_context(viewport=VIEWPORT)
    new_page = context.new_page()
    watch = Watch()

    def on_dialog(dialog) -> None:
        watch.dialogs.append(dialog.message)
        dialog.dismiss()

    new_page.on("dialog", on_dialog)
    new_page.on("pageerror", lambda exc: watch.errors.append(f"page error: {exc}"))
    new_page.on("console", lambda msg: watch.errors.append(f"console: {msg.text}") if msg.type == "error" else None)
    yield new_page, watch
    context.close()
