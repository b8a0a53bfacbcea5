"""Shell completion from the current database: entity names, and claim ids with their text.

Set up once with ``claimdb --install-completion`` (bash, zsh, fish, PowerShell). The
database is the one the command line names (``--db``, else $CLAIMDB_DB, else the default
file). Fast on purpose: plain ``sqlite3`` on a SQLite file opened read-only (never
created), an indexed prefix range on the normalised keys, then a scan for a word inside a
name, each with a LIMIT; no SQLAlchemy, no fuzzy matching. Any error offers nothing.

- Entities: typing the start of any word of a name or alias, in any script and without
  minding case, hamza forms or diacritics ("Kon", "كونا", "وزارة الد"), offers the
  entity's canonical name (it always resolves); the help text says which alias matched.
- Claim ids: "1" offers 1, 10-19, 100-199...; "#1" the same with '#'; nothing typed
  offers the latest claims. The help text is the speaker and the start of the claim.

Typer keeps only the offers that start with the word typed; an offer here is a name
found by the database, so ``Offer`` tells Typer it matches (bash and fish show it as it
is; zsh filters by prefix itself unless a matcher-list allows matches inside words).
For bash, whose Typer script inserts values unquoted, spaces and shell characters are
escaped with a backslash.
"""

import os
import re
import sqlite3
import time
from pathlib import Path
from typing import Any

import typer

LIMIT = 30
_BASH_SPECIAL = re.compile(r"""([\s'"\\$`!&;|<>()*?\[\]{}#~])""")

BUDGET = 0.1  # seconds a scan for words inside names may take; then what was found is kept

_BY_PREFIX = """
SELECT e.id, e.name, e.name AS label, e.kind, e.key AS key FROM entity e
WHERE e.key >= :lo AND e.key < :hi
UNION ALL
SELECT e.id, e.name, a.alias, e.kind, a.key FROM alias a JOIN entity e ON e.id = a.entity_id
WHERE a.key >= :lo AND a.key < :hi
LIMIT :limit
"""
_BY_WORD = """
SELECT e.id, e.name, e.name, e.kind, e.key FROM entity e WHERE (' ' || e.key) LIKE :inner
UNION ALL
SELECT e.id, e.name, a.alias, e.kind, a.key FROM alias a JOIN entity e ON e.id = a.entity_id
WHERE (' ' || a.key) LIKE :inner
LIMIT :limit
"""

_CLAIMS = """
SELECT c.id, e.name, c.text FROM claim c JOIN entity e ON e.id = c.speaker_id
WHERE {where} ORDER BY c.id {order} LIMIT :limit
"""


class Offer(str):
    """A completion found by the database: it matches the word typed, whatever its start."""

    __slots__ = ()

    def startswith(self, *_: Any) -> bool:  # Typer's filter: keep every offer
        return True


def entity_names(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Completion of an entity option or argument: canonical names with a help text."""
    try:
        return [(_offer(name), help_) for name, help_ in _entities(_database(ctx), incomplete)]
    except Exception:
        return []


def claim_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Completion of a claim id: ids with the speaker and the start of the claim."""
    try:
        return [(_offer(v), h) for v, h in _claims(_database(ctx), incomplete)]
    except Exception:
        return []


# -- where ------------------------------------------------------------------------------


def _database(ctx: typer.Context) -> str:
    """The database of this command line (like store.choose_db, without SQLAlchemy)."""
    chosen = ctx.find_root().params.get("db") or os.environ.get("CLAIMDB_DB")
    if chosen:
        return chosen
    from platformdirs import user_data_dir

    return str(Path(user_data_dir("claimdb", appauthor=False)) / "claims.db")


def _rows(target: str, queries: list[str], params: dict[str, Any]) -> list[tuple]:
    """Rows of ``queries`` in turn until ``params["limit"]`` rows; a slow scan is cut short."""
    if "://" in target:  # a server database: through the store (slower, still bounded)
        from sqlalchemy import text

        from claimdb.db.store import Store

        store = Store(target)
        try:
            with store.read() as conn:
                return [tuple(r) for q in queries for r in conn.execute(text(q), params)]
        finally:
            store.close()
    path = Path(target).expanduser()
    if not path.is_file():
        return []
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    deadline = time.monotonic() + BUDGET
    conn.set_progress_handler(lambda: time.monotonic() > deadline, 10_000)
    out: list[tuple] = []
    try:
        for query in queries:
            if len(out) >= params["limit"]:
                break
            try:
                out.extend(conn.execute(query, params))
            except sqlite3.OperationalError as e:
                if "interrupted" not in str(e):
                    raise
                break  # out of time: offer what was found
    finally:
        conn.close()
    return out


# -- what -------------------------------------------------------------------------------


def _entities(target: str, incomplete: str) -> list[tuple[str, str]]:
    from claimdb.text.normalize import normalize

    prefix = normalize(incomplete)
    if prefix and incomplete[-1:].isspace():
        prefix += " "  # a finished word
    if not prefix and incomplete.strip():
        return []  # only punctuation typed
    params = {"lo": prefix, "hi": _after(prefix), "inner": f"% {prefix}%", "limit": LIMIT * 8}
    best: dict[int, tuple[tuple, str, str]] = {}
    for entity_id, name, label, kind, key in _rows(target, [_BY_PREFIX, _BY_WORD], params):
        rank = (not key.startswith(prefix), label != name, len(label), name.casefold())
        help_ = kind if label == name else f"{kind}; alias {label}"
        if entity_id not in best or rank < best[entity_id][0]:
            best[entity_id] = (rank, name, help_)
    ranked = sorted(best.values(), key=lambda b: (b[0][0], b[1].casefold()))
    return [(name, _one_line(help_)) for _, name, help_ in ranked[:LIMIT]]


def _after(prefix: str) -> str:
    """The least string greater than every string starting with ``prefix``."""
    while prefix and prefix[-1] == "\U0010ffff":
        prefix = prefix[:-1]
    if not prefix:
        return "\U0010ffff"
    code = ord(prefix[-1]) + 1
    return prefix[:-1] + chr(0xE000 if 0xD800 <= code < 0xE000 else code)  # no surrogates


def _claims(target: str, incomplete: str) -> list[tuple[str, str]]:
    digits = incomplete.strip().removeprefix("#")
    mark = "#" if incomplete.strip().startswith("#") else ""
    if digits and (not digits.isdigit() or digits.startswith("0")):
        return []
    if digits:
        longest = len(digits) + 8  # ids up to a hundred million times the prefix
        ranges = [
            (int(digits + "0" * k), int(digits + "9" * k)) for k in range(longest - len(digits))
        ]
        where = " OR ".join(f"c.id BETWEEN {lo} AND {hi}" for lo, hi in ranges)
        sql = _CLAIMS.format(where=where, order="ASC")
    else:
        sql = _CLAIMS.format(where="1 = 1", order="DESC")
    rows = _rows(target, [sql], {"limit": LIMIT})
    return [(f"{mark}{cid}", _one_line(f"{speaker}: {text}", 60)) for cid, speaker, text in rows]


def _one_line(text: str, width: int = 80) -> str:
    from claimdb.text.inert import visible

    flat = " ".join(visible(text).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _offer(value: str) -> Offer:
    if os.environ.get("_CLAIMDB_COMPLETE") == "complete_bash":
        value = _BASH_SPECIAL.sub(r"\\\1", value)
    return Offer(value)
