"""Searching claims: full text first (FTS5, ranked by bm25), rapidfuzz when that finds nothing.

The full-text index holds ``claim.search_key``: the normalised text, quote and
translation (``matching.normalize``), so a query is normalised the same way and Arabic
diacritics, hamza forms, alef variants and a final ة/ه do not matter. The query
becomes one quoted FTS5 string per word, all of them required (``matching.fts_query``):
characters that are FTS syntax elsewhere (quotes, ``*``, ``-``, ``NEAR``, ``:``) are
plain text here.

Speed on large databases:

- ranking (bm25) is only computed over a bounded window: when the query matches more
  than ``RANK_WINDOW`` claims, only the newest ``RANK_WINDOW`` of them (highest ids) are
  ranked (the window grows when filters leave fewer than ``limit`` of them); the hit
  list is always cut at ``limit`` inside the database;
- a speaker, target or ``--since`` filter that leaves at most ``SUBSET_MAX`` claims is
  searched from that side instead: those claims are read and matched and ranked (BM25)
  in Python, since the index would walk every hit of a common word to find them;
- snippets are made in Python for the returned claims only, from the stored
  (un-normalised) text, so they show the words as written, hits marked «like this»;
- the fuzzy fallback scores at most ``FUZZY_POOL`` claims: all of them in a small
  database, else the newest claims holding a word that starts like each query word
  (an FTS5 prefix query), else simply the newest claims.

The SQL dialect lives in :func:`search_ids` and :func:`_fuzzy_pool`; the rest is
portable SQL and Python.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from claimdb import validate
from claimdb.errors import InvalidInput
from claimdb.models import ClaimView
from claimdb.records import names
from claimdb.text.matching import TEXT_CUTOFF, best_text_matches, fts_query, normalize, tokens

__all__ = [
    "FUZZY_POOL",
    "RANK_WINDOW",
    "SUBSET_MAX",
    "Filters",
    "Hit",
    "SearchResult",
    "fuzzy_ids",
    "search",
    "search_claims",
    "search_ids",
    "snippet",
]

RANK_WINDOW = 2_000
SUBSET_MAX = 20_000
FUZZY_POOL = 5_000
SNIPPET_WORDS = 16
MARK_OPEN, MARK_CLOSE = "«", "»"


@dataclass(frozen=True)
class Filters:
    """What narrows a search, with names already resolved to entity ids."""

    speaker_id: int | None = None
    target_id: int | None = None
    lang: str | None = None
    since: str | None = None
    include_retracted: bool = False


@dataclass
class Hit:
    """One claim found: ``score`` is -bm25 (full text) or 0-100 (fuzzy); higher is better."""

    claim: ClaimView
    score: float
    snippet: str
    match: str  # "text" or "fuzzy"


@dataclass
class SearchResult:
    hits: list[Hit]
    fuzzy: bool  # True when full text found nothing and these are near matches


# -- the service-level entry points ---------------------------------------------------


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
    conn: Connection, dialect: str, query: str, filters: Filters = Filters(), limit: int = 20
) -> SearchResult:
    """Claims matching ``query``, best first; near matches when no claim has every word."""
    from claimdb.records import reads as queries

    match = fts_query(query)
    if match is None:
        raise InvalidInput(f"search {query!r}: the query has no letters or digits to look for")
    if limit < 1:
        raise InvalidInput(f"--limit {limit}: expected a number of at least 1")
    limit = min(limit, 2**31)  # more than any database holds; a bound SQL can take
    found = _subset_ids(conn, tokens(query), filters, limit)
    if found is None:
        found = search_ids(conn, dialect, match, filters, limit)
    fuzzy = not found
    if fuzzy:
        found = [(i, score, None) for i, score in fuzzy_ids(conn, dialect, query, filters, limit)]
    views = {
        v.id: v for v in queries.claims(conn, ids=[i for i, _, _ in found], include_retracted=True)
    }
    words = set(tokens(query))
    hits = []
    for claim_id, score, made in found:
        view = views[claim_id]
        text_snippet = made or snippet((view.text, view.quote, view.translation), words, fuzzy)
        hits.append(Hit(view, round(score, 4), text_snippet, "fuzzy" if fuzzy else "text"))
    return SearchResult(hits, fuzzy)


# -- a speaker, target or date that leaves few claims: ranked here ---------------------


def _subset_ids(
    conn: Connection, words: list[str], filters: Filters, limit: int
) -> list[tuple[int, float, str | None]] | None:
    """Hits among the claims the filters leave, when an index finds at most ``SUBSET_MAX``
    of them (a speaker, a target, a recent date); ``None`` otherwise.

    The full-text index cannot start from a speaker's few claims: it would walk every
    hit of a common word. Here the few claims are read and matched in Python (their
    ``search_key`` holds the same normalised words the index does), and ranked with
    Okapi BM25 (k1 = 1.2, b = 0.75, as FTS5's bm25) over that set.
    """
    probes = [
        (f"{column} {op} :value", value)
        for column, op, value in (
            ("speaker_id", "=", filters.speaker_id),
            ("target_id", "=", filters.target_id),
            ("said_on", ">=", filters.since),
        )
        if value is not None
    ]
    if not probes:
        return None
    # each count reads one index only (claim_speaker, claim_target, claim_said_on)
    fewest = min(
        conn.execute(
            text(f"SELECT count(*) FROM (SELECT 1 FROM claim WHERE {cond} LIMIT :most) AS x"),
            {"value": value, "most": SUBSET_MAX + 1},
        ).scalar_one()
        for cond, value in probes
    )
    if fewest > SUBSET_MAX:
        return None
    where, params = _where(filters)
    rows = conn.execute(
        text(f"SELECT c.id, c.search_key FROM claim AS c WHERE 1 = 1{where}"), params
    ).all()
    docs = {claim_id: key.split() for claim_id, key in rows}
    scores = _bm25(docs, list(dict.fromkeys(words)))
    best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [(claim_id, score, None) for claim_id, score in best]


def _bm25(docs: dict[int, list[str]], words: list[str]) -> dict[int, float]:
    """BM25 score of each document holding every word (none when ``docs`` is empty)."""
    if not docs or not words:
        return {}
    sets = {claim_id: set(doc) for claim_id, doc in docs.items()}
    total = len(docs)
    average = sum(len(doc) for doc in docs.values()) / total or 1.0
    df = {w: sum(1 for found in sets.values() if w in found) for w in words}
    idf = {w: math.log((total - df[w] + 0.5) / (df[w] + 0.5) + 1) for w in words}
    scores = {}
    for claim_id, found in sets.items():
        if not all(w in found for w in words):
            continue
        doc = docs[claim_id]
        norm = 1.2 * (0.25 + 0.75 * len(doc) / average)
        tf = {w: doc.count(w) for w in words}
        scores[claim_id] = sum(idf[w] * tf[w] * 2.2 / (tf[w] + norm) for w in words)
    return scores


# -- the dialect-specific part ----------------------------------------------------------


def _where(filters: Filters) -> tuple[str, dict[str, Any]]:
    """SQL conditions on ``claim AS c`` (portable SQL), with their parameters."""
    parts, params = [], {}
    if not filters.include_retracted:
        parts.append("c.retracted_at IS NULL")
    for column, value in (
        ("speaker_id", filters.speaker_id),
        ("target_id", filters.target_id),
        ("lang", filters.lang),
    ):
        if value is not None:
            parts.append(f"c.{column} = :{column}")
            params[column] = value
    if filters.since:
        parts.append("c.said_on >= :since")
        params["since"] = filters.since
    return "".join(f" AND {p}" for p in parts), params


def search_ids(
    conn: Connection, dialect: str, fts_query: str, filters: Filters, limit: int
) -> list[tuple[int, float, str | None]]:
    """``(claim id, score, snippet)`` of the best full-text hits, at most ``limit``.

    ``fts_query`` is an FTS5 expression from ``matching.fts_query`` (quoted words,
    ANDed). A backend may return ``None`` as snippet: the caller then makes one from
    the stored text (SQLite does; its own ``snippet()`` would show normalised text).
    """
    if dialect == "sqlite":
        return _sqlite_ids(conn, fts_query, filters, limit)
    if dialect == "postgresql":
        return _postgresql_ids(conn, fts_query, filters, limit)
    raise InvalidInput(f"search is not available on {dialect} databases yet")


def _sqlite_ids(
    conn: Connection, match: str, filters: Filters, limit: int
) -> list[tuple[int, float, str | None]]:
    """Rank (bm25) the newest ``RANK_WINDOW`` hits; widen the window (x8 each time) while
    the filters leave fewer than ``limit`` of them, up to every hit."""
    where, params = _where(filters)
    params |= {"q": match, "limit": limit}
    hits = (
        f"FROM claim_fts JOIN claim AS c ON c.id = claim_fts.rowid WHERE claim_fts MATCH :q{where}"
    )
    window = RANK_WINDOW
    while True:
        # the window-th newest hit (the index alone: no join, no ranking)
        floor = conn.execute(
            text(
                "SELECT rowid FROM claim_fts WHERE claim_fts MATCH :q "
                "ORDER BY rowid DESC LIMIT 1 OFFSET :skip"
            ),
            {"q": match, "skip": window - 1},
        ).scalar()
        ranked = hits + (" AND claim_fts.rowid >= :floor" if floor is not None else "")
        rows = conn.execute(
            text(
                f"SELECT claim_fts.rowid, claim_fts.rank {ranked} "
                "ORDER BY claim_fts.rank, claim_fts.rowid LIMIT :limit"
            ),
            params | {"floor": floor},
        ).all()
        if floor is None or len(rows) >= limit:
            return [(claim_id, -rank, None) for claim_id, rank in rows]
        window *= 8


# PostgreSQL: the GIN index claim_fts over this expression (claimdb/db/postgres.py), ts_rank.
_PG_VECTOR = "to_tsvector('simple', c.search_key)"


def _fts_words(match: str) -> list[str]:
    """The words of an FTS5 expression made by ``matching.fts_query``."""
    return [w.replace('""', '"') for w in re.findall(r'"((?:[^"]|"")*)"', match)]


def _postgresql_ids(
    conn: Connection, match: str, filters: Filters, limit: int
) -> list[tuple[int, float, str | None]]:
    """Every word required (plainto_tsquery); the newest RANK_WINDOW hits ranked."""
    where, params = _where(filters)
    params |= {"q": " ".join(_fts_words(match)), "limit": limit, "window": RANK_WINDOW}
    rows = conn.execute(
        text(
            "WITH q AS (SELECT plainto_tsquery('simple', :q) AS q), "
            "hits AS (SELECT c.id, c.search_key FROM claim AS c, q "
            f"WHERE {_PG_VECTOR} @@ q.q{where} ORDER BY c.id DESC LIMIT :window) "
            "SELECT c.id, ts_rank(to_tsvector('simple', c.search_key), q.q) AS score "
            "FROM hits AS c, q ORDER BY score DESC, c.id LIMIT :limit"
        ),
        params,
    )
    return [(claim_id, float(score), None) for claim_id, score in rows]


def _fuzzy_pool(
    conn: Connection, dialect: str, words: Sequence[str], filters: Filters
) -> list[tuple[int, str]]:
    """``(id, search_key)`` of the claims the fuzzy fallback scores (see module docstring)."""
    where, params = _where(filters)
    params["pool"] = FUZZY_POOL
    newest = conn.execute(
        text(
            f"SELECT c.id, c.search_key FROM claim AS c WHERE 1 = 1{where} "
            "ORDER BY c.id DESC LIMIT :pool + 1"
        ),
        params,
    ).all()
    if len(newest) <= FUZZY_POOL:
        return [tuple(row) for row in newest]
    if dialect == "sqlite":
        params["q"] = " AND ".join(f'"{_prefix(w)}"*' for w in words)
        rows = conn.execute(
            text(
                "SELECT c.id, c.search_key FROM claim_fts JOIN claim AS c "
                f"ON c.id = claim_fts.rowid WHERE claim_fts MATCH :q{where} "
                "ORDER BY claim_fts.rowid DESC LIMIT :pool"
            ),
            params,
        ).all()
        if rows:
            return [tuple(row) for row in rows]
    if dialect == "postgresql":
        for i, word in enumerate(words):
            quoted = _prefix(word).replace('""', '"').replace("\\", "\\\\").replace("'", "''")
            params[f"p{i}"] = f"'{quoted}':*"
            where += f" AND {_PG_VECTOR} @@ to_tsquery('simple', :p{i})"
        rows = conn.execute(
            text(
                f"SELECT c.id, c.search_key FROM claim AS c WHERE 1 = 1{where} "
                "ORDER BY c.id DESC LIMIT :pool"
            ),
            params,
        ).all()
        if rows:
            return [tuple(row) for row in rows]
    return [tuple(row) for row in newest[:FUZZY_POOL]]


def _prefix(word: str) -> str:
    """The start of a word a typo rarely touches: 3 letters, 4 after the Arabic article."""
    size = 4 if word.startswith("ال") and len(word) > 4 else 3
    return word[:size].replace('"', '""')


def fuzzy_ids(
    conn: Connection, dialect: str, query: str, filters: Filters, limit: int
) -> list[tuple[int, float]]:
    """``(claim id, score 0-100)`` of claims in which every query word nearly appears."""
    words = [w for w in dict.fromkeys(tokens(query))]
    if not words:
        return []
    return best_text_matches(query, _fuzzy_pool(conn, dialect, words, filters), limit=limit)


# -- snippets -----------------------------------------------------------------------------


def _is_hit(key: str, wanted: set[str], fuzzy: bool) -> bool:
    """Whether a normalised word is one of ``wanted`` (or, with ``fuzzy``, close to one)."""
    if key in wanted:
        return True
    if not fuzzy:
        return False
    from rapidfuzz import fuzz

    return any(fuzz.ratio(key, w, score_cutoff=TEXT_CUTOFF) for w in wanted if len(w) > 2)


_PIECES = re.compile(r"([^\W_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed])+")


def _marked(word: str, wanted: set[str], fuzzy: bool) -> str | None:
    """``word`` with each hit piece «marked» (pieces: runs of letters, digits and marks,
    so that in «لـ"داعش"» only داعش is marked); ``None`` when nothing in it is a hit."""
    hit = False

    def mark(piece: re.Match[str]) -> str:
        nonlocal hit
        if not any(_is_hit(key, wanted, fuzzy) for key in normalize(piece.group()).split()):
            return piece.group()
        hit = True
        return f"{MARK_OPEN}{piece.group()}{MARK_CLOSE}"

    shown = _PIECES.sub(mark, word)
    return shown if hit else None


def snippet(fields: Sequence[str | None], wanted: set[str], fuzzy: bool = False) -> str:
    """A short passage of the first field holding a hit, each hit word marked «so».

    ``wanted`` are normalised query words; a word of the text is a hit when one of its
    normalised parts equals one (or, with ``fuzzy``, is within the fuzzy cut-off). The
    passage starts a few words before the first hit and keeps ``SNIPPET_WORDS`` words.
    With no hit found, it is the start of the first field.
    """
    present = [f for f in fields if f and f.strip()]
    for field in present:
        words = field.split()
        marked = {i: m for i, w in enumerate(words) if (m := _marked(w, wanted, fuzzy))}
        if marked:
            start = max(0, min(min(marked) - 3, len(words) - SNIPPET_WORDS))
            return _passage(words, start, marked)
    return _passage(present[0].split(), 0, {}) if present else ""


def _passage(words: list[str], start: int, marked: dict[int, str]) -> str:
    end = min(len(words), start + SNIPPET_WORDS)
    shown = [marked.get(i, word) for i, word in enumerate(words[start:end], start)]
    return ("… " if start else "") + " ".join(shown) + (" …" if end < len(words) else "")
