"""Long tables drawn line by line, in the look of a Rich table, at the cost of JSON.

Rich lays a table out whole and measures every cell character by character (minutes for
100k rows); a long listing is drawn here instead: the column widths are fixed once (ids,
dates and other short columns keep theirs and never wrap, the long text columns share
the rest of the terminal), each cell is wrapped at spaces (a word longer than its column
is folded), and the rows are written as they come. Cells are made by ``output.cell``:
user text stays inert, right-to-left text is reordered (and set flush right) on a
terminal, as in every other table.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rich.cells import cell_len

from claimdb.render.output import cell

SHORT = 10  # a column whose values all fit in this many cells is never wrapped


def fit(widths: dict[str, int], total: int) -> dict[str, int]:
    """``widths`` narrowed, widest long column first, until the table fits ``total`` cells
    (borders and padding included); short columns keep their width."""
    widths = dict(widths)
    used = sum(widths.values()) + 3 * len(widths) + 1
    while used > total:
        longest = max(widths, key=lambda c: widths[c])
        if widths[longest] <= SHORT:
            break  # only short columns left: the terminal wraps the lines
        widths[longest] -= 1
        used -= 1
    return widths


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` cells: at spaces, a longer word folded."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if text.isascii() and len(paragraph) <= width:
            lines.append(paragraph)
            continue
        line, used = "", 0
        for word in paragraph.split(" "):
            size = cell_len(word)
            if line and used + 1 + size <= width:
                line, used = f"{line} {word}", used + 1 + size
                continue
            if line:
                lines.append(line)
            while size > width:  # fold a word too long for the column
                cut = _cut(word, width)
                lines.append(word[:cut])
                word = word[cut:]
                size = cell_len(word)
            line, used = word, size
        lines.append(line)
    return lines


def _cut(word: str, width: int) -> int:
    """How many characters of ``word`` fit in ``width`` cells (at least one)."""
    used = 0
    for k, char in enumerate(word):
        used += cell_len(char)
        if used > width:
            return max(1, k)
    return len(word)


class Grid:
    """One table's borders and rows for fixed ``widths`` (heavy head, light body)."""

    def __init__(self, columns: Sequence[str], widths: dict[str, int], lines: bool) -> None:
        self.columns = columns
        self.widths = [widths[c] for c in columns]
        self.lines = lines  # a rule between rows (tables with wrapped text)

    def _rule(self, left: str, fill: str, cross: str, right: str) -> str:
        return left + cross.join(fill * (w + 2) for w in self.widths) + right + "\n"

    def _row(self, cells: list[list[str]], bar: str, right: list[bool]) -> str:
        height = max(len(c) for c in cells)
        out = []
        for k in range(height):
            parts = []
            for lines, width, flush in zip(cells, self.widths, right, strict=True):
                text = lines[k] if k < len(lines) else ""
                gap = " " * (width - cell_len(text))
                parts.append(f" {gap}{text} " if flush else f" {text}{gap} ")
            out.append(bar + bar.join(parts) + bar + "\n")
        return "".join(out)

    def head(self, title: str | None) -> str:
        top = self._rule("┏", "━", "┳", "┓")
        heading = title.center(cell_len(top) - 1) + "\n" if title else ""
        names = [_wrap(c, w) for c, w in zip(self.columns, self.widths, strict=True)]
        header = self._row(names, "┃", [False] * len(names))
        return heading + top + header + self._rule("┡", "━", "╇", "┩")

    def body(self, rows: Iterable[dict[str, Any]], first: bool) -> str:
        out = []
        for r in rows:
            if self.lines and not first:
                out.append(self._rule("├", "─", "┼", "┤"))
            first = False
            texts = [cell(r.get(c), w) for c, w in zip(self.columns, self.widths, strict=True)]
            cells = [_wrap(t.plain, w) for t, w in zip(texts, self.widths, strict=True)]
            out.append(self._row(cells, "│", [t.justify == "right" for t in texts]))
        return "".join(out)

    def foot(self) -> str:
        return self._rule("└", "─", "┴", "┘")
