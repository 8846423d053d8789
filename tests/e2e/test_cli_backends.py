"""Every CLI command answers the same on SQLite and on PostgreSQL.

The example corpus is ingested by ``dateline ingest`` into a fresh SQLite
file and into a fresh PostgreSQL database; then each read command and each
export format is run against both and the outputs compared record for record
(the moment of ingestion, which differs between two runs by design, aside).
The PostgreSQL half needs a server: set DATELINE_TEST_PG (CI starts one).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result

from dateline.cli import cli
from tests.store_fixtures import fresh_pg_database, pg_admin_url

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"

pytestmark = pytest.mark.postgres

READS = [
    ("articles", "--json"),
    ("events", "--json"),
    ("events", "--type", "ASSAULT", "--json"),
    ("events", "--country", "IQ", "--sort", "-confidence", "--json"),
    ("events", "--q", "fire", "--json"),
    ("events", "--actor", "police", "--json"),
    ("events", "--from", "2017-10-01", "--to", "2017-10-31", "--sort", "type", "--json"),
    ("stories", "--json"),
    ("stats", "--json"),
]
EXPORTS = ["jsonl", "csv", "acled", "plover", "cameo", "geojson", "parquet"]
INGESTION_TIME_COLUMN = {"csv": "timestamp", "acled": "timestamp", "cameo": "DATEADDED"}
"""Export columns that hold the moment of ingestion (ACLED's timestamp, GDELT's DATEADDED)."""


def invoke(url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", url, *args], catch_exceptions=False)


def without_column(text: str, column: str, delimiter: str) -> list[dict[str, str]]:
    """Rows of a CSV/TSV export, without ``column`` (which must be there)."""
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    rows = list(reader)
    assert reader.fieldnames and column in reader.fieldnames
    return [{k: v for k, v in row.items() if k != column} for row in rows]


def records(output: str) -> list[object]:
    """JSON lines of ``output``, without the ingestion time (it differs between two runs by design)."""
    out = []
    for line in output.splitlines():
        record = json.loads(line)
        if isinstance(record, dict):
            record.pop("ingested_at", None)
        out.append(record)
    return out


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The example corpus ingested by the CLI into each backend: backend name -> store URL."""
    with fresh_pg_database(pg_admin_url()) as pg_url:
        urls = {"sqlite": f"sqlite:///{tmp_path_factory.mktemp('cli-sqlite') / 'examples.db'}", "postgresql": pg_url}
        for url in urls.values():
            result = invoke(url, "ingest", str(EXAMPLES), "--json")
            assert result.exit_code == 0, result.output
            assert {o["status"] for o in records(result.stdout)} <= {"ingested", "near_duplicate"}
        yield urls


@pytest.mark.parametrize("args", READS, ids=lambda args: " ".join(args))
def test_read_commands_answer_alike(stores: dict[str, str], args: tuple[str, ...]) -> None:
    answers = {}
    for backend, url in stores.items():
        result = invoke(url, *args)
        assert result.exit_code == 0, f"{backend}: {result.output}"
        answers[backend] = records(result.stdout)
    assert answers["sqlite"], f"`dateline {' '.join(args)}` printed nothing"
    assert answers["sqlite"] == answers["postgresql"]


def test_show_answers_alike_for_an_article_an_event_and_a_story(stores: dict[str, str]) -> None:
    sqlite = stores["sqlite"]
    story = records(invoke(sqlite, "stories", "--json").stdout)[0]
    event = records(invoke(sqlite, "events", "--json").stdout)[0]
    for item_id in (event["article_id"], event["id"], story["id"]):
        shown = {backend: records(invoke(url, "show", item_id, "--json").stdout) for backend, url in stores.items()}
        for answer in shown.values():
            (record,) = answer
            for article in [record.get("article", {}), *record.get("articles", [])]:
                article.pop("ingested_at", None)
        assert shown["sqlite"] and shown["sqlite"] == shown["postgresql"], item_id


@pytest.mark.parametrize("fmt", EXPORTS)
def test_exports_are_alike(stores: dict[str, str], fmt: str, tmp_path: Path) -> None:
    outputs = {}
    for backend, url in stores.items():
        out = tmp_path / f"{backend}.{fmt}"
        result = invoke(url, "export", "--format", fmt, "-o", str(out))
        assert result.exit_code == 0, f"{backend}: {result.output}"
        if fmt == "parquet":
            outputs[backend] = pq.read_table(out).to_pylist()
        elif fmt in INGESTION_TIME_COLUMN:
            delimiter = "\t" if fmt == "cameo" else ","
            outputs[backend] = without_column(out.read_text(encoding="utf-8"), INGESTION_TIME_COLUMN[fmt], delimiter)
        else:
            outputs[backend] = out.read_text(encoding="utf-8")
    assert outputs["sqlite"], f"the {fmt} export is empty"
    assert outputs["sqlite"] == outputs["postgresql"]
