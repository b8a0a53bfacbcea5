"""``claimdb check``: SQLite's own checks and the project's invariants.

Each check runs in its own read transaction and yields ``Finding``s; a check that
cannot run at all (a damaged file) is itself a finding, so ``check`` always reports.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Connection

from claimdb.db.store import Store
from claimdb.errors import ClaimdbError, DatabaseError
from claimdb.records.claims import search_key
from claimdb.records.sources import quote_found
from claimdb.text.normalize import normalize

INTEGRITY_LINES = 10


@dataclass(frozen=True)
class Finding:
    check: str
    where: str
    problem: str


@dataclass
class Outcome:
    findings: list[Finding] = field(default_factory=list)
    ran: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    claims: int = 0


def check(store: Store) -> Outcome:
    """Run every check on the database of ``store``."""
    out = Outcome()
    checks: list[tuple[str, Callable[[Connection], Iterator[Finding]]]] = []
    if store.dialect == "sqlite":
        checks += [("integrity", _integrity), ("foreign keys", _foreign_keys)]
    checks += [
        ("links", _links),
        ("quotes", _quotes),
        ("source texts", _source_hashes),
        ("search keys", _search_keys),
        ("parents", _parents),
    ]
    for name, run in checks:
        try:
            with store.read() as conn:
                out.findings += list(run(conn))
        except (ClaimdbError, sqlite3.Error) as e:
            out.findings.append(Finding(name, "database", f"the check could not run: {e}"))
        out.ran.append(name)
    if store.dialect == "sqlite":
        _fts(store, out)
    try:
        with store.read() as conn:
            out.claims = conn.exec_driver_sql("SELECT count(*) FROM claim").scalar_one()
    except ClaimdbError:
        pass
    return out


def _integrity(conn: Connection) -> Iterator[Finding]:
    """SQLite's own check of every page and index (its first ``INTEGRITY_LINES`` errors)."""
    for (report,) in conn.exec_driver_sql(f"PRAGMA integrity_check({INTEGRITY_LINES})"):
        for line in report.splitlines():
            if line != "ok" and not line.startswith("*** in database"):
                yield Finding("integrity", "database", line)


def _foreign_keys(conn: Connection) -> Iterator[Finding]:
    for table, rowid, parent, _ in conn.exec_driver_sql("PRAGMA foreign_key_check"):
        yield Finding("foreign keys", f"{table} #{rowid}", f"refers to a missing row of {parent}")


def _links(conn: Connection) -> Iterator[Finding]:
    unordered = conn.execute(
        text("SELECT id, claim_a, claim_b FROM link WHERE claim_a >= claim_b ORDER BY id")
    )
    for link_id, a, b in unordered:
        problem = "links a claim to itself" if a == b else "pair not stored in order (a < b)"
        yield Finding("links", f"link #{link_id}", f"#{a} – #{b}: {problem}")
    twice = conn.execute(
        text(
            "SELECT min(claim_a, claim_b), max(claim_a, claim_b), count(*) FROM link "
            "WHERE removed_at IS NULL GROUP BY 1, 2 HAVING count(*) > 1 ORDER BY 1, 2"
        )
        if conn.dialect.name == "sqlite"
        else text(
            "SELECT least(claim_a, claim_b), greatest(claim_a, claim_b), count(*) FROM link "
            "WHERE removed_at IS NULL GROUP BY 1, 2 HAVING count(*) > 1 ORDER BY 1, 2"
        )
    )
    for a, b, n in twice:
        yield Finding("links", f"claims #{a}, #{b}", f"linked {n} times (one live link per pair)")
    missing = conn.execute(
        text(
            "SELECT l.id, l.claim_a, l.claim_b FROM link l "
            "LEFT JOIN claim a ON a.id = l.claim_a LEFT JOIN claim b ON b.id = l.claim_b "
            "WHERE a.id IS NULL OR b.id IS NULL ORDER BY l.id"
        )
    )
    for link_id, a, b in missing:
        yield Finding("links", f"link #{link_id}", f"#{a} – #{b}: links a claim that is missing")


def _quotes(conn: Connection) -> Iterator[Finding]:
    """Every quote is found in its source's text (as records.sources.quote_found decides)."""
    texts: dict[int, tuple[str, str]] = {}
    rows = conn.execute(
        text(
            "SELECT c.id, c.quote, c.source_id FROM claim c JOIN source s ON s.id = c.source_id "
            "WHERE c.quote IS NOT NULL AND s.text IS NOT NULL ORDER BY c.source_id, c.id"
        )
    )
    for claim_id, quote, source_id in rows:
        if source_id not in texts:
            raw = conn.execute(
                text("SELECT text FROM source WHERE id = :i"), {"i": source_id}
            ).scalar_one()
            texts = {source_id: (raw, normalize(raw))}  # rows come grouped by source
        raw, folded = texts[source_id]
        if not quote_found(quote, raw, folded):
            short = quote if len(quote) <= 40 else quote[:40] + "…"
            yield Finding(
                "quotes", f"claim #{claim_id}", f"quote '{short}' not in source #{source_id}"
            )


def _source_hashes(conn: Connection) -> Iterator[Finding]:
    for source_id, body, digest in conn.execute(
        text("SELECT id, text, sha256 FROM source WHERE text IS NOT NULL ORDER BY id")
    ):
        if hashlib.sha256(body.encode("utf-8")).hexdigest() != digest:
            yield Finding("source texts", f"source #{source_id}", "text does not match its sha256")


def _search_keys(conn: Connection) -> Iterator[Finding]:
    rows = conn.execute(
        text("SELECT id, text, quote, translation, search_key FROM claim ORDER BY id")
    )
    for claim_id, body, quote, translation, key in rows:
        if key != search_key(body, quote, translation):
            yield Finding("search keys", f"claim #{claim_id}", "search key does not match its text")


def _parents(conn: Connection) -> Iterator[Finding]:
    parent = dict(conn.execute(text("SELECT id, parent_id FROM entity")).all())
    seen: set[int] = set()
    for start in sorted(parent):
        path: list[int] = []
        node: int | None = start
        while node is not None and node not in seen and node not in path:
            path.append(node)
            node = parent.get(node)
        if node is not None and node in path:
            cycle = path[path.index(node) :]
            chain = " → ".join(f"#{i}" for i in [*cycle, node])
            yield Finding("parents", f"entity #{min(cycle)}", f"parent cycle {chain}")
        seen.update(path)


def _fts(store: Store, out: Outcome) -> None:
    """The full-text index matches the claims (FTS5's own integrity check, which reads
    claim.text and claim.search_key), and the triggers that keep it so are all there."""
    from claimdb.db.schema import schema

    try:
        with store.read() as conn:
            present = {
                name
                for (name,) in conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                )
            }
            for name in sorted(set(schema().triggers) - present):
                out.findings.append(
                    Finding("full-text index", name, "trigger missing: edits no longer reach it")
                )
            conn.exec_driver_sql(
                "INSERT INTO claim_fts (claim_fts, rank) VALUES ('integrity-check', 1)"
            )
    except DatabaseError as e:
        if "read-only" in str(e):
            out.skipped.append("full-text index (the database is read-only)")
            return
        out.findings.append(
            Finding("full-text index", "claim_fts", "out of step with the claims; rebuild it")
        )
    out.ran.append("full-text index")


def verify_copy(path: Path) -> None:
    """A quick check that a copy (a backup) opens and is sound."""
    from claimdb.db.files import verify_copy as check

    check(path)
