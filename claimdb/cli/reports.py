"""report and speakers."""

from pathlib import Path
from typing import Annotated

import typer

from claimdb.cli.common import Fmt, FormatOpt, ReportFmt, db, render
from claimdb.cli.complete import entity_names
from claimdb.cli.output import file_output

Name = Annotated[
    str | None,
    typer.Option(help="Name, alias or #id.", show_default=False, autocompletion=entity_names),
]
REPORT_LIMIT = 50  # disputes on the first page of a report: it stays instant at any size


def report(
    topic: Annotated[str | None, typer.Option(help="Disputes touching this topic.")] = None,
    speaker: Name = None,
    target: Name = None,
    since: Annotated[str | None, typer.Option(help="Claims said on or after YYYY-MM-DD.")] = None,
    fmt: Annotated[
        ReportFmt, typer.Option("--format", "-f", help="Output format.")
    ] = ReportFmt.table,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to this file (default: stdout); it appears when complete."
        ),
    ] = None,
    include_retracted: Annotated[
        bool, typer.Option("--include-retracted", help="Show retracted claims too (marked).")
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            help="The report as the database held it then: ISO date (end of day) or time, UTC.",
            show_default=False,
        ),
    ] = None,
    min_grade: Annotated[
        str | None,
        typer.Option(
            help="Only claims graded at least this well: B3, B (reliability) or 3 (credibility).",
            show_default=False,
        ),
    ] = None,
    sort: Annotated[
        str, typer.Option(help="dispute (in order of claim ids) or grade (best first).")
    ] = "dispute",
    limit: Annotated[
        int,
        typer.Option(help="The first N disputes (the summary covers them); 0 shows every one."),
    ] = REPORT_LIMIT,
) -> None:
    """The contradiction report: each dispute's sides, side by side, and who contradicts whom."""
    result = db().report(
        topic=topic,
        speaker=speaker,
        target=target,
        since=since,
        include_retracted=include_retracted,
        as_of=as_of,
        min_grade=min_grade,
        sort=sort,
        limit=limit or None,
    )
    r = render(to_file=output is not None)
    if limit and len(result.disputes) >= limit:
        r.message(f"the first {limit} disputes; --limit 0 shows every one")
    if output is None:
        r.report(result, fmt.value)
        return
    with file_output(output) as out:
        r.report(result, fmt.value, out)
    r.message(f"report written to {output}")


def speakers(
    matrix: Annotated[
        bool, typer.Option("--matrix", help="Speakers against speakers: links counted.")
    ] = False,
    camps: Annotated[
        bool, typer.Option("--camps", help="The matrix by camp (implies --matrix).")
    ] = False,
    limit: Annotated[
        int | None,
        typer.Option(
            help="Matrix: the N most active (default: as many as fit the terminal).", min=1
        ),
    ] = None,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """Who speaks, how often, and whom they contradict or support."""
    if matrix or camps:
        from claimdb.cli.analysis import show_matrix

        return show_matrix(camps, limit, fmt)
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
