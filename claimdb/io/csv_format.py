"""CSV: claims only, one per row, for spreadsheets (named csvfmt so as not to shadow
the standard library's csv).

Import: a header line names the columns, in any order. ``speaker``, ``target`` and
``text`` are required; the others are optional; any other column is an error. Empty
cells are empty fields. ``via`` holds names separated by ``;``, ``source`` the id of
a source already in the database (``12`` or ``#12``).

Export: one row per claim with names instead of ids, the speaker's camp, and the
claims it contradicts and supports. Every text cell that a spreadsheet would take for
a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) gets a
leading ``'`` (``textsafe.csv_safe``). It is a view for people, not for re-import:
JSONL is the lossless format.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from sqlalchemy.engine import Connection

from claimdb.errors import InvalidInput
from claimdb.io import export_selection as selection
from claimdb.io.export_selection import Selection
from claimdb.text.inert import csv_safe

REQUIRED = ("speaker", "target", "text")
COLUMNS = (
    *REQUIRED,
    *("said_on", "act", "lang", "quote", "translation", "topic", "location", "source"),
    *("via", "credibility", "retracted_at", "retraction_reason"),
)
EXPORT_COLUMNS = (
    *("id", "said_on", "speaker", "camp", "target", "act", "text", "quote", "translation"),
    *("lang", "topic", "location", "via", "source", "source_title", "source_url"),
    *("credibility", "retracted_at", "retraction_reason", "contradicts", "supports"),
    *("link_notes", "verdicts"),
)
_SOURCE_ID = re.compile(r"#?\d+")


class _Numbered:
    """Feeds lines to csv.reader and remembers the number of the last one read."""

    def __init__(self, lines: Iterable[tuple[int, str]]) -> None:
        self.lines = iter(lines)
        self.number = 0

    def __iter__(self) -> Iterator[str]:
        for number, text in self.lines:
            self.number = number
            yield text


def records(lines: Iterable[tuple[int, str]], name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Claim records (the JSONL shape) from CSV rows, numbered by their first line."""
    numbered = _Numbered(lines)
    reader = csv.reader(numbered, strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise InvalidInput(
                f"{name}:1: empty file; expected a header line: {', '.join(COLUMNS)}"
            )
        columns = _check_header([c.strip().lower() for c in header], name)
        start = numbered.number + 1
        for row in reader:
            line, start = start, numbered.number + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(columns):
                raise InvalidInput(
                    f"{name}:{line}: {len(row)} cells; the header has {len(columns)} columns"
                )
            yield line, _record(dict(zip(columns, row, strict=True)))
    except csv.Error as e:
        raise InvalidInput(f"{name}:{numbered.number}: not valid CSV: {e}") from None


def _check_header(columns: list[str], name: str) -> list[str]:
    problems = []
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        problems.append("missing column(s) " + ", ".join(missing))
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown:
        problems.append("unknown column(s) " + ", ".join(repr(c) for c in unknown))
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        problems.append("repeated column(s) " + ", ".join(repeated))
    if problems:
        raise InvalidInput(
            f"{name}:1: bad header: {'; '.join(problems)} (columns: {', '.join(COLUMNS)})"
        )
    return columns


def _record(cells: dict[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {"type": "claim"}
    for column, value in cells.items():
        if value == "":
            continue
        if column == "via":
            record["via"] = [v.strip() for v in value.split(";") if v.strip()]
        elif column == "source" and _SOURCE_ID.fullmatch(value.strip()):
            record["source"] = "#" + value.strip().lstrip("#")
        else:
            record[column] = value
    return record


def export(conn: Connection, out: TextIO, filters: Selection) -> int:
    """Write one row per chosen claim; returns the number of rows."""
    rows = selection.entities(conn)
    names = {i: r.name for i, r in rows.items()}
    camps = selection.camps(rows)
    titles = {s.id: (s.title, s.url) for s in selection.sources(conn, filters)}
    via = selection.Follow(selection.vias(conn, filters))
    links = selection.Follow(selection.links_by_claim(conn))
    verdicts = selection.Follow(selection.verdict_views(conn))
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180; a bare CR in a cell is quoted
    writer.writerow(EXPORT_COLUMNS)
    count = 0
    for c in selection.claims(conn, filters):
        title, url = titles.get(c.source_id, (None, None))
        linked = links.take(c.id)
        summary = {
            relation: "; ".join(f"#{r[1]} {names[r[4]]}" for r in linked if r[2] == relation)
            for relation in ("contradicts", "supports")
        }
        cells = (
            *(c.id, c.said_on, names[c.speaker_id], camps[c.speaker_id]),
            *(names[c.target_id], c.act, c.text, c.quote, c.translation, c.lang, c.topic),
            c.location,
            "; ".join(names[v.entity_id] for v in via.take(c.id)),
            f"#{c.source_id}" if c.source_id else None,
            *(title, url, c.credibility, c.retracted_at, c.retraction_reason),
            summary["contradicts"],
            summary["supports"],
            "; ".join(f"#{r[1]}: {r[3]}" for r in linked if r[3]),
            "; ".join(str(v) for _, v in verdicts.take(c.id)),
        )
        writer.writerow([csv_safe(v) for v in cells])
        count += 1
    return count
