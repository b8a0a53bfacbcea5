"""Copy a whole database to another one, on any backend (SQLite ⇄ PostgreSQL).

Every table of the models is copied row by row with its ids, in foreign-key order,
streamed in batches, into an empty destination in ONE write transaction (all or
nothing). The source is read from one consistent snapshot. The destination's own
machinery is brought up to date afterwards: the FTS5 index is rebuilt on SQLite, the
id sequences are moved past the copied ids on PostgreSQL. ``schema_version`` is not
copied: the destination records when its own schema was made.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.engine import Connection

from claimdb.db.store import Store, is_url
from claimdb.errors import DatabaseError

BATCH = 1000
SKIP = {"schema_version"}


@dataclass
class CopySummary:
    source: str  # as displayed (password masked)
    destination: str
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows copied


def tables() -> list[Table]:
    """The tables to copy, parents before children."""
    from claimdb.db.schema import schema

    return [t for t in schema().metadata.sorted_tables if t.name not in SKIP]


Progress = Callable[[str, int], None]  # (table, rows just copied)


def copy_database(source: Store, target: str, progress: Progress | None = None) -> CopySummary:
    """Copy everything in ``source`` to the empty database ``target`` (path or URL)."""
    _refuse_same(source, target)
    fresh = None if is_url(target) else Path(target).expanduser()
    if fresh is not None and fresh.exists():
        fresh = None  # not ours to remove if the copy fails
    try:
        dest = Store(target)
    except DatabaseError:
        _remove(fresh)
        raise
    summary = CopySummary(source.display, dest.display)
    try:
        with source.read() as src, dest.write() as out:  # read(): one snapshot
            _refuse_not_empty(out, dest.display)
            for table in tables():
                summary.rows[table.name] = _copy_table(src, out, table, progress)
            _finish(out, dest.dialect)
    except BaseException:
        dest.close()
        _remove(fresh)
        raise
    dest.close()
    return summary


def _refuse_same(source: Store, target: str) -> None:
    if is_url(target) != (source.path is None):
        return
    if source.path is not None:
        same = Path(target).expanduser().resolve() == source.path.resolve()
    else:
        from sqlalchemy.engine import make_url

        try:
            a, b = make_url(source.target), make_url(target)
        except Exception:  # ValueError for a bad port: Store(target) says what is wrong
            return
        same = (a.host, a.port, a.database) == (b.host, b.port, b.database)
    if same:
        raise DatabaseError(f"{source.display}: cannot copy a database onto itself")


def _refuse_not_empty(conn: Connection, display: str) -> None:
    for table in tables():
        if conn.execute(select(1).select_from(table).limit(1)).first():
            raise DatabaseError(
                f"{display}: not empty (table {table.name} has rows); "
                "copy needs a new or empty database"
            )


def _batches(conn: Connection, table: Table) -> Iterator[list[dict]]:
    query = select(table).order_by(*table.primary_key.columns)
    result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(query)
    for rows in result.partitions(BATCH):
        yield [dict(row._mapping) for row in rows]


def _copy_table(src: Connection, out: Connection, table: Table, progress: Progress | None) -> int:
    """Copy one table; a column that refers to its own table (entity.parent_id) is
    filled in afterwards, so a row may point at a row with a larger id."""
    own = [c.name for c in table.columns if any(fk.column.table is table for fk in c.foreign_keys)]
    (pk,) = [c.name for c in table.primary_key.columns] if own else (None,)
    later, count = [], 0
    for rows in _batches(src, table):
        for row in rows:
            pointers = {c: row[c] for c in own if row[c] is not None}
            if pointers:
                later.append((row[pk], pointers))
                row.update(dict.fromkeys(pointers))
        out.execute(insert(table), rows)
        count += len(rows)
        if progress:
            progress(table.name, len(rows))
    by_columns: dict[tuple[str, ...], list[dict]] = {}
    for key, values in later:
        by_columns.setdefault(tuple(sorted(values)), []).append({"_key": key, **values})
    for columns, params in by_columns.items():
        statement = update(table).where(table.c[pk] == bindparam("_key"))
        out.execute(statement.values({c: bindparam(c) for c in columns}), params)
    return count


def _finish(conn: Connection, dialect: str) -> None:
    """Sequences after explicit ids (PostgreSQL); the full-text index of a SQLite copy
    was filled by its triggers as the claims were written."""
    if dialect == "postgresql":
        from claimdb.db import postgres as pg

        pg.reset_sequences(conn)


def _remove(path: Path | None) -> None:
    """Remove a SQLite file this copy created (and its WAL files)."""
    if path is None:
        return
    for name in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with suppress(OSError):
            name.unlink()
