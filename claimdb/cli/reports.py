"""report and speakers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimdb.cli.common import Fmt, FormatOpt, ReportFmt, db, render

Name = Annotated[str | None, typer.Option(help="Name, alias or #id.", show_default=False)]


def report(
    topic: Annotated[str | None, typer.Option(help="Disputes touching this topic.")] = None,
    speaker: Name = None,
    target: Name = None,
    since: Annotated[str | None, typer.Option(help="Claims said on or after YYYY-MM-DD.")] = None,
    fmt: Annotated[
        ReportFmt, typer.Option("--format", "-f", help="Output format.")
    ] = ReportFmt.table,
    output: Annotated[Path | None, typer.Option(help="Write to this file.")] = None,
) -> None:
    """The contradiction report: each dispute's sides, side by side, and who contradicts whom."""
    result = db().report(topic=topic, speaker=speaker, target=target, since=since)
    r = render()
    if output is None:
        r.report(result, fmt.value)
        return
    with output.open("w", encoding="utf-8", newline="") as out:
        r.report(result, fmt.value, out)
    r.message(f"report written to {output}")


def speakers(fmt: FormatOpt = Fmt.table) -> None:
    """Who speaks, how often, and whom they contradict or support."""
    rows = db().speakers()
    render().listing(
        rows,
        ("speaker", "camp", "claims", "contradicts", "supports"),
        fmt.value,
        title="Speakers",
        wide=("contradicts", "supports"),
    )


def register(root: typer.Typer) -> None:
    for command in (report, speakers):
        root.command()(command)
