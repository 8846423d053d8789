"""Logs keep secrets and article text out: at the default level nothing of an article's body, no token,
no database password reaches stderr or a log record.

Article text is the user's data (possibly a private collection) and tokens
and passwords are credentials; logs get copied into tickets and CI output.
Each test plants unique marker strings and searches everything logged.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dateline.config import Settings
from tests.trust.conftest import run_cli

BODY_MARKER = "Quillmore"
"""A made-up place name inside the article bodies: it must never be logged."""
TOKEN = "tok-7f3a9c2e1b5d4e6f8a0b"
PASSWORD = "pw-9d8c7b6a5f4e"
REPORT = (
    f"Police arrested four men in the town of {BODY_MARKER} on Monday after protesters blocked the main road, "
    f"officials said. The protesters in {BODY_MARKER} demanded the release of relatives detained last week."
)


def _corpus(folder: Path) -> Path:
    """Good, duplicate, non-English, empty, broken and binary items, all carrying the marker."""
    corpus = folder / "corpus"
    corpus.mkdir()
    (corpus / "report.txt").write_text(REPORT, encoding="utf-8")
    (corpus / "again.txt").write_text(REPORT, encoding="utf-8")
    rows = [
        {"text": REPORT.replace("four", "five"), "title": f"Arrests in {BODY_MARKER}"},
        {"text": f"La police a arrêté quatre hommes à {BODY_MARKER} lundi, après que des manifestants ont "
                 "bloqué la route principale, ont indiqué des responsables."},
        {"text": "   "},
        {"body_without_text_column": REPORT},
    ]
    lines = [json.dumps(r, ensure_ascii=False) for r in rows] + ['{"text": "' + BODY_MARKER + ' broken']
    (corpus / "rows.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (corpus / "blob.txt").write_bytes(b"\x00\x01" + REPORT.encode())
    return corpus


def test_ingest_at_the_default_level_logs_no_article_text_and_no_token(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    done = run_cli(["--db", f"sqlite:///{tmp_path / 'x.db'}", "ingest", str(corpus), "--json"], cwd=tmp_path,
                   env={"DATELINE_TOKEN": TOKEN})
    assert done.returncode == 1, done.stderr  # some items were skipped or failed: that is the point
    outcomes = [json.loads(line) for line in done.stdout.splitlines()]
    assert {o["status"] for o in outcomes} >= {"ingested", "duplicate", "skipped", "error"}
    assert BODY_MARKER not in done.stderr, done.stderr
    assert TOKEN not in done.stderr + done.stdout
    # The reasons on stdout name the item and the problem, not its text.
    assert all(BODY_MARKER not in (o.get("reason") or "") for o in outcomes), outcomes


def test_a_database_password_is_never_printed(tmp_path: Path) -> None:
    url = f"postgresql+psycopg://dateline:{PASSWORD}@127.0.0.1:1/none"
    done = run_cli(["--db", url, "events"], cwd=tmp_path, timeout=120)
    assert done.returncode == 3, done.stderr  # the database cannot be reached: a missing resource
    assert "127.0.0.1" in done.stderr and PASSWORD not in done.stderr + done.stdout


def test_the_api_logs_neither_tokens_nor_posted_article_text(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from dateline.api import create_app

    caplog.set_level(logging.DEBUG)  # record everything; then look at what the default level would show
    app = create_app(Settings(db=f"sqlite:///{tmp_path / 'api.db'}"), allow_ingest=True, token=TOKEN)
    with TestClient(app) as client:
        wrong = client.post("/articles", json={"text": REPORT}, headers={"Authorization": f"Bearer {TOKEN}x"})
        assert wrong.status_code == 401 and TOKEN not in wrong.text
        posted = client.post("/articles", json={"text": REPORT, "title": f"Arrests in {BODY_MARKER}"},
                             headers={"Authorization": f"Bearer {TOKEN}"})
        assert posted.status_code == 201, posted.text
        broken = client.post("/articles", json={"text": "\x00" + REPORT}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert broken.status_code == 400 and "NUL" in broken.json()["reason"], broken.text
    everything = "\n".join(r.getMessage() for r in caplog.records)
    assert TOKEN not in everything, "a token was logged"
    shown = "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING)
    assert BODY_MARKER not in shown, shown
