"""Streaming helpers shared by the stages that must never hold a whole corpus."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items (the last may be shorter), read from ``items`` as needed.

    ``itertools.batched`` from Python 3.12, as lists, for 3.11.
    """
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch
