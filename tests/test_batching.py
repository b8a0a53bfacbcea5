"""``batched``: the one helper that cuts a stream into lists (streaming, suggest, export)."""

import pytest

from claimdb.batching import batched


def test_batches_keep_order_and_the_last_is_shorter():
    assert list(batched(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(batched([], 3)) == []


def test_a_generator_is_read_lazily():
    seen = []

    def rows():
        for k in range(10):
            seen.append(k)
            yield k

    first = next(batched(rows(), 4))
    assert first == [0, 1, 2, 3] and seen == [0, 1, 2, 3]


def test_size_must_be_positive():
    with pytest.raises(ValueError, match="at least 1"):
        next(batched([1], 0))
