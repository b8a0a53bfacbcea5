"""``batched``: an iterable in lists of at most ``size`` items (``itertools.batched``
from Python 3.12, which claimdb cannot require yet)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items of ``items`` (the last may be shorter)."""
    if size < 1:
        raise ValueError(f"size must be at least 1, not {size}")
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch
