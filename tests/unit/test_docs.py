"""The docs site: it builds with ``mkdocs build --strict``, and what it documents matches the code.

Tables in the docs are written by hand for readability; these tests fail
when the code grows a field, column, format, command or component the docs
do not cover (and say where to add it).
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import dateline.model as model
from dateline.cli import cli
from dateline.export import ACLED_COLUMNS, FLAT_COLUMNS, FORMATS

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
CONFIG = ROOT / "mkdocs.yml"


def read(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def nav_files(entries: list) -> list[str]:  # type: ignore[type-arg]
    files: list[str] = []
    for entry in entries:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        files.extend(nav_files(value) if isinstance(value, list) else [value])
    return files


def config() -> dict:  # type: ignore[type-arg]
    class Loader(yaml.SafeLoader):
        """mkdocs.yml may hold !!python/name tags; ignore any tag."""

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    return yaml.load(CONFIG.read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506 - SafeLoader subclass


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:  # its parent package is missing
        return False


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    missing = [m for m in ("mkdocs", "mkdocstrings", "mkdocstrings_handlers.python") if not _installed(m)]
    if missing:
        pytest.skip(f"the docs build needs {', '.join(missing)}: pip install -e '.[docs]'")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(CONFIG),
                          "--site-dir", str(tmp_path / "site")], capture_output=True, text=True, cwd=ROOT,
                         timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    assert (tmp_path / "site" / "python-api.html").exists()
    assert "to_pandas" in (tmp_path / "site" / "python-api.html").read_text(encoding="utf-8")


def test_every_docs_page_is_in_the_nav() -> None:
    in_nav = set(nav_files(config()["nav"]))
    pages = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md") if "_hooks" not in p.parts}
    assert not pages - in_nav, f"add these pages to the nav in mkdocs.yml: {sorted(pages - in_nav)}"
    assert not in_nav - pages, f"the nav names pages that do not exist: {sorted(in_nav - pages)}"


def _field_tables(text: str) -> dict[str, list[str]]:
    """Fields listed under each ``### `Record``` heading (first column of its table)."""
    tables: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        heading = re.match(r"^### `(\w+)`", line)
        if heading:
            current = heading.group(1)
            tables[current] = []
            continue
        cell = re.match(r"^\| `(\w+)` \|", line)
        if current and cell:
            tables[current].append(cell.group(1))
    return tables


def test_data_model_page_lists_every_field_of_every_record() -> None:
    tables = _field_tables(read("data-model.md"))
    records = {name: cls for name, cls in vars(model).items()
               if isinstance(cls, type) and issubclass(cls, model.Record) and cls is not model.Record}
    undocumented = sorted(set(records) - set(tables))
    assert not undocumented, f"document these records in docs/data-model.md: {undocumented}"
    for name, cls in records.items():
        assert tables[name] == list(cls.model_fields), (
            f"docs/data-model.md: the table of {name} must list its fields in order: {list(cls.model_fields)}")


def test_exports_page_documents_every_format_and_column() -> None:
    text = read("exports.md")
    headings = " ".join(re.findall(r"^## (.+)$", text, flags=re.M))
    assert all(re.search(rf"\b{fmt}\b", headings) for fmt in FORMATS), "each format needs a section in exports.md"
    flat = text.split("## The flat event table", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^\| `(\w+)` \|", flat, flags=re.M) == list(FLAT_COLUMNS)
    acled = text.split("\n## acled", 1)[1].split("\n## ", 1)[0]
    documented = {c for cell in re.findall(r"^\| ((?:`\w+`(?:, )?)+) \|", acled, flags=re.M)
                  for c in re.findall(r"`(\w+)`", cell)}
    assert documented == set(ACLED_COLUMNS)


def test_python_api_page_gives_each_command_its_python_call() -> None:
    text = read("python-api.md")
    table = text.split("\n## ", 1)[0]
    for command in cli.commands:
        assert f"`dateline {command}" in table, f"python-api.md: add `dateline {command}` and its Python call"
    for component in ("dateline_gazetteer_ruler", "dateline_places", "dateline_actors", "dateline_times",
                      "dateline_events"):
        assert f"`{component}`" in text
