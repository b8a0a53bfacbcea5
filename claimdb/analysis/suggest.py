"""Suggested links, from the database: ``claimdb suggest``.

Reads every live (not retracted) claim with its speaker's camp and blocs, and the pairs
already linked (any relation, live links only), and hands them to the pure
``disputes.suggest``, which scores candidate contradictions and likely duplicates.
Each suggestion comes back with the two speakers, the two texts and the command that
acts on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Connection

from claimdb.analysis.disputes import Candidate, suggest
from claimdb.db.tables import Claim, Entity, Link
from claimdb.errors import InvalidInput
from claimdb.records import reads as queries

__all__ = [
    "SuggestionView",
    "candidates",
    "command_for",
    "linked_pairs",
    "suggestions",
]

_CHUNK = 500


@dataclass
class SuggestionView:
    """One suggested link, ready to show."""

    kind: str  # "contradiction" or "duplicate"
    score: float
    a: int
    b: int
    speaker_a: str
    speaker_b: str
    text_a: str
    text_b: str
    reason: str
    command: str


def suggestions(conn: Connection, limit: int = 20) -> list[SuggestionView]:
    """Candidate contradictions and duplicates, best first, none already linked."""
    if limit < 1:
        raise InvalidInput(f"--limit {limit}: expected a number of at least 1")
    cands = candidates(conn)
    found = suggest(cands, linked_pairs(conn), limit)
    by_id = {c.id: c for c in cands}
    speakers = _names(conn, {by_id[i].speaker_id for s in found for i in (s.a, s.b)})
    return [
        SuggestionView(
            kind=s.kind,
            score=s.score,
            a=s.a,
            b=s.b,
            speaker_a=speakers[by_id[s.a].speaker_id],
            speaker_b=speakers[by_id[s.b].speaker_id],
            text_a=by_id[s.a].text,
            text_b=by_id[s.b].text,
            reason=s.reason,
            command=command_for(s.kind, s.a, s.b),
        )
        for s in found
    ]


def command_for(kind: str, a: int, b: int) -> str:
    """The command that acts on a suggestion: link a contradiction, retract a duplicate."""
    if kind == "duplicate":
        return f'claimdb claim retract {b} --reason "duplicate of #{a}"'
    return f'claimdb contradict {a} {b} --note "..."'


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


def _names(conn: Connection, ids: set[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for chunk in _chunks(ids):
        out.update(
            conn.execute(select(Entity.c.id, Entity.c.name).where(Entity.c.id.in_(chunk))).all()
        )
    return out


def candidates(conn: Connection) -> list[Candidate]:
    """Every live claim as the suggester sees it (camp and blocs of its speaker)."""
    rows = conn.execute(
        select(
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
        .where(Claim.c.retracted_at.is_(None))
        .order_by(Claim.c.id)
    ).all()
    camp: dict[int, tuple[int, str]] = {}
    bloc: dict[int, frozenset[int]] = {}
    for chunk in _chunks({r.speaker_id for r in rows}):
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


def linked_pairs(conn: Connection) -> set[tuple[int, int]]:
    """Pairs of claims with a live link of either relation."""
    rows = conn.execute(select(Link.c.claim_a, Link.c.claim_b).where(Link.c.removed_at.is_(None)))
    return {(a, b) for a, b in rows}
