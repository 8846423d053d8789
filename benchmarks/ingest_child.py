"""``dateline ingest`` in a child process, watched: time in all and up to resolution, memory, outcomes.

One runner for every benchmark that times or measures an ingest, so they all
measure it the same way: the child logs at INFO (``-v``) so the start of
cross-source resolution can be seen, and its memory is sampled from
``/proc/PID/status`` every half second (Linux).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

RESOLVE_MARK = "resolving stories"
"""Logged by ``dateline ingest`` at INFO when the cross-source pass starts."""
SAMPLE_SECONDS = 0.5


def memory_mb(pid: int) -> tuple[float, float] | None:
    """Resident memory in MB of process ``pid`` and every process under it (Dask workers), or None once gone.

    Returns (all of it, its own anonymous part). The difference is mapped
    files: the program's libraries and, on a store opened with memory-mapped
    reads, pages of the SQLite file. Summing over processes counts the pages
    they share once per process, so with workers the figure is an upper bound.
    """
    total = [0.0, 0.0]
    for member in [pid, *_descendants(pid)]:
        sample = _own_memory_mb(member)
        if sample is None:
            if member == pid:
                return None
            continue
        total[0] += sample[0]
        total[1] += sample[1]
    return total[0], total[1]


def _own_memory_mb(pid: int) -> tuple[float, float] | None:
    fields: dict[str, float] = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "RssAnon"):
                    fields[key] = int(value.split()[0]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        return None
    return (fields["VmRSS"], fields["RssAnon"]) if len(fields) == 2 else None


def _descendants(pid: int) -> list[int]:
    """Every process whose chain of parents leads to ``pid``."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


@dataclass
class IngestRun:
    seconds: float
    loop_seconds: float
    """Up to the start of cross-source resolution (all of it when resolution was too short to be seen)."""
    ingest_peak_mb: float
    """Sampled RSS peak during the ingest loop ..."""
    resolve_peak_mb: float
    """... and during resolution."""
    anon_peak_mb: float
    """Sampled peak of the process's own (anonymous) memory."""
    outcomes: dict[str, int]

    @property
    def peak_mb(self) -> float:
        return max(self.ingest_peak_mb, self.resolve_peak_mb)


def run_ingest(corpus: Path, db: Path, *extra: str) -> IngestRun:
    """Run ``dateline ingest CORPUS --json EXTRA...`` into a fresh SQLite ``db`` and watch it.

    Exits the benchmark with the child's stderr when the ingest fails (exit
    code other than 0, or 1 for some skipped inputs).
    """
    cmd = [sys.executable, "-m", "dateline.cli", "--db", f"sqlite:///{db}", "-v", "ingest", str(corpus), "--json",
           *extra]
    peaks = {"ingest": 0.0, "resolve": 0.0}
    anon = 0.0
    resolving_at = None
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.NamedTemporaryFile("w+") as err, \
            open(err.name, encoding="utf-8", errors="replace") as follow:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True)
        while proc.poll() is None:
            if resolving_at is None and RESOLVE_MARK in follow.read():
                resolving_at = time.perf_counter()
            sample = memory_mb(proc.pid)
            if sample is not None:
                phase = "ingest" if resolving_at is None else "resolve"
                peaks[phase] = max(peaks[phase], sample[0])
                anon = max(anon, sample[1])
            try:
                proc.wait(timeout=SAMPLE_SECONDS)
            except subprocess.TimeoutExpired:
                pass
        elapsed = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{stderr[-3000:]}")
    outcomes = dict(Counter(json.loads(line)["status"] for line in stdout.splitlines()))
    return IngestRun(seconds=elapsed, loop_seconds=(resolving_at or start + elapsed) - start,
                     ingest_peak_mb=peaks["ingest"], resolve_peak_mb=peaks["resolve"], anon_peak_mb=anon,
                     outcomes=outcomes)
