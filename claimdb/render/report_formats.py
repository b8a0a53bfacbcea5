"""The contradiction report as a table (side by side), JSON, CSV, Markdown or HTML."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import asdict, is_dataclass
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from claimdb.render.output import cell, console, emit_csv, emit_json, inline, table
from claimdb.text.inert import visible

CLAIM_FIELDS = (
    "id",
    "speaker",
    "camp",
    "target",
    "said_on",
    "act",
    "text",
    "quote",
    "translation",
    "lang",
    "source",
    "source_url",
    "topic",
    "location",
    "via",
    "grade",
    "standing",
    "suggested_credibility",
    "retracted",
    "verdicts",
)


def claim_dict(c: Any) -> dict[str, Any]:
    """The fields of a claim view that listings show (read directly: ``asdict`` would
    deep-copy every field of every claim, the most expensive part of a long listing).
    Lists of records (verdicts) become lists of dicts."""
    d = {k: getattr(c, k) for k in CLAIM_FIELDS}
    for k, v in d.items():
        if v and isinstance(v, list) and is_dataclass(v[0]):
            d[k] = [asdict(x) for x in v]
    return d


def report_data(report: Any) -> list[dict[str, Any]]:
    return [dispute_data(d) for d in report.disputes]


def dispute_data(d: Any) -> dict[str, Any]:
    """One dispute as the JSON report holds it."""
    return {
        "dispute": d.number,
        "tangled": d.tangled,
        "within_camp": d.within_camp,
        "camps": d.camps,
        "sides": [
            {"voices": s.voices, "claims": [claim_dict(c) for c in s.claims]} for s in d.sides
        ],
        "links": [asdict(link) for link in d.links],
    }


def report(report: Any, fmt: str, out=None) -> None:
    if fmt == "json":
        emit_json(
            {"disputes": report_data(report), "summary": [asdict(p) for p in report.pairs]}, out
        )
    elif fmt == "csv":
        emit_csv(_report_rows(report), ("dispute", "side", "voices", *CLAIM_FIELDS), out)
    elif fmt == "markdown":
        (out or sys.stdout).write(report_markdown(report))
    elif fmt == "html":
        from claimdb.io.html import report_html

        (out or sys.stdout).write(report_html(report))
    else:
        _report_table(report, out)


def _report_rows(report: Any) -> Iterable[dict[str, Any]]:
    for d in report.disputes:
        for number, side in enumerate(d.sides, 1):
            for c in side.claims:
                yield {
                    "dispute": d.number,
                    "side": "tangled" if d.tangled else number,
                    "voices": side.voices,
                    **claim_dict(c),
                    "verdicts": [str(v) for v in c.verdicts],
                }


def _claim_block(c: Any, width: int) -> Group:
    who = Text(inline(c.speaker), style="bold")
    if c.camp and c.camp != c.speaker:
        who.append(f"  ({inline(c.camp)})", style="dim")
    meta = Text(
        " · ".join(
            x for x in (c.said_on, c.act, f"about {inline(c.target)}", c.standing, c.grade) if x
        ),
        style="cyan",
    )
    parts = [Text(f"#{c.id}  ", style="dim") + who, meta, cell(c.text, width)]
    if c.translation:
        parts.append(cell(c.translation, width, style="italic"))
    if c.via:
        parts.append(Text("via " + " → ".join(visible(v) for v in c.via), style="dim"))
    if c.source:
        source = cell(c.source, width - len("source: "), style="dim")
        parts.append(Text("source: ", style="dim") + source)
    for v in c.verdicts:
        parts.append(cell(f"verdict of {v}", width, style="magenta"))
    if c.retracted:
        parts.append(Text("RETRACTED: " + visible(c.retraction_reason or ""), style="red"))
    return Group(*parts, Text(""))


def _report_table(report: Any, out=None) -> None:
    con = console(file=out)
    drawn = 0  # the disputes may arrive as a stream (``report --limit 0``): counted as drawn
    for d in report.disputes:
        drawn += 1
        title = f"Dispute {d.number}"
        if d.within_camp:
            title += " — contradiction inside one camp"
        if d.tangled:
            title += " — tangled: the links cannot be split into two sides"
        sides = d.sides
        t = Table(
            title=Text(title, style="bold red" if d.within_camp else "bold"),
            expand=True,
            show_lines=True,
        )
        width = max(16, (con.width - 4 - 3 * len(sides)) // max(1, len(sides)))
        for number, side in enumerate(sides, 1):
            name = "claims" if d.tangled else f"side {'AB'[number - 1] if number <= 2 else number}"
            t.add_column(
                f"{name} · {side.voices} independent voice(s)", width=width, overflow="fold"
            )
        t.add_row(*[Group(*[_claim_block(c, width) for c in side.claims]) for side in sides])
        con.print(t)
        for link in d.links:
            mark = "✗" if link.relation == "contradicts" else "✓"
            line = Text(f"  #{link.a} {mark} #{link.b} {link.relation}", style="bold")
            if link.note:
                line.append(": ")
                line.append_text(cell(link.note, con.width - 30))
            con.print(line)
        con.print()
    if not drawn:
        con.print(Text("No disputes: link claims with 'claimdb contradict' or 'support'."))
    if report.pairs:
        rows = [
            {"speaker": p.a, "and speaker": p.b, "contradict": p.contradicts, "support": p.supports}
            for p in report.pairs
        ]
        con.print(
            table(
                rows,
                ("speaker", "and speaker", "contradict", "support"),
                title="Who contradicts whom",
            )
        )


def _md(value: Any) -> str:
    if value is None:
        return ""
    text = visible(str(value).replace("\r", " ").replace("\n", " "))  # as in tables
    return re.sub(r"([\\`*_{}\[\]<>|#])", r"\\\1", text)


def report_markdown(report: Any) -> str:
    lines = ["# Contradiction report", ""]
    for d in report.disputes:
        flags = [f for f, on in (("inside one camp", d.within_camp), ("tangled", d.tangled)) if on]
        lines.append(f"## Dispute {d.number}" + (f" ({', '.join(flags)})" if flags else ""))
        lines.append("")
        for number, side in enumerate(d.sides, 1):
            lines.append(f"### Side {number} ({side.voices} independent voice(s))")
            lines.append("")
            for c in side.claims:
                camp = f" ({_md(c.camp)})" if c.camp and c.camp != c.speaker else ""
                lines.append(
                    f"- **#{c.id} {_md(c.speaker)}**{camp}, {_md(c.said_on)}, "
                    f"{', '.join(_md(x) for x in (c.act, c.standing, c.grade) if x)}: "
                    f"{_md(c.text)}"
                )
                if c.translation:
                    lines.append(f"  - *{_md(c.translation)}*")
                if c.source:
                    lines.append(f"  - source: {_md(c.source)}")
                for v in c.verdicts:
                    lines.append(f"  - verdict of {_md(v)}")
                if c.retracted:
                    lines.append(f"  - **retracted**: {_md(c.retraction_reason)}")
            lines.append("")
        lines.append("Links:")
        lines.append("")
        for link in d.links:
            lines.append(f"- #{link.a} {link.relation} #{link.b}: {_md(link.note)}")
        lines.append("")
    if report.pairs:
        lines += [
            "## Who contradicts whom",
            "",
            "| speaker | speaker | contradicts | supports |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {_md(p.a)} | {_md(p.b)} | {p.contradicts} | {p.supports} |" for p in report.pairs
        ]
        lines.append("")
    return "\n".join(lines)
