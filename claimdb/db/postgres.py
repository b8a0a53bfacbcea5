"""PostgreSQL: the same schema as schema.sql, built from the models plus schema.sql itself.

The tables come from the SQLModel metadata (``claimdb/models.py``, which a test proves
agrees with schema.sql). What schema.sql adds beyond the models is read from schema.sql
and translated here, so the two backends cannot drift apart:

- every ``CHECK (...)``, ``DEFAULT`` and table-level ``UNIQUE (...)`` of each
  ``CREATE TABLE``, added with ``ALTER TABLE`` under a predictable name;
- every ``CREATE [UNIQUE] INDEX`` and ``CREATE VIEW``, verbatim (they are portable SQL);
- the FTS5 table ``claim_fts`` becomes a GIN index of the same name over
  ``to_tsvector('simple', search_key)`` (``search_key`` is already normalised text with
  its stems); its triggers are not needed there (an expression index stays in step).

Text columns use the "C" collation, so ``ORDER BY name`` sorts by code point exactly as
SQLite does, whatever the server's default locale. Anything else in schema.sql (a
trigger, another virtual table) stops ``ddl()`` with an error until it is translated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import Integer, Text, text
from sqlalchemy.engine import Connection

FTS_CONFIG = "simple"
FTS_INDEX = "claim_fts"
FTS_VECTOR = f"to_tsvector('{FTS_CONFIG}', search_key)"
# Writers take this transaction-level advisory lock first: PostgreSQL's BEGIN IMMEDIATE.
WRITE_LOCK = 0x636C61696D6462  # "claimdb"
# SQLSTATEs after which the whole transaction may simply be run again.
RETRYABLE = {"40001": "serialization failure", "40P01": "deadlock detected"}

_TABLE = re.compile(r"CREATE\s+TABLE\s+(\w+)\s*\(", re.I)
_FTS = re.compile(r"CREATE\s+VIRTUAL\s+TABLE\s+(\w+)\s+USING\s+fts5", re.I)
# the triggers that keep the FTS5 table in step: a GIN index over an expression needs none
_FTS_TRIGGER = re.compile(r"CREATE\s+TRIGGER\s+claim_fts_\w+\s", re.I)
_PORTABLE = re.compile(r"CREATE\s+(UNIQUE\s+)?(INDEX|VIEW)\b", re.I)
_TABLE_LEVEL = ("CHECK", "UNIQUE", "PRIMARY", "FOREIGN", "CONSTRAINT")


@dataclass
class TableExtras:
    """What a CREATE TABLE in schema.sql declares beyond columns, types and keys."""

    name: str
    checks: list[tuple[str, str]] = field(default_factory=list)  # (constraint name, expr)
    defaults: dict[str, str] = field(default_factory=dict)  # column -> SQL literal
    uniques: list[tuple[str, ...]] = field(default_factory=list)  # table-level UNIQUE


def _strip_comments(sql: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines())


def _split_top(body: str) -> list[str]:
    """Split a parenthesised list at its top-level commas."""
    items, depth, buf, quoted = [], 0, "", False
    for ch in body:
        if ch == "'":
            quoted = not quoted
        elif not quoted and ch in "()":
            depth += 1 if ch == "(" else -1
        if ch == "," and depth == 0 and not quoted:
            items.append(buf.strip())
            buf = ""
        else:
            buf += ch
    if buf.strip():
        items.append(buf.strip())
    return items


def _group(sql: str, start: int) -> tuple[str, int]:
    """The text inside the parenthesis opening at ``start``, and the index after it."""
    depth, quoted = 0, False
    for i in range(start, len(sql)):
        ch = sql[i]
        if ch == "'":
            quoted = not quoted
        elif not quoted and ch == "(":
            depth += 1
        elif not quoted and ch == ")":
            depth -= 1
            if depth == 0:
                return sql[start + 1 : i].strip(), i + 1
    raise ValueError(f"unbalanced parenthesis in: {sql[start : start + 60]!r}")


def _keyword_groups(item: str, keyword: str) -> Iterator[str]:
    for m in re.finditer(rf"\b{keyword}\s*\(", item, re.I):
        yield _group(item, m.end() - 1)[0]


def table_extras(statement: str) -> TableExtras:
    """Parse one ``CREATE TABLE`` of schema.sql into its checks, defaults and uniques."""
    sql = _strip_comments(statement)
    m = _TABLE.match(sql.strip())
    if not m:
        raise ValueError(f"not a CREATE TABLE: {statement[:60]!r}")
    body, _ = _group(sql.strip(), m.end() - 1)
    extras = TableExtras(m.group(1))
    numbered = 0
    for item in _split_top(body):
        head = item.split(None, 1)[0].upper()
        checks = list(_keyword_groups(item, "CHECK"))
        if head in _TABLE_LEVEL:
            if head == "UNIQUE":
                (cols,) = _keyword_groups(item, "UNIQUE")
                extras.uniques.append(tuple(c.strip() for c in cols.split(",")))
            for expr in checks:
                numbered += 1
                extras.checks.append((f"{extras.name}_check{numbered}", expr))
            continue
        column = item.split(None, 1)[0]
        for n, expr in enumerate(checks):
            suffix = "" if n == 0 else str(n + 1)
            extras.checks.append((f"{extras.name}_{column}_check{suffix}", expr))
        default = re.search(r"\bDEFAULT\s+('(?:[^']|'')*'|-?\d+(?:\.\d+)?)", item, re.I)
        if default:
            extras.defaults[column] = default.group(1)
    return extras


def _statements() -> list[str]:
    from claimdb.db.store import _statements as split
    from claimdb.db.store import schema_sql

    return list(split(schema_sql()))


def _model_uniques() -> set[tuple[str, tuple[str, ...]]]:
    """(table, columns) of the UNIQUE constraints the models create themselves."""
    from sqlalchemy import UniqueConstraint
    from sqlmodel import SQLModel

    import claimdb.models  # noqa: F401  (registers the tables)

    out = set()
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            if column.unique:
                out.add((table.name, (column.name,)))
        for constraint in table.constraints:
            if isinstance(constraint, UniqueConstraint):
                out.add((table.name, tuple(c.name for c in constraint.columns)))
    return out


def ddl() -> list[str]:
    """The PostgreSQL statements that follow ``create_all``, translated from schema.sql."""
    model_uniques = _model_uniques()
    tables, later = [], []
    for statement in _statements():
        clean = _strip_comments(statement).strip()
        if _TABLE.match(clean):
            tables.extend(_table_ddl(table_extras(statement), model_uniques))
        elif fts := _FTS.match(clean):
            later.append(f"CREATE INDEX {fts.group(1)} ON claim USING gin ({FTS_VECTOR})")
        elif _FTS_TRIGGER.match(clean):
            continue
        elif _PORTABLE.match(clean):
            later.append(clean.rstrip(";"))
        else:
            raise ValueError(f"schema.sql: no PostgreSQL translation for: {clean[:80]!r}")
    return tables + later


def _table_ddl(extras: TableExtras, model_uniques: set) -> Iterator[str]:
    """One ALTER TABLE: "C" collation on text columns, then defaults, uniques, checks."""
    from sqlmodel import SQLModel

    table = SQLModel.metadata.tables[extras.name]
    actions = [
        f'ALTER COLUMN "{column.name}" TYPE text COLLATE "C"'
        for column in table.columns
        if isinstance(column.type, Text)
    ]
    actions += [f'ALTER COLUMN "{c}" SET DEFAULT {v}' for c, v in extras.defaults.items()]
    for cols in extras.uniques:
        if (table.name, cols) not in model_uniques:
            name = f"{table.name}_{'_'.join(cols)}_key"
            actions.append(f"ADD CONSTRAINT {name} UNIQUE ({', '.join(cols)})")
    actions += [f"ADD CONSTRAINT {name} CHECK ({expr})" for name, expr in extras.checks]
    if actions:
        yield f"ALTER TABLE {table.name}\n    " + ",\n    ".join(actions)


def create(conn: Connection) -> None:
    """Create every table, constraint, index, view and the full-text index."""
    from sqlmodel import SQLModel

    import claimdb.models  # noqa: F401  (registers the tables)

    SQLModel.metadata.create_all(conn, checkfirst=False)  # never adopt someone's "entity"
    for statement in ddl():
        conn.exec_driver_sql(statement)


def lock_for_write(conn: Connection) -> None:
    """Queue behind any other claimdb writer on this database, until commit."""
    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")


def retryable(error: BaseException) -> str | None:
    """The reason when a database error means 'run the whole transaction again'."""
    return RETRYABLE.get(getattr(error, "sqlstate", None) or "")


def reset_sequences(conn: Connection) -> None:
    """After rows were written with explicit ids: new rows continue after the largest."""
    from sqlmodel import SQLModel

    for table in SQLModel.metadata.sorted_tables:
        keys = list(table.primary_key.columns)
        pk = keys[0]
        if len(keys) != 1 or not isinstance(pk.type, Integer) or pk.autoincrement is False:
            continue
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk.name}'), "
                f"coalesce((SELECT max({pk.name}) FROM {table.name}), 0) + 1, false)"
            )
        )
