"""The on-disk keeper of a resolution pass's reuse records answers as the in-memory one does."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from dateline.model import Reuse, ReuseSpan
from dateline.resolve.compact_records import PackedReuse, pair_of, unpacked
from dateline.resolve.reuse_scratch import PAGE, ReuseScratch, sweep_stale
from dateline.resolve.stories import PairRecords


def record(source: str, target: str, start: int = 0, *, spans: int = 1) -> PackedReuse:
    return PackedReuse.of(Reuse(
        source_article_id=source, target_article_id=target, direction="source_to_target",
        spans=[ReuseSpan(source_start=start + 100 * k, source_end=start + 100 * k + 40,
                         target_start=7 + 100 * k, target_end=47 + 100 * k) for k in range(spans)],
        source_share=0.25, target_share=0.5))


RECORDS = [record("wire", "blog", spans=2), record("wire", "paper"), record("blog", "digest", spans=0),
           record("wire", "blog", start=5)]


def test_records_come_back_whole_by_pair_by_article_and_in_pair_order():
    memory = PairRecords()
    with ReuseScratch() as scratch:
        for r in RECORDS:
            pair = pair_of(r.source_article_id, r.target_article_id)
            assert scratch.add(pair, r) is memory.add(pair, r) is True
        assert len(scratch) == 4
        for r in RECORDS:
            pair = pair_of(r.source_article_id, r.target_article_id)
            assert scratch.get(pair) == list(memory.get(pair))
        assert scratch.get(("a", "b")) == [] and list(memory.get(("a", "b"))) == []
        in_order = sorted(RECORDS, key=lambda r: pair_of(r.source_article_id, r.target_article_id))
        assert list(scratch) == in_order  # the two wire-blog records in the order they came
        assert scratch.of("blog") == [r for r in in_order if "blog" in (r.source_article_id, r.target_article_id)]
        assert scratch.pairs_of("wire") == {("blog", "wire"), ("paper", "wire")}
        assert scratch.between({"wire", "blog", "nobody"}) == [r for r in in_order if r.target_article_id == "blog"]
        assert scratch.between({"paper", "blog"}) == []
        assert list(unpacked(scratch)) == [r.unpack() for r in in_order]
        for aid in ("wire", "blog", "paper", "nobody"):
            assert scratch.linked(aid) == set(memory.linked(aid))
        assert scratch.linked("wire") == {"blog", "paper"}


def test_the_same_record_twice_is_kept_once():
    again = record("wire", "blog", spans=2)._replace(source_share=0.9)  # same spans: the same record
    with ReuseScratch() as scratch:
        assert scratch.add(("blog", "wire"), RECORDS[0])
        assert not scratch.add(("blog", "wire"), again)
        assert len(scratch) == 1 and scratch.get(("blog", "wire")) == [RECORDS[0]]


def test_a_pair_read_before_a_record_is_added_reads_it_after():
    with ReuseScratch() as scratch:
        scratch.add(("blog", "wire"), RECORDS[0])
        assert scratch.get(("blog", "wire")) == [RECORDS[0]]  # now held among the recent pairs
        scratch.add(("blog", "wire"), RECORDS[3])
        assert scratch.get(("blog", "wire")) == [RECORDS[0], RECORDS[3]]
        scratch.get(("blog", "wire")).clear()  # a caller's list is its own
        assert len(scratch.get(("blog", "wire"))) == 2


def test_a_first_record_goes_in_unread_and_a_second_first_is_refused():
    with ReuseScratch() as scratch:
        scratch.add_first(("blog", "wire"), RECORDS[0])
        assert scratch.get(("blog", "wire")) == [RECORDS[0]] and len(scratch) == 1
        with pytest.raises(sqlite3.IntegrityError):
            scratch.add_first(("blog", "wire"), RECORDS[3])
        assert scratch.add(("blog", "wire"), RECORDS[3])  # a later record goes through add, which numbers it
        assert scratch.get(("blog", "wire")) == [RECORDS[0], RECORDS[3]]


def test_iteration_pages_through_many_records():
    records = [record(f"s{i:05d}", f"t{i:05d}") for i in range(PAGE * 2 + 3)]
    with ReuseScratch() as scratch:
        for r in reversed(records):
            scratch.add(pair_of(r.source_article_id, r.target_article_id), r)
        second = record("s00000", "t00000", start=9)
        scratch.add(("s00000", "t00000"), second)  # a pair with two records
        assert list(scratch) == [records[0], second, *records[1:]]


def test_the_file_is_deleted_when_closed():
    scratch = ReuseScratch()
    folder = Path(scratch._dir.name)
    scratch.add(("a", "b"), record("a", "b"))
    assert any(folder.iterdir())
    scratch.close()
    assert not folder.exists()


def test_a_new_scratch_deletes_the_folders_of_killed_passes_only(tmp_path, monkeypatch):
    """A pass killed mid-way cannot delete its scratch; the next one on this machine does."""
    killed = subprocess.run(
        [sys.executable, "-c", ("import os, signal; from dateline.resolve.reuse_scratch import ReuseScratch; "
                                "s = ReuseScratch(); print(s._dir.name, flush=True); os.kill(os.getpid(), signal.SIGKILL)")],
        capture_output=True, text=True, env={**os.environ, "TMPDIR": str(tmp_path)}, check=False)
    left = Path(killed.stdout.strip())
    assert killed.returncode == -9 and left.parent == tmp_path and (left / "reuse.sqlite").exists()
    unrelated = tmp_path / "dateline-reuse-notours"
    unrelated.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with ReuseScratch() as live:
        assert not left.exists()
        assert unrelated.exists() and Path(live._dir.name).exists()
        assert sweep_stale() == []  # the live scratch's process is this one: kept
