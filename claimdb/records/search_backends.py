"""Where search finds its candidates: the full-text index of each backend, the few
claims a narrow filter leaves, and the pool the fuzzy fallback scores.

A candidate is ``(claim id, search_key)`` (the text is read later, and only for the few
claims whose key cannot tell an exact form from a folded one);
``claimdb.records.search`` ranks candidates by how closely they meet the query
(``Query.tier``), then by Okapi BM25 over the candidates (computed there, in Python: on
SQLite, FTS5's own bm25 costs ten times the lookup of the hits).

Speed on large databases: ranking is only computed over a bounded window, the newest
``window`` hits (highest ids); the caller widens it when filters or phrases leave too
few. The SQL dialect lives in :func:`index_candidates` and :func:`fuzzy_pool`; the rest
is portable SQL and Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from claimdb.errors import InvalidInput
from claimdb.text.query import Query

__all__ = ["Filters", "fuzzy_pool", "index_candidates", "subset_candidates", "where"]

Candidate = tuple[int, str]
_FIELDS = "c.search_key"


@dataclass(frozen=True)
class Filters:
    """What narrows a search, with names already resolved to entity ids."""

    speaker_id: int | None = None
    target_id: int | None = None
    lang: str | None = None
    since: str | None = None
    include_retracted: bool = False


def where(filters: Filters) -> tuple[str, dict[str, Any]]:
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


# -- the full-text index ----------------------------------------------------------------


def index_candidates(
    conn: Connection, dialect: str, query: Query, filters: Filters, window: int
) -> tuple[list[Candidate], bool]:
    """The hits among the newest ``window`` claims holding every stem of ``query``, and
    whether that window held every such claim."""
    if dialect == "sqlite":
        return _sqlite(conn, query, filters, window)
    if dialect == "postgresql":
        return _postgresql(conn, query, filters, window)
    raise InvalidInput(f"search is not available on {dialect} databases yet")


def _sqlite(
    conn: Connection, query: Query, filters: Filters, window: int
) -> tuple[list[Candidate], bool]:
    match = query.fts_match()
    # the window-th newest hit (the index alone: no join, no ranking)
    floor = conn.execute(
        text(
            "SELECT rowid FROM claim_fts WHERE claim_fts MATCH :q "
            "ORDER BY rowid DESC LIMIT 1 OFFSET :skip"
        ),
        {"q": match, "skip": window - 1},
    ).scalar()
    conditions, params = where(filters)
    if floor is not None:
        conditions += " AND claim_fts.rowid >= :floor"
    rows = conn.execute(
        text(
            f"SELECT c.id, {_FIELDS} FROM claim_fts "
            "JOIN claim AS c ON c.id = claim_fts.rowid "
            f"WHERE claim_fts MATCH :q{conditions}"
        ),
        params | {"q": match, "floor": floor},
    ).all()
    return [(r[0], r[1]) for r in rows], floor is None


# PostgreSQL: the GIN index claim_fts over this expression (claimdb/db/postgres.py).
_PG_VECTOR = "to_tsvector('simple', c.search_key)"


def _postgresql(
    conn: Connection, query: Query, filters: Filters, window: int
) -> tuple[list[Candidate], bool]:
    conditions, params = where(filters)
    params |= {"q": " ".join(query.stems), "window": window}
    rows = conn.execute(
        text(
            "WITH q AS (SELECT plainto_tsquery('simple', :q) AS q) "
            f"SELECT c.id, {_FIELDS} FROM claim AS c, q "
            f"WHERE {_PG_VECTOR} @@ q.q{conditions} ORDER BY c.id DESC LIMIT :window"
        ),
        params,
    ).all()
    return [(r[0], r[1]) for r in rows], len(rows) < window


# -- a speaker, target or date that leaves few claims -------------------------------------


def subset_candidates(
    conn: Connection, query: Query, filters: Filters, most: int
) -> list[Candidate] | None:
    """Hits among the claims the filters leave, when an index finds at most ``most`` of
    them (a speaker, a target, a recent date); ``None`` otherwise.

    The full-text index cannot start from a speaker's few claims: it would walk every
    hit of a common word. Here the few claims are read, and matched in Python (their
    ``search_key`` holds the same words and stems the index does).
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
            {"value": value, "most": most + 1},
        ).scalar_one()
        for cond, value in probes
    )
    if fewest > most:
        return None
    conditions, params = where(filters)
    stems = query.stems
    rows = conn.execute(
        text(f"SELECT c.id, {_FIELDS} FROM claim AS c WHERE 1 = 1{conditions}"), params
    )
    return [(r[0], r[1]) for r in rows if all(s in r[1] for s in stems)]  # (a quick first cut)


# -- the pool the fuzzy fallback scores ---------------------------------------------------


def fuzzy_pool(
    conn: Connection, dialect: str, words: Sequence[str], filters: Filters, pool: int
) -> list[tuple[int, str]]:
    """``(id, search_key)`` of at most ``pool`` claims for the fuzzy fallback: all of
    them in a small database, else the newest claims holding a word that starts like
    each query word (a prefix query on the index), else simply the newest claims."""
    conditions, params = where(filters)
    params["pool"] = pool
    newest = conn.execute(
        text(
            f"SELECT c.id, c.search_key FROM claim AS c WHERE 1 = 1{conditions} "
            "ORDER BY c.id DESC LIMIT :pool + 1"
        ),
        params,
    ).all()
    if len(newest) <= pool:
        return [tuple(row) for row in newest]
    if dialect == "sqlite":
        params["q"] = " AND ".join(f'search_key : "{_prefix(w)}"*' for w in words)
        rows = conn.execute(
            text(
                "SELECT c.id, c.search_key FROM claim_fts JOIN claim AS c "
                f"ON c.id = claim_fts.rowid WHERE claim_fts MATCH :q{conditions} "
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
            conditions += f" AND {_PG_VECTOR} @@ to_tsquery('simple', :p{i})"
        rows = conn.execute(
            text(
                f"SELECT c.id, c.search_key FROM claim AS c WHERE 1 = 1{conditions} "
                "ORDER BY c.id DESC LIMIT :pool"
            ),
            params,
        ).all()
        if rows:
            return [tuple(row) for row in rows]
    return [tuple(row) for row in newest[:pool]]


def _prefix(word: str) -> str:
    """The start of a word a typo rarely touches: 3 letters, 4 after the Arabic article."""
    size = 4 if word.startswith("ال") and len(word) > 4 else 3
    return word[:size].replace('"', '""')
