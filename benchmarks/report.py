"""What the benchmark scripts share: writing a generated corpus and reporting a run."""

from __future__ import annotations

import json
import os
import platform
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def machine_line() -> str:
    """The machine a run is reported for: architecture, cores and Python version."""
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def write_jsonl(path: Path, records: Iterable[dict]) -> None:
    """Write ``records`` as JSON lines (the format ``dateline ingest`` reads from a .jsonl file)."""
    with path.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record) + "\n")


def report(command: str, lines: list[str], result: dict, *, record: bool) -> None:
    """Print the table and the JSON line; with ``record``, append both to RESULTS.md under ``command``."""
    print("\n".join(lines))
    print(json.dumps(result))
    if record:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        with RESULTS.open("a", encoding="utf-8") as fh:
            fh.write(f"\n## {command} ({stamp})\n\n```\n" + "\n".join(lines) + "\n" + json.dumps(result) + "\n```\n")
