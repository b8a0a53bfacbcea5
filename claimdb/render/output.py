"""Tables, records, messages, JSON and CSV: the output every command shares.

User text is always data: cells are ``rich.text.Text`` built from the value (never
markup), with control and bidi-control characters made visible. JSON, CSV and
Markdown keep text in its stored (logical) order; only tables are reordered for
right-to-left display, and only when ``configure(reorder=True)``.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, is_dataclass
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from claimdb.text.inert import csv_safe, visible

_settings = {"reorder": False, "shape": False}


def configure(reorder: bool = False, shape: bool = False) -> None:
    _settings.update(reorder=reorder, shape=shape)


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """Rich would exit with status 1; the command line decides what a reader that left
        means, in one place for every format (``claimdb.cli.output``)."""
        self.quiet = True
        raise BrokenPipeError


def console(stderr: bool = False, file=None) -> Console:
    return _Console(stderr=stderr, file=file, highlight=False, soft_wrap=False, emoji=False)


def cell(value: Any, width: int | None = None, style: str = "") -> Text:
    if value is None:
        return Text("")
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = ", ".join(f"{k} ({v})" for k, v in value.items())
    value = visible(str(value))
    if _settings["reorder"] and width:
        from claimdb.text import bidi

        if bidi.has_rtl(value):
            rtl = bidi.is_rtl_paragraph(value)
            value = "\n".join(bidi.display_lines(value, width, shape=_settings["shape"]))
            # Right-to-left paragraphs are set flush right, as their readers expect.
            return Text(value, style=style, justify="right" if rtl else None)
    return Text(value, style=style)


def inline(value: Any) -> str:
    """A short label (a name) for a line of its own making: reordered, never wrapped."""
    return cell(value, 10_000).plain


# -- generic listings -------------------------------------------------------------------


def _plain(obj: Any) -> Any:
    if is_dataclass(obj):
        return asdict(obj)
    return obj


def emit_json(data: Any, out=None) -> None:
    out = out or sys.stdout
    out.write(json.dumps(_plain_tree(data), ensure_ascii=False, indent=2) + "\n")


def _plain_tree(data: Any) -> Any:
    if isinstance(data, list):
        return [_plain(x) for x in data]
    return _plain(data)


def emit_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str], out=None) -> None:
    out = out or sys.stdout
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_safe(_flat(row.get(c))) for c in columns])


def _flat(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return value


def _widths(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], wide: Sequence[str], total: int
) -> dict[str, int]:
    """Column widths that fit ``total`` cells. Wide columns get at least 2/5 of the room;
    short columns (values of 10 cells or fewer: ids, dates, acts) keep their width; the
    other short columns shrink in proportion, down to their longest word, when room is
    short."""
    room = max(20, total - 3 * len(columns) - 1)  # padding and borders
    natural = {
        c: min(24, max([len(c)] + [len(str(_flat(r.get(c)) or "")) for r in rows]))
        for c in columns
        if c not in wide
    }
    budget = room - (max(10 * len(wide), room * 2 // 5) if wide else 0)
    fixed = sum(w for w in natural.values() if w <= 10)
    flexible = {c: w for c, w in natural.items() if w > 10}
    if flexible and fixed + sum(flexible.values()) > budget:
        share = max(0, budget - fixed) / sum(flexible.values())
        natural |= {c: max(_longest_word(rows, c, w), int(w * share)) for c, w in flexible.items()}
    left = room - sum(natural.values())
    return natural | {c: max(10, left // max(1, len(wide))) for c in wide}


def _longest_word(rows: Sequence[dict[str, Any]], column: str, cap: int) -> int:
    """A short column never shrinks below its longest word (a standing, a name part)."""
    words = (w for r in rows for w in str(_flat(r.get(column)) or "").split())
    return max(4, min(cap, max((len(w) for w in words), default=0)))


def table(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    title: str | None = None,
    wide: Sequence[str] = (),
) -> Table:
    """A Rich table; ``wide`` columns share the room left and are wrapped (and reordered)."""
    con = console()
    t = Table(title=title, show_lines=bool(wide), expand=bool(wide))
    widths = _widths(rows, columns, wide, con.width)
    wide_width = widths[wide[0]] if wide else None
    for c in columns:
        t.add_column(c, width=widths[c] if wide else None, overflow="fold")
    for r in rows:
        t.add_row(*[cell(r.get(c), wide_width if c in wide else widths[c]) for c in columns])
    return t


def listing(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    fmt: str,
    title: str | None = None,
    wide: Sequence[str] = (),
) -> None:
    """Print rows as a table (terminal), JSON (list of objects) or CSV."""
    if fmt == "json":
        emit_json(list(rows))
    elif fmt == "csv":
        emit_csv(rows, columns)
    else:
        console().print(table(rows, columns, title, wide))


def record(data: dict[str, Any], fmt: str, title: str | None = None) -> None:
    """One record: a two-column table, a JSON object, or a one-row CSV."""
    if fmt == "json":
        emit_json(data)
    elif fmt == "csv":
        emit_csv([data], list(data))
    else:
        t = Table(title=title, show_header=False, show_lines=False)
        t.add_column("field", style="bold")
        t.add_column("value", overflow="fold")
        # the value column: what the borders (7 cells) and the longest field name leave
        width = max(20, console().width - 7 - max(map(len, data), default=0))
        for key, value in data.items():
            t.add_row(Text(key), cell(value, width))
        console().print(t)


def message(line: str) -> None:
    """A status line for people, on stderr (data goes to stdout); one line, never
    broken by Rich (the terminal wraps it if it must)."""
    console(stderr=True).print(Text(visible(line)), soft_wrap=True)


def passage(before: str, quote: str, after: str, title: str | None = None) -> None:
    """A source text with the quote marked ⟦like this⟧ (reverse video on a colour terminal)."""
    con = console()
    if title:
        con.print(Text(visible(title), style="bold"))
    before, quote, after = visible(before), visible(quote), visible(after)
    if _settings["reorder"]:
        from claimdb.text import bidi

        whole = f"{before}⟦{quote}⟧{after}"
        if bidi.has_rtl(whole):
            lines = bidi.display_lines(whole, con.width, shape=_settings["shape"])
            con.print(Text("\n".join(lines)))
            return
    con.print(Text(before) + Text(f"⟦{quote}⟧", style="bold reverse") + Text(after))
