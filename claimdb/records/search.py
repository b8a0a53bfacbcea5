"""Searching claims the way Arabic is read: every word found through its stem, the
closest forms first, near matches when nothing else is found.

A query (``claimdb.text.query``) is words and "quoted phrases", every word required.
The full-text index holds each claim's ``search_key``: the normalised words of its
text, quote and translation and their light stems (``claimdb.text.stem``), so a query
typed with or without the article, a proclitic (و ف ب ل ك), diacritics, another hamza
seat or an English inflection finds the same claims. The hits are ranked:

1. ``exact``: every query word appears as written (case and harakat aside: علي, not على);
2. ``folded``: every query word appears once folded (غزه for غزة, مسؤول for مسئول);
3. ``stem``: the stems meet (الفيديو for بالفيديو, strikes for striking);

then by Okapi BM25 within each rank (computed over the ranked hits); ``fuzzy`` (rapidfuzz) only when
no claim holds every stem. Characters that are FTS syntax elsewhere (``*``, ``-``,
``NEAR``, ``:``) are plain text here.

Speed on large databases (the candidates come from ``search_backends``):

- only the newest ``RANK_WINDOW`` hits (highest ids) are ranked when the query matches
  more; the window grows (x8) while filters or phrases leave fewer than ``limit``;
- a speaker, target or ``--since`` filter that leaves at most ``SUBSET_MAX`` claims is
  searched from that side instead (those claims read and matched in Python);
- snippets are made for the returned claims only (``claimdb.records.snippets``);
- the fuzzy fallback scores at most ``FUZZY_POOL`` claims.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from claimdb import validate
from claimdb.db.tables import Claim
from claimdb.errors import InvalidInput
from claimdb.models import ClaimView
from claimdb.records import names
from claimdb.records.ids import among
from claimdb.records.search_backends import (
    Candidate,
    Filters,
    fuzzy_pool,
    index_candidates,
    subset_candidates,
)
from claimdb.records.snippets import MARK_CLOSE, MARK_OPEN, snippet
from claimdb.text.matching import best_text_matches
from claimdb.text.query import UNSURE, Query, parse

__all__ = [
    "FUZZY_POOL",
    "MARK_CLOSE",
    "MARK_OPEN",
    "MATCHES",
    "RANK_WINDOW",
    "SUBSET_MAX",
    "Filters",
    "Hit",
    "SearchResult",
    "fuzzy_ids",
    "search",
    "search_claims",
    "snippet",
]

RANK_WINDOW = 2_000
SUBSET_MAX = 20_000
FUZZY_POOL = 5_000
MATCHES = ("exact", "folded", "stem")  # by Query.tier; then "fuzzy"


@dataclass
class Hit:
    """One claim found, with what ``claim show`` shows of it (standing, chain, links).
    ``match`` is exact, folded, stem or fuzzy (best first); ``score`` ranks hits of one
    kind: BM25 over the ranked hits (full text) or 0-100 (fuzzy), higher is better."""

    claim: ClaimView
    score: float
    snippet: str
    match: str
    links: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class SearchResult:
    hits: list[Hit]
    fuzzy: bool  # True when full text found nothing and these are near matches


def search_claims(
    conn: Connection,
    query: str,
    *,
    speaker: str | None = None,
    target: str | None = None,
    lang: str | None = None,
    since: str | None = None,
    include_retracted: bool = False,
    limit: int = 20,
) -> SearchResult:
    """Search with the options as given: names resolved, then :func:`search`."""
    filters = Filters(
        speaker_id=names.resolve(conn, speaker, "speaker") if speaker else None,
        target_id=names.resolve(conn, target, "target") if target else None,
        lang=lang.strip() if lang and lang.strip() else None,
        since=validate.iso_date(since, "--since date"),
        include_retracted=include_retracted,
    )
    return search(conn, conn.dialect.name, query, filters, limit)


def search(
    conn: Connection, dialect: str, query: str, filters: Filters | None = None, limit: int = 20
) -> SearchResult:
    """Claims matching ``query``, closest first; near matches when none holds every word."""
    from claimdb.analysis.detail import claim_details

    filters = filters or Filters()
    parsed = parse(query)
    if parsed is None:
        raise InvalidInput(f"search {query!r}: the query has no letters or digits to look for")
    if limit < 1:
        raise InvalidInput(f"--limit {limit}: expected a number of at least 1")
    limit = min(limit, 2**31)  # more than any database holds; a bound SQL can take
    found = [
        (i, score, MATCHES[tier])
        for i, score, tier in ranked(conn, dialect, parsed, filters, limit)
    ]
    fuzzy = not found
    if fuzzy:
        found = [
            (i, score, "fuzzy") for i, score in fuzzy_ids(conn, dialect, query, filters, limit)
        ]
    wanted = set(parsed.words)
    details = claim_details(conn, [i for i, _, _ in found])  # as claim show shows them
    hits = []
    for claim_id, score, match in found:
        view, links = details[claim_id]
        shown = snippet((view.text, view.quote, view.translation), wanted, fuzzy)
        hits.append(Hit(view, round(score, 4), shown, match, links))
    return SearchResult(hits, fuzzy)


def ranked(
    conn: Connection, dialect: str, query: Query, filters: Filters, limit: int
) -> list[tuple[int, float, int]]:
    """``(claim id, score, tier)`` of the best hits, at most ``limit``, best first."""
    subset = subset_candidates(conn, query, filters, SUBSET_MAX)
    if subset is not None:
        return _best(conn, query, subset, limit)
    window = RANK_WINDOW
    while True:
        candidates, complete = index_candidates(conn, dialect, query, filters, window)
        best = _best(conn, query, candidates, limit)
        if complete or len(best) >= limit:
            return best
        window *= 8


def _best(
    conn: Connection, query: Query, candidates: list[Candidate], limit: int
) -> list[tuple[int, float, int]]:
    """The ``limit`` closest candidates: by tier, then BM25 score, then id."""
    found = {}
    for claim_id, key in candidates:
        assessed = query.assess(key)
        if assessed is not None:
            found[claim_id] = assessed
    unsure = [claim_id for claim_id, (tier, _, _) in found.items() if tier == UNSURE]
    if unsure:
        for claim_id, key, *fields in conn.execute(
            select(
                Claim.c.id, Claim.c.search_key, Claim.c.text, Claim.c.quote, Claim.c.translation
            ).where(among(conn, Claim.c.id, unsure))
        ):
            found[claim_id] = query.assess(key, fields)
    scores = bm25({claim_id: (counts, size) for claim_id, (_, counts, size) in found.items()})
    keyed = [(tier, -scores[claim_id], claim_id) for claim_id, (tier, _, _) in found.items()]
    return [(claim_id, -neg, tier) for tier, neg, claim_id in heapq.nsmallest(limit, keyed)]


def bm25(docs: dict[int, tuple[list[int], int]]) -> dict[int, float]:
    """Okapi BM25 (k1 = 1.2, b = 0.75, as FTS5's bm25) of each document, given how often
    each query term occurs in it and its length; the collection is ``docs`` themselves
    (the candidates, all of which hold every term)."""
    if not docs:
        return {}
    total = len(docs)
    average = sum(size for _, size in docs.values()) / total or 1.0
    terms = len(next(iter(docs.values()))[0])
    df = [sum(1 for counts, _ in docs.values() if counts[k]) for k in range(terms)]
    idf = [math.log((total - d + 0.5) / (d + 0.5) + 1) for d in df]
    scores = {}
    for claim_id, (counts, size) in docs.items():
        norm = 1.2 * (0.25 + 0.75 * size / average)
        scores[claim_id] = sum(i * c * 2.2 / (c + norm) for i, c in zip(idf, counts, strict=True))
    return scores


def fuzzy_ids(
    conn: Connection, dialect: str, query: str, filters: Filters, limit: int
) -> list[tuple[int, float]]:
    """``(claim id, score 0-100)`` of claims in which every query word nearly appears."""
    parsed = parse(query)
    if parsed is None:
        return []
    pool = fuzzy_pool(conn, dialect, parsed.words, filters, FUZZY_POOL)
    return best_text_matches(query, pool, limit=limit)
