"""Helpers for the browser tests: build a store, run `dateline serve`, save screenshots.

Chromium is the system one (``apt-get install chromium``; another binary via
``DATELINE_CHROMIUM``), never a Playwright download.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "articles"
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("DATELINE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1440, "height": 900}

XSS_ARTICLE = {
    "title": "<script>alert('title')</script><img src=x onerror=alert('title-img')> Gunmen attack checkpoint",
    "text": (
        "KABUL, Afghanistan - Gunmen attacked a police checkpoint in Kabul on Sunday, killing three officers, "
        "officials said. <script>alert('body')</script> <img src=x onerror=\"alert('img')\"> Witnesses said the "
        "attackers fled toward Jalalabad. <a href=\"javascript:alert('link')\">Read more</a> "
        "<svg onload=alert('svg')></svg> <iframe src=\"javascript:alert('frame')\"></iframe> Police later "
        "arrested two suspects, the interior ministry said."
    ),
    "url": "javascript:alert('url')",
    "source": "<b onmouseover=alert('source')>Evil Outlet</b>",
    "published": "2023-04-02",
}
"""An article whose every field carries script or HTML; written here, ingested like any other."""


def build_store(db: Path, paths: list[Path]) -> str:
    """Ingest and resolve ``paths`` into a new SQLite store, as `dateline ingest` does; returns its URL."""
    from dateline.config import Settings
    from dateline.pipeline import Pipeline
    from dateline.resolve_store import resolve_store
    from dateline.store import Store

    settings = Settings(db=f"sqlite:///{db}")
    pipeline = Pipeline(settings)
    with Store(settings.db) as store:
        outcomes = list(pipeline.ingest([str(p) for p in paths], store))
        assert all(o.status in ("ingested", "near_duplicate") for o in outcomes), outcomes
        resolve_store(store, pipeline)
    return settings.db


@dataclass
class Server:
    """A running `dateline serve` and helpers to read its API."""

    url: str
    process: subprocess.Popen
    log: Path

    def api(self, path: str) -> dict:
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return json.load(response)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db_url: str, log: Path) -> Server:
    port = free_port()
    command = [sys.executable, "-m", "dateline.cli", "--db", db_url, "serve", "--host", "127.0.0.1", "--port", str(port)]
    out = log.open("w")
    process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    server = Server(url=f"http://127.0.0.1:{port}", process=process, log=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dateline serve exited with {process.returncode}: {log.read_text()}")
        try:
            server.api("/stats")
            return server
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError(f"dateline serve did not answer within 60 s: {log.read_text()}")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


@dataclass
class Watch:
    """What a page did that it should not: dialogs opened, script errors, failed requests."""

    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def screenshot(page, name: str) -> Path:
    """Save the current viewport as docs/screenshots/<name>.png (the README shows these)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
