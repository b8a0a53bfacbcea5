"""Listings written as their rows arrive: memory holds one batch, however many rows.

JSON is a streamed array (the same bytes as ``emit_json`` of the whole list), CSV goes
row by row, and a table is drawn ``BATCH`` rows at a time. A listing that fits in one
batch is drawn by Rich exactly as ``output.table`` draws it; a longer one gets its column
widths once, from its first batch (ids, dates and other short columns first, the long
text columns share the rest), and is drawn line by line by ``grid``, in Rich's look at a
fraction of its cost.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict
from json.encoder import encode_basestring
from typing import Any

from claimdb.batching import batched
from claimdb.render import grid, report_formats
from claimdb.render.output import column_widths, console, emit_csv, plain, table

BATCH = 500  # rows per Rich table drawn: Rich lays out a table whole before printing it

_encode = json.JSONEncoder(ensure_ascii=False, indent=2).encode


def stream_json(rows: Iterable[Any], out=None) -> int:
    """A JSON array of ``rows`` written item by item (the bytes of ``emit_json`` of the
    whole list); the number of items."""
    out = out or sys.stdout
    count = json_array(rows, out)
    out.write("\n")
    return count


def json_array(items: Iterable[Any], out, level: int = 0) -> int:
    """A JSON array indented as ``json.dumps(indent=2)`` would at nesting ``level``."""
    pad = "\n" + "  " * (level + 1)
    count = 0
    for item in items:
        out.write(("[" if count == 0 else ",") + pad + _indented(plain(item), pad))
        count += 1
    out.write("\n" + "  " * level + "]" if count else "[]")
    return count


def _indented(item: Any, pad: str) -> str:
    """``json.dumps(item, indent=2)`` with its lines continued by ``pad``. An object of
    plain values and lists of them (a claim, a timeline row) is put together from the C
    encoder's scalars: with ``indent``, ``json`` falls back to its pure-Python encoder,
    which took a third of a long listing's time."""
    if not isinstance(item, dict) or not item:
        return _encode(item).replace("\n", pad)
    inner = pad + "  "
    parts = []
    for key, value in item.items():
        if value.__class__ in _SCALAR:
            text = _scalar(value)
        elif isinstance(value, list) and all(v.__class__ in _SCALAR for v in value):
            deeper = inner + "  "
            text = (
                "[" + ",".join(deeper + _scalar(v) for v in value) + inner + "]" if value else "[]"
            )
        else:
            text = _encode(value).replace("\n", inner)
        if not isinstance(key, str):
            return _encode(item).replace("\n", pad)
        parts.append(inner + _scalar(key) + ": " + text)
    return "{" + ",".join(parts) + pad + "}"


_SCALAR = {
    str: encode_basestring,
    int: int.__repr__,
    bool: lambda v: "true" if v else "false",
    type(None): lambda v: "null",
}


def _scalar(value: Any) -> str:
    """One JSON value as ``json.dumps(ensure_ascii=False)`` writes it (strings by C)."""
    write = _SCALAR.get(value.__class__)
    return write(value) if write is not None else _encode(value)


def stream_report(report: Any, fmt: str, out=None) -> None:
    """``report_formats.report`` for a report whose disputes arrive as a stream (JSON
    here; the CSV writer and the table take theirs one by one already)."""
    if fmt != "json":
        return report_formats.report(report, fmt, out)
    out = out or sys.stdout
    out.write('{\n  "disputes": ')
    json_array(map(report_formats.dispute_data, report.disputes), out, 1)
    out.write(',\n  "summary": ')
    json_array([asdict(p) for p in report.pairs], out, 1)
    out.write("\n}\n")


def stream_table(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[str],
    title: str | None = None,
    wide: Sequence[str] = (),
    out=None,
) -> int:
    """A table drawn ``BATCH`` rows at a time; the number of rows."""
    con = console(file=out)
    batches = batched(rows, BATCH)
    first = next(batches, [])
    second = next(batches, None)
    if second is None:  # one batch: the table as ``output.table`` lays it out
        con.print(table(first, columns, title, wide))
        return len(first)
    widths = grid.fit(column_widths(first, columns, wide, con.width), con.width)
    drawn = grid.Grid(columns, widths, lines=bool(wide))
    write = con.file.write
    write(drawn.head(title))
    count = 0
    for batch in _chain(first, second, batches):
        write(drawn.body(batch, first=count == 0))
        count += len(batch)
        con.file.flush()
    write(drawn.foot())
    return count


def _chain(first: list, second: list, rest: Iterator[list]) -> Iterator[list]:
    yield first
    yield second
    yield from rest


def stream_listing(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[str],
    fmt: str,
    title: str | None = None,
    wide: Sequence[str] = (),
) -> int:
    """``output.listing`` for rows that arrive as a stream; the number of rows written."""
    if fmt == "json":
        return stream_json(rows)
    if fmt == "csv":
        counted = _Counted(rows)
        emit_csv(counted, columns)
        return counted.count
    return stream_table(rows, columns, title, wide)


class _Counted:
    """Rows passed through, counted."""

    def __init__(self, rows: Iterable[Any]) -> None:
        self.rows = rows
        self.count = 0

    def __iter__(self) -> Iterator[Any]:
        for row in self.rows:
            self.count += 1
            yield row
