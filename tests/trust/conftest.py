"""Shared helpers for the trust tests: run counts from the environment, time limits, memory, the CLI.

The trust tests try to break dateline: bad input, kills mid-write, load, hostile
strings, old stores. Their long loops take their size from environment
variables so CI runs a reduced count and a documented full run uses more
(see benchmarks/results/trust.md for the commands and numbers).
"""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "articles"
DATELINE = [sys.executable, "-m", "dateline.cli"]
"""The CLI as a subprocess, through the interpreter running the tests (no PATH lookup)."""


def generated_articles(n: int) -> list[dict[str, str]]:
    """``n`` wire-style articles of about 120 words from benchmarks/corpus.py (fixed seed: same corpus each run)."""
    spec = importlib.util.spec_from_file_location("dateline_bench_corpus", ROOT / "benchmarks" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.generate(n, words=120, seed=11))


def env_int(name: str, default: int) -> int:
    """An integer knob from the environment (e.g. DATELINE_FUZZ_EXAMPLES), or ``default``."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise pytest.UsageError(f"{name}={raw!r} is not a whole number") from None


class TimeLimitExceeded(BaseException):
    """Raised inside the code under test when an item takes too long.

    A BaseException, so the ``except Exception`` guards at dateline's batch
    boundaries cannot turn a hang into an ordinary error outcome.
    """


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Fail loudly when the block runs longer than ``seconds`` (SIGALRM; main thread only)."""

    def on_alarm(_signum: int, _frame: object) -> None:
        raise TimeLimitExceeded(f"{what} took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def rss_mb() -> float:
    """Resident memory of this process, in MiB."""
    return psutil.Process().memory_info().rss / 2**20


def run_cli(args: Sequence[str], *, cwd: Path, timeout: float = 600, env: dict[str, str] | None = None,
            stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``dateline ARGS`` to completion and return what it printed."""
    return subprocess.run(
        [*DATELINE, *args], cwd=cwd, input=stdin.decode() if stdin is not None else None, capture_output=True,
        text=True, timeout=timeout, env={**os.environ, **(env or {})}, check=False,
    )


_NUMBERS: list[str] = []


def report(line: str) -> None:
    """Keep a line for the end-of-run summary (counts and timings for the record), shown even when captured."""
    _NUMBERS.append(line.strip())


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _NUMBERS:
        terminalreporter.section("dateline trust numbers")
        for line in _NUMBERS:
            terminalreporter.write_line(line)
