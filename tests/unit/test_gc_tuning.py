"""The collector thresholds dateline raises for its batch passes, and puts back."""

from __future__ import annotations

import gc
import threading

import pytest

from dateline.gc_tuning import YOUNG_THRESHOLD, fewer_collections


@pytest.fixture(autouse=True)
def default_thresholds():
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


def test_raises_the_young_threshold_inside_and_restores_it_after():
    with fewer_collections():
        assert gc.get_threshold() == (YOUNG_THRESHOLD, 10, 10)
    assert gc.get_threshold() == (700, 10, 10)


def test_restores_after_an_error():
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("boom")
    assert gc.get_threshold() == (700, 10, 10)


def test_never_lowers_a_higher_setting_of_the_host():
    gc.set_threshold(50_000, 20, 5)
    with fewer_collections():
        assert gc.get_threshold() == (50_000, 20, 5)
    assert gc.get_threshold() == (50_000, 20, 5)


def test_nested_and_generator_blocks_restore_only_when_the_last_leaves():
    def outcomes():
        with fewer_collections():
            yield 1
            yield 2

    stream = outcomes()
    assert next(stream) == 1
    with fewer_collections():
        pass
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD  # the generator is still inside its block
    assert list(stream) == [2]
    assert gc.get_threshold() == (700, 10, 10)


def test_threads_leaving_in_any_order_put_back_the_setting_found_first():
    inside = threading.Barrier(3)
    leave = threading.Event()

    def job():
        with fewer_collections():
            inside.wait()
            leave.wait()

    threads = [threading.Thread(target=job) for _ in range(2)]
    for t in threads:
        t.start()
    inside.wait()
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD
    leave.set()
    for t in threads:
        t.join()
    assert gc.get_threshold() == (700, 10, 10)
