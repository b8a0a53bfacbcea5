"""Suggested links, from the database: ``claimdb suggest`` and ``suggest dismiss``.

One streamed pass over the live claims in scope fills the term index
(``contradiction.TermIndex``: a few bytes per term, no row kept); the index proposes
pairs that share rare content; the pairs are scored in bounded batches (each batch reads
the claims it needs, with their speakers' camps and blocs) into a bounded heap of the
best. Linked pairs (live links, either relation) and dismissed pairs are left out.

Dismissed pairs (``claimdb.records.dismissals``) are never suggested again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.engine import Connection

from claimdb import validate
from claimdb.analysis.contradiction import Best, Candidate, Scorer, Suggestion
from claimdb.analysis.evidence import read
from claimdb.analysis.term_index import Mentions, Reader, TermIndex
from claimdb.batching import batched
from claimdb.db.tables import Claim, Link
from claimdb.errors import InvalidInput
from claimdb.records import names
from claimdb.records import reads as queries
from claimdb.records.dismissals import dismissed_pairs
from claimdb.records.ids import chunks

__all__ = [
    "KINDS",
    "Scope",
    "SuggestionView",
    "candidates",
    "command_for",
    "linked_pairs",
    "suggest_links",
    "suggestions",
]

KINDS = ("contradiction", "duplicate", "support")
_CHUNK = 500
BATCH = 5000  # pairs scored per batch
CACHE = 20000  # claims kept between batches


@dataclass
class SuggestionView:
    """One suggested link, ready to show."""

    kind: str  # "contradiction", "duplicate" or "support"
    score: float
    a: int
    b: int
    speaker_a: str
    speaker_b: str
    text_a: str
    text_b: str
    reason: str
    command: str
    evidence: list[dict[str, Any]]


@dataclass(frozen=True)
class Scope:
    """Which claims a suggestion may pair (names resolved to ids)."""

    speaker_id: int | None = None  # one of the two claims is this speaker's
    target_id: int | None = None  # both claims are about this target
    topic: str | None = None  # both claims have this topic (case-insensitive)
    since: str | None = None  # both claims said on or after this date

    @property
    def narrow(self) -> bool:
        """Whether the claims in scope are chosen by an indexed column (a few of them)."""
        return self.target_id is not None or self.topic is not None


def suggest_links(
    conn: Connection,
    limit: int = 20,
    kind: str | None = None,
    *,
    speaker: str | None = None,
    target: str | None = None,
    topic: str | None = None,
    since: str | None = None,
    min_score: float = 0.0,
) -> list[SuggestionView]:
    """The best ``limit`` suggestions in scope, names resolved first."""
    if kind is not None and kind not in KINDS:
        raise InvalidInput(f"--kind {kind!r}: expected one of {', '.join(KINDS)}")
    if not 0.0 <= min_score <= 1.0:
        raise InvalidInput(f"--min-score {min_score}: expected a number from 0 to 1")
    scope = Scope(
        speaker_id=names.resolve(conn, speaker, "speaker") if speaker else None,
        target_id=names.resolve(conn, target, "target") if target else None,
        topic=topic.strip() if topic and topic.strip() else None,
        since=validate.iso_date(since, "--since date"),
    )
    return suggestions(conn, limit, kind, scope, min_score)


def suggestions(
    conn: Connection,
    limit: int = 20,
    kind: str | None = None,
    scope: Scope = Scope(),
    min_score: float = 0.0,
) -> list[SuggestionView]:
    """Candidate contradictions, duplicates and supports, best first, none already linked
    or dismissed."""
    if limit < 1:
        raise InvalidInput(f"--limit {limit}: expected a number of at least 1")
    index = TermIndex()
    columns = (Claim.c.id, Claim.c.speaker_id, Claim.c.topic, Claim.c.text, Claim.c.translation)
    rows: Iterable[Any] = conn.execute(_scoped(select(*columns), scope))
    if scope.narrow:  # few claims: read only the names that begin with one of their words
        rows = list(rows)
        words = {w.folded for r in rows for t in (r.text, r.translation) if t for w in read(t)}
        mentions = Mentions(_labels(conn, words).items())
    else:
        mentions = Mentions(_labels(conn).items())
    reader = Reader(mentions)
    only: set[int] | None = set() if scope.speaker_id is not None else None
    for row in rows:
        index.add(row.id, reader.terms(row.topic, row.text, row.translation))
        if only is not None and row.speaker_id == scope.speaker_id:
            only.add(row.id)
    dismissed = dismissed_pairs(conn)
    scorer = Scorer(index.weight_of(), mentions)
    best = Best(limit)
    cache: dict[int, Candidate] = {}
    for batch in batched(index.pairs(only), BATCH):
        skip = dismissed | _linked_among(conn, {a for a, _ in batch})
        batch = [p for p in batch if p not in skip]
        _load(conn, {i for p in batch for i in p} - cache.keys(), cache)
        for a, b in batch:
            found = scorer.score(cache[a], cache[b], best.floor)
            if found and found.score >= max(min_score, 1e-9) and kind in (None, found.kind):
                best.add(found)
        if len(cache) > CACHE:
            cache.clear()
            scorer.feats.clear()
    return _views(conn, best.sorted())


_LABELS = "SELECT key, id FROM entity UNION ALL SELECT key, entity_id AS id FROM alias"
_FIRST_WORD = {
    "sqlite": "CASE WHEN instr(key, ' ') > 0 THEN substr(key, 1, instr(key, ' ') - 1) ELSE key END",
    "postgresql": "split_part(key, ' ', 1)",
}


def _labels(conn: Connection, first_words: set[str] | None = None) -> dict[str, int]:
    """Normalised names and aliases, each with its entity (the lowest id when several
    share it): to find the entities a claim names. With ``first_words``, only the names
    that begin with one of them. Read by the driver's own cursor: hundreds of thousands
    of rows, two columns."""
    cursor = conn.connection.dbapi_connection.cursor()
    out: dict[str, int] = {}
    try:
        if first_words is None:
            cursor.execute(f"SELECT key, min(id) FROM ({_LABELS}) AS labels GROUP BY key")
            return dict(cursor.fetchall())
        mark = "?" if conn.dialect.name == "sqlite" else "%s"
        first = _FIRST_WORD[conn.dialect.name]
        for chunk in chunks(first_words):
            cursor.execute(
                f"SELECT key, min(id) FROM ({_LABELS}) AS labels "
                f"WHERE {first} IN ({', '.join([mark] * len(chunk))}) GROUP BY key",
                chunk,
            )
            out.update(cursor.fetchall())
        return out
    finally:
        cursor.close()


def _linked_among(conn: Connection, lows: set[int]) -> set[tuple[int, int]]:
    """Live links (lower id first) whose lower claim is one of ``lows``."""
    out: set[tuple[int, int]] = set()
    for chunk in chunks(lows):
        rows = conn.execute(
            select(Link.c.claim_a, Link.c.claim_b).where(
                Link.c.removed_at.is_(None),
                or_(Link.c.claim_a.in_(chunk), Link.c.claim_b.in_(chunk)),
            )
        )
        out.update((min(a, b), max(a, b)) for a, b in rows)
    return out


def _scoped(query, scope: Scope):
    query = query.where(Claim.c.retracted_at.is_(None)).order_by(Claim.c.id)
    if scope.target_id is not None:
        query = query.where(Claim.c.target_id == scope.target_id)
    if scope.topic is not None:
        query = query.where(func.lower(Claim.c.topic) == scope.topic.lower())
    if scope.since is not None:
        query = query.where(Claim.c.said_on >= scope.since)
    return query


def _views(conn: Connection, found: list[Suggestion]) -> list[SuggestionView]:
    cands: dict[int, Candidate] = {}
    _load(conn, {i for s in found for i in (s.a, s.b)}, cands)
    speakers = queries.entity_names(conn, {c.speaker_id for c in cands.values()})
    return [
        SuggestionView(
            kind=s.kind,
            score=s.score,
            a=s.a,
            b=s.b,
            speaker_a=speakers[cands[s.a].speaker_id],
            speaker_b=speakers[cands[s.b].speaker_id],
            text_a=cands[s.a].text,
            text_b=cands[s.b].text,
            reason=s.reason,
            command=command_for(s.kind, s.a, s.b),
            evidence=[{"kind": e.kind, "weight": e.weight, "words": e.words} for e in s.evidence],
        )
        for s in found
    ]


def command_for(kind: str, a: int, b: int) -> str:
    """The command that acts on a suggestion: link it, or retract a duplicate."""
    if kind == "duplicate":
        return f'claimdb claim retract {b} --reason "duplicate of #{a}"'
    if kind == "support":
        return f'claimdb support {a} {b} --note "..."'
    return f'claimdb contradict {a} {b} --note "..."'


_COLUMNS = (
    Claim.c.id,
    Claim.c.speaker_id,
    Claim.c.target_id,
    Claim.c.topic,
    Claim.c.location,
    Claim.c.said_on,
    Claim.c.act,
    Claim.c.text,
    Claim.c.translation,
)


def _load(conn: Connection, ids: Iterable[int], into: dict[int, Candidate]) -> None:
    for chunk in chunks(ids):
        rows = conn.execute(select(*_COLUMNS).where(Claim.c.id.in_(chunk))).all()
        into.update((c.id, c) for c in _candidates(conn, rows))


def _candidates(conn: Connection, rows) -> list[Candidate]:
    camp: dict[int, tuple[int, str]] = {}
    bloc: dict[int, frozenset[int]] = {}
    for chunk in chunks({r.speaker_id for r in rows}):
        camp.update(queries.camps(conn, chunk))
        bloc.update(queries.blocs(conn, chunk))
    return [
        Candidate(
            id=r.id,
            speaker_id=r.speaker_id,
            camp_id=camp[r.speaker_id][0],
            blocs=bloc[r.speaker_id],
            target_id=r.target_id,
            topic=r.topic,
            location=r.location,
            said_on=r.said_on,
            act=r.act,
            text=r.text,
            translation=r.translation,
        )
        for r in rows
    ]


def candidates(conn: Connection) -> list[Candidate]:
    """Every live claim as the suggester sees it (camp and blocs of its speaker)."""
    rows = conn.execute(_scoped(select(*_COLUMNS), Scope())).all()
    return _candidates(conn, rows)


def linked_pairs(conn: Connection) -> set[tuple[int, int]]:
    """Pairs of claims with a live link of either relation (lower id first)."""
    rows = conn.execute(select(Link.c.claim_a, Link.c.claim_b).where(Link.c.removed_at.is_(None)))
    return {(min(a, b), max(a, b)) for a, b in rows}
