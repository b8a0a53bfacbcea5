"""Measuring proposals against claims entered by hand: precision and recall."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from typing import TypeVar

P = TypeVar("P")
E = TypeVar("E")


def quotes_overlap(a: str, b: str, min_chars: int = 15) -> bool:
    """One quote contains the other, or they share a run of ``min_chars`` characters."""
    a, b = a.strip(), b.strip()
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size >= min_chars


def score(
    proposals: Sequence[tuple[P, str]],
    expected: Sequence[tuple[E, str]],
    accept: Callable[[P, E], bool],
) -> tuple[float, float]:
    """(precision, recall) of (speaker, quote) proposals against hand-entered claims.

    A proposal matches a claim when ``accept(its speaker, the claim's speaker)`` and the
    quotes overlap; each side is matched at most once (a maximum bipartite matching).
    Precision of no proposals and recall of no claims are 1.0.
    """
    edges = [
        [j for j, (es, eq) in enumerate(expected) if accept(ps, es) and quotes_overlap(pq, eq)]
        for ps, pq in proposals
    ]
    matched = _max_matching(edges, len(expected))
    precision = matched / len(proposals) if proposals else 1.0
    recall = matched / len(expected) if expected else 1.0
    return precision, recall


def _max_matching(edges: list[list[int]], n_right: int) -> int:
    """Size of a maximum bipartite matching (augmenting paths, iterative)."""
    owner, mate = [-1] * n_right, [-1] * len(edges)
    for root in range(len(edges)):
        parent: dict[int, int] = {}
        stack, free = [root], -1
        while stack and free < 0:
            i = stack.pop()
            for j in edges[i]:
                if j not in parent:
                    parent[j] = i
                    if owner[j] < 0:
                        free = j
                        break
                    stack.append(owner[j])
        while free >= 0:  # flip the path back to the root
            i = parent[free]
            owner[free], mate[i], free = i, free, mate[i]
    return sum(m >= 0 for m in mate)
