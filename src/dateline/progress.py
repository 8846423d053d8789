"""A progress line for long ingest runs: rate and counts on stderr, silent when not a terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator

from dateline.model import Outcome


def progress_outcomes(outcomes: Iterable[Outcome], *, enabled: bool = True) -> Iterator[Outcome]:
    """Pass outcomes through, showing items done, rate and failures while a human watches.

    Nothing is drawn when stderr is not a terminal, so logs and pipes stay clean.
    The total is unknown up front (folders and feeds are streamed), so the bar
    shows a count and a rate rather than an ETA.
    """
    if not (enabled and sys.stderr.isatty()):
        yield from outcomes
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("ingest"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]:.1f} items/s"), TextColumn("{task.fields[failed]} failed"),
               TimeElapsedColumn())
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task("ingest", total=None, rate=0.0, failed=0)
        failed = 0
        for n, outcome in enumerate(outcomes, start=1):
            failed += outcome.status in ("error", "skipped")
            elapsed = bar.tasks[0].elapsed or 1e-9
            bar.update(task, completed=n, rate=n / elapsed, failed=failed)
            yield outcome
