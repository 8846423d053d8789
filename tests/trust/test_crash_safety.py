"""Crash safety: ``dateline ingest`` killed with SIGKILL at random points, then rerun, ends as if never killed.

A corpus of about 30 articles (the examples plus generated wire reports) is
ingested once without interruption (the baseline). Then the same corpus is
ingested into a second store by a chain of runs, each killed with SIGKILL at a
random point: while articles are being extracted and committed (a random
delay after the k-th outcome line), during story resolution (after the last
outcome line, inside the measured resolution time), or anywhere (a random
delay from the start). After every kill the store must pass its integrity
check and hold no article without its extraction; a final uninterrupted run
must leave it identical to the baseline (same article ids and fields, same
extraction records and event ids, same stories and reuse; only ingestion
times differ).

``DATELINE_CRASH_RUNS`` sets the number of kills (default 5, the full run 24).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from dateline.store import Store
from tests.trust.conftest import DATELINE, EXAMPLES, env_int, generated_articles, report
from tests.trust.snapshot import differences, snapshot, unextracted_articles

CRASH_RUNS = env_int("DATELINE_CRASH_RUNS", 5)
GENERATED = 14
"""Generated articles added to the examples' 16 items: about 30 in all."""
RUN_TIMEOUT = 900


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crash-corpus")
    for path in EXAMPLES.iterdir():
        shutil.copy(path, folder / path.name)
    with (folder / "generated.jsonl").open("w", encoding="utf-8") as out:
        for record in generated_articles(GENERATED):
            out.write(json.dumps(record) + "\n")
    return folder


@dataclass
class Run:
    """One ``dateline ingest`` subprocess, its stdout lines timed as they arrive."""

    args: list[str]
    cwd: Path
    lines: list[tuple[float, str]] = field(default_factory=list)
    started: float = 0.0

    def __post_init__(self) -> None:
        self.stderr = (self.cwd / "stderr.log").open("ab")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}  # outcome lines reach us as they are printed
        self.started = time.monotonic()
        self.proc = subprocess.Popen([*DATELINE, *self.args], cwd=self.cwd, stdout=subprocess.PIPE,
                                     stderr=self.stderr, env=env, text=True)
        self.new_line = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self.new_line:
                self.lines.append((time.monotonic() - self.started, line))
                self.new_line.notify_all()
        with self.new_line:
            self.new_line.notify_all()

    def wait_for_lines(self, count: int, timeout: float = RUN_TIMEOUT) -> bool:
        """Block until ``count`` outcome lines were printed; False if the process ended first."""
        deadline = time.monotonic() + timeout
        with self.new_line:
            while len(self.lines) < count:
                if self.proc.poll() is not None and not self.reader.is_alive():
                    return False
                self.new_line.wait(timeout=min(1.0, max(0.0, deadline - time.monotonic())))
                if time.monotonic() > deadline:
                    raise TimeoutError(f"no {count} outcome lines after {timeout} s")
        return True

    def kill(self) -> bool:
        """SIGKILL the run; True if it was still running (a real kill, not a finished run)."""
        alive = self.proc.poll() is None
        if alive:
            self.proc.send_signal(signal.SIGKILL)
        self.finish()
        return alive and self.proc.returncode == -signal.SIGKILL

    def finish(self, timeout: float = RUN_TIMEOUT) -> int:
        code = self.proc.wait(timeout=timeout)
        self.reader.join(timeout=30)
        self.stderr.close()
        return code


def ingest_args(db: Path, corpus: Path) -> list[str]:
    return ["--db", f"sqlite:///{db}", "ingest", str(corpus), "--json"]


@dataclass
class Baseline:
    db: Path
    items: int
    line_gap: float
    resolve_seconds: float
    total_seconds: float


@pytest.fixture(scope="module")
def baseline(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Baseline:
    """The corpus ingested once, uninterrupted, with its phase timings."""
    folder = tmp_path_factory.mktemp("baseline")
    run = Run(ingest_args(folder / "base.db", corpus), folder)
    code = run.finish()
    total = time.monotonic() - run.started
    assert code == 0, (folder / "stderr.log").read_text()[-3000:]
    times = [t for t, _ in run.lines]
    statuses = Counter(json.loads(line)["status"] for _, line in run.lines)
    assert statuses["ingested"] >= 25, statuses
    report(f"crash baseline: {len(times)} items ({dict(statuses)}) in {total:.1f} s, "
           f"resolution {total - times[-1]:.1f} s")
    return Baseline(db=folder / "base.db", items=len(times), line_gap=(times[-1] - times[0]) / max(1, len(times) - 1),
                    resolve_seconds=max(0.5, total - times[-1]), total_seconds=total)


def _phase_seen(lines: int, items: int) -> str:
    """Where a killed run was, by what it had printed: before its first outcome, between outcomes, or after all."""
    if lines == 0:
        return "before the first article was stored"
    return "while storing articles" if lines < items else "during resolution"


def check_store_after_kill(db: Path) -> None:
    if not db.exists():
        return  # killed before the store was created: nothing to check
    with Store(f"sqlite:///{db}") as store:
        problems = store.integrity_check()
    assert problems == [], problems
    assert unextracted_articles(db) == [], "an article was stored without its extraction"


def test_sigkill_at_random_points_then_rerun_equals_an_uninterrupted_run(
    corpus: Path, baseline: Baseline, tmp_path: Path
) -> None:
    """Chains of killed runs on one store; a run that finishes by itself closes the chain (its store is
    compared with the baseline) and the next kill starts a new chain on a fresh store, so every kill
    lands while there is still work to cut short."""
    rng = random.Random(int(os.environ.get("DATELINE_CRASH_SEED", "20171020")))
    base = snapshot(f"sqlite:///{baseline.db}")
    phases = [("storing", "resolving", "anywhere")[i % 3] for i in range(CRASH_RUNS)]
    rng.shuffle(phases)
    kills: Counter[str] = Counter()
    runs = chains = 0
    db = tmp_path / "chain-0.db"
    while sum(kills.values()) < CRASH_RUNS:
        runs += 1
        assert runs <= CRASH_RUNS * 4, f"only {sum(kills.values())} kills landed in {runs} runs"
        phase = phases[sum(kills.values())]
        run = Run(ingest_args(db, corpus), tmp_path)
        if phase == "storing":
            run.wait_for_lines(rng.randint(1, baseline.items))
            time.sleep(rng.uniform(0, baseline.line_gap))
        elif phase == "resolving":
            run.wait_for_lines(baseline.items)
            time.sleep(rng.uniform(0, baseline.resolve_seconds * 0.9))
        else:
            time.sleep(rng.uniform(0, baseline.total_seconds))
        landed = run.kill()
        check_store_after_kill(db)
        if landed:
            kills[_phase_seen(len(run.lines), baseline.items)] += 1
        else:  # finished before the kill: this chain is complete
            assert run.proc.returncode == 0, (tmp_path / "stderr.log").read_text()[-3000:]
            assert differences(base, snapshot(f"sqlite:///{db}")) == []
            chains += 1
            db = tmp_path / f"chain-{chains}.db"
    final = Run(ingest_args(db, corpus), tmp_path)
    assert final.finish() == 0, (tmp_path / "stderr.log").read_text()[-3000:]
    check_store_after_kill(db)
    assert differences(base, snapshot(f"sqlite:///{db}")) == []
    report(f"crash: {sum(kills.values())} SIGKILLs landed ({dict(kills)}) in {runs} runs over {chains + 1} "
           "chains; store sound after every kill; every chain's final store identical to the uninterrupted run")


def test_ingesting_again_changes_nothing(corpus: Path, baseline: Baseline, tmp_path: Path) -> None:
    """Idempotent ingest: a second run reports every item as a duplicate (or as before) and writes nothing."""
    db = tmp_path / "again.db"
    shutil.copy(baseline.db, db)
    before = snapshot(f"sqlite:///{db}")
    run = Run(ingest_args(db, corpus), tmp_path)
    assert run.finish() == 0
    statuses = Counter(json.loads(line)["status"] for _, line in run.lines)
    assert statuses["ingested"] == statuses["near_duplicate"] == 0, statuses
    after = snapshot(f"sqlite:///{db}")
    assert differences(before, after) == []
    assert before["articles"] == after["articles"]


def test_a_run_stopped_before_resolution_is_resolved_by_the_next_run(
    corpus: Path, baseline: Baseline, tmp_path: Path
) -> None:
    """Articles stored but never resolved (as a kill right after the last article leaves them): the rerun,
    though it finds nothing new, resolves, and the store ends identical to the uninterrupted run."""
    db = tmp_path / "unresolved.db"
    first = Run([*ingest_args(db, corpus), "--no-resolve"], tmp_path)
    assert first.finish() == 0
    with Store(f"sqlite:///{db}") as store:
        assert store.resolution_pending() and store.count_stories() == 0
    second = Run(ingest_args(db, corpus), tmp_path)
    assert second.finish() == 0
    assert {json.loads(line)["status"] for _, line in second.lines} == {"duplicate"}
    with Store(f"sqlite:///{db}") as store:
        assert not store.resolution_pending()
    assert differences(snapshot(f"sqlite:///{baseline.db}"), snapshot(f"sqlite:///{db}")) == []


def _near_duplicate_pairs(snap: dict) -> set[frozenset[str]]:
    return {frozenset((aid, a["near_duplicate_of"])) for aid, a in snap["articles"].items() if a["near_duplicate_of"]}


def test_the_order_articles_arrive_in_does_not_change_the_result(
    corpus: Path, baseline: Baseline, tmp_path: Path
) -> None:
    """The corpus's files in reverse order: the same articles, extractions, events, stories and reuse.

    Only the direction of a near-duplicate link depends on order (it points
    from the copy read later to the one read first); the pair is the same.
    """
    db = tmp_path / "reversed.db"
    files = sorted((str(p) for p in corpus.iterdir()), reverse=True)
    run = Run(["--db", f"sqlite:///{db}", "ingest", *files, "--json"], tmp_path)
    assert run.finish() == 0, (tmp_path / "stderr.log").read_text()[-3000:]
    forward, backward = snapshot(f"sqlite:///{baseline.db}"), snapshot(f"sqlite:///{db}")
    assert _near_duplicate_pairs(forward) == _near_duplicate_pairs(backward)
    for snap in (forward, backward):
        for article in snap["articles"].values():
            article["near_duplicate_of"] = article["near_duplicate_score"] = None
    assert differences(forward, backward) == []
