"""How each command's results are laid out: the columns and cells of its table, and
the fields of its JSON and CSV. The commands hand their results here unchanged."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from claimdb.render.output import emit_csv, emit_json, listing, message
from claimdb.render.report_formats import CLAIM_FIELDS, claim_dict
from claimdb.render.streaming import stream_listing

TIMELINE_COLUMNS = ("said_on", "id", "speaker", "act", "claim", "standing", "links")
SEARCH_COLUMNS = ("id", "said_on", "speaker", "snippet", "score")
SUGGEST_COLUMNS = ("score", "kind", "claims", "reason and command")
SUGGEST_FIELDS = (
    *("kind", "score", "a", "b", "speaker_a", "speaker_b", "text_a", "text_b"),
    *("reason", "command", "evidence"),
)
FUZZY_NOTICE = "no exact match; showing fuzzy matches"
LOG_COLUMNS = ("id", "at", "actor", "op", "record", "row_id")


def timeline(rows: Iterable[dict[str, Any]], fmt: str) -> int:
    """Lean on a terminal: the translation where there is one, links as ✗ / ✓. Rows are
    written as they come; returns how many."""
    from claimdb.analysis.overview import TIMELINE_FIELDS

    columns = TIMELINE_COLUMNS if fmt == "table" else TIMELINE_FIELDS
    if fmt == "table":
        rows = map(_timeline_cells, rows)
    return stream_listing(rows, columns, fmt, title="Timeline", wide=("claim",))


def _timeline_cells(row: dict[str, Any]) -> dict[str, Any]:
    row["claim"] = row["translation"] or row["text"]
    marks = (("✗", row["contradicts"]), ("✓", row["supports"]))
    row["links"] = "  ".join(
        f"{mark} " + " ".join(f"#{i}" for i in ids) for mark, ids in marks if ids
    )
    return row


def matrix(m: Any, by: str, fmt: str, fit: bool) -> None:
    """``speakers --matrix``: parties against parties, counts of ✗ contradicts / ✓ supports.

    On a terminal the table keeps the most active parties that fit its width (``fit``);
    JSON and CSV hold every pair (long form: one row per pair and direction).
    """
    if fmt != "table":
        listing(m.rows(), (by, "with", "contradicts", "supports"), fmt)
        return
    if fit:
        m = m.top(_fitting(m, shutil.get_terminal_size().columns))
    numbers = [str(k) for k in range(1, len(m.names) + 1)]
    rows = []
    for x, name in enumerate(m.names):
        row = {"#": x + 1, by: name, "links": m.activity[x]}
        row |= {column: _mark_counts(m.cells.get((x, y))) for y, column in enumerate(numbers)}
        rows.append(row)
    shown = f"top {len(m.names)} of {m.parties}" if len(m.names) < m.parties else "all"
    title = f"✗ contradicts, ✓ supports: {shown} {by}s, most links first"
    listing(rows, ("#", by, "links", *numbers), "table", title=title)


def _mark_counts(counts: dict[str, int] | None) -> str:
    if not counts:
        return ""
    marks = ((counts["contradicts"], "✗"), (counts["supports"], "✓"))
    return " ".join(f"{n}{mark}" for n, mark in marks if n)


def _fitting(m: Any, width: int) -> int:
    """How many of the most active parties fit a table ``width`` columns wide (at least 2)."""
    for n in range(len(m.names), 2, -1):
        name = max(len(x) for x in m.names[:n])
        cells = [
            max(len(str(y + 1)), *(len(_mark_counts(m.cells.get((x, y)))) for x in range(n)))
            for y in range(n)
        ]
        used = 1 + (len(str(n)) + 3) + (name + 3) + (len("links") + 3) + sum(c + 3 for c in cells)
        if used <= width:
            return n
    return min(2, len(m.names))


def claim_history(versions: list[dict[str, Any]], fmt: str, title: str) -> None:
    """Every version of a claim: when, by whom, what changed (field: old → new)."""
    if fmt == "json":
        emit_json(versions)
    elif fmt == "csv":
        rows = [
            {k: v for k, v in version.items() if k != "changes"} | change
            for version in versions
            for change in version["changes"] or [{}]
        ]
        emit_csv(rows, ("version", "at", "by", "op", "field", "old", "new"))
    else:
        rows = [
            v | {"at": _when(v["at"]), "changes": "\n".join(map(_change_line, v["changes"]))}
            for v in versions
        ]
        columns = ("version", "at", "by", "op", "changes")
        listing(rows, columns, "table", title=title, wide=("changes",))


def _when(stamp: str | None) -> str | None:
    """A stored UTC time, to the second, for tables (JSON and CSV keep it whole)."""
    return stamp[:19].replace("T", " ") + " UTC" if stamp else stamp


def _change_line(change: dict) -> str:
    def shown(value) -> str:
        if isinstance(value, list):
            return " → ".join(value)
        return "—" if value is None else str(value)

    if change["old"] is None:
        return f"{change['field']}: {shown(change['new'])}"
    return f"{change['field']}: {shown(change['old'])} → {shown(change['new'])}"


def event_log(events: list[dict[str, Any]], fmt: str) -> None:
    if fmt == "json":
        emit_json(events)
    elif fmt == "csv":
        rows = [
            e
            | {
                k: None if e[k] is None else json.dumps(e[k], ensure_ascii=False)
                for k in ("before", "after")
            }
            for e in events
        ]
        emit_csv(rows, (*LOG_COLUMNS, "before", "after"))
    else:
        rows = [e | {"at": _when(e["at"]), "change": event_summary(e)} for e in events]
        listing(rows, (*LOG_COLUMNS, "change"), "table", title="Event log", wide=("change",))


def event_summary(event: dict[str, Any], width: int = 100) -> str:
    """One short line saying what an event changed (for tables)."""
    before, after = event["before"] or {}, event["after"] or {}
    if before and after:
        parts = [
            f"{k}: {_short(before.get(k))} → {_short(after.get(k))}"
            for k in after
            if k not in ("updated_at", "content_key") and before.get(k) != after.get(k)
        ]
        line = "; ".join(parts)
    else:
        record = after or before
        label = next((record[k] for k in ("text", "name", "title", "alias") if k in record), None)
        line = str(label) if label is not None else json.dumps(record, ensure_ascii=False)
    return line if len(line) <= width else line[: width - 1] + "…"


def _short(value: Any, width: int = 40) -> str:
    text = "—" if value is None else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def search(result: Any, query: str, fmt: str) -> None:
    if result.fuzzy and result.hits:
        message(FUZZY_NOTICE)
    elif not result.hits:
        message(f"no claim matches {query!r}")
    if fmt == "table":
        if result.hits:
            rows = [
                {**claim_dict(h.claim), "snippet": h.snippet, "score": f"{h.score:.2f}"}
                for h in result.hits
            ]
            listing(rows, SEARCH_COLUMNS, "table", title=f"Search: {query}", wide=("snippet",))
        return
    rows = [  # what claim show shows of each claim, then the hit
        {
            **claim_dict(h.claim),
            **{"chain": h.claim.chain, "links": h.links},
            **{"snippet": h.snippet, "score": h.score, "match": h.match},
        }
        for h in result.hits
    ]
    if fmt == "csv":
        for row, h in zip(rows, result.hits, strict=True):
            row["verdicts"] = [str(v) for v in h.claim.verdicts]
    listing(rows, (*CLAIM_FIELDS, "chain", "links", "snippet", "score", "match"), fmt)


def suggestions(found: list[Any], fmt: str, explain: bool = False) -> None:
    if not found:
        message("no suggestions: every likely pair is linked or dismissed, or none was found")
    if fmt == "table":
        rows = [
            {
                "score": f"{s.score:.2f}",
                "kind": s.kind,
                "claims": f"#{s.a} {s.speaker_a}\n#{s.b} {s.speaker_b}",
                "reason and command": f"{_explained(s) if explain else s.reason}\n→ {s.command}",
            }
            for s in found
        ]
        title = "Suggested links"
        listing(rows, SUGGEST_COLUMNS, "table", title=title, wide=(SUGGEST_COLUMNS[-1],))
        return
    rows = [asdict(s) for s in found]
    if fmt != "json":  # one cell: "kind: words; kind: words"
        for row in rows:
            row["evidence"] = "; ".join(f"{e['kind']}: {e['words']}" for e in row["evidence"])
    listing(rows, SUGGEST_FIELDS, fmt)


def _explained(s: Any) -> str:
    head = s.reason.split("; ")[0]
    lines = [f"• {e['kind']} ({e['weight']:.2f}): {e['words']}" for e in s.evidence]
    return "\n".join([head, *lines])
