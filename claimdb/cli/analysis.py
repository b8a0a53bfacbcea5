"""timeline, claim grade, source grade, and the speakers matrix (``speakers --matrix``)."""

from typing import Annotated

import typer

from claimdb.cli.claims import app as claim_app
from claimdb.cli.claims import source_app
from claimdb.cli.common import Fmt, FormatOpt, db, render

Name = Annotated[str | None, typer.Option(help="Name, alias or #id.", show_default=False)]


def timeline(
    topic: Annotated[str | None, typer.Option(help="Only this topic.")] = None,
    speaker: Name = None,
    target: Name = None,
    since: Annotated[str | None, typer.Option(help="Said on or after YYYY-MM-DD.")] = None,
    include_retracted: Annotated[
        bool, typer.Option("--include-retracted", help="Show retracted claims too.")
    ] = False,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """Claims in the order they were made (date said, then the order recorded), with their
    standing and the claims each one contradicts or supports."""
    rows = db().timeline(
        topic=topic,
        speaker=speaker,
        target=target,
        since=since,
        include_retracted=include_retracted,
    )
    render().commands.timeline(rows, fmt.value)


def grade_claim(
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="Claim id, e.g. 12 or #12.")],
    credibility: Annotated[
        str,
        typer.Argument(
            metavar="CREDIBILITY",
            help="Admiralty credibility: 1 confirmed, 2 probably true, 3 possibly true, "
            "4 doubtful, 5 improbable, 6 cannot be judged; 'none' clears it.",
        ),
    ],
) -> None:
    """Set the analyst's credibility (1-6) of a claim; shown with the source's reliability
    as a grade such as C3. A suggestion from the links never overwrites it."""
    change = db().grade_claim(claim_id, credibility)
    render().message(
        f"claim #{change['id']} credibility: {_shown(change['before'])} → {_shown(change['after'])}"
    )


def grade_source(
    first: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The source id; with --publisher, the reliability instead.",
        ),
    ],
    second: Annotated[
        str | None,
        typer.Argument(metavar="RELIABILITY", help="A-F, or 'none' to clear.", show_default=False),
    ] = None,
    publisher: Annotated[
        str | None,
        typer.Option(help="Grade every source of this publisher instead of one source id."),
    ] = None,
) -> None:
    """Set the Admiralty reliability (A reliable ... E unreliable, F cannot be judged) of a
    source, or of every source of a publisher: 'source grade 1 C', 'source grade
    --publisher "RT Arabic" C'."""
    from claimdb.errors import InvalidInput

    if publisher is not None:
        if second is not None:
            raise InvalidInput("with --publisher give only the reliability, not a source id")
        changes = db().grade_sources(first, publisher=publisher)
    else:
        if second is None:
            raise InvalidInput("give a source id and a reliability A-F, e.g. 'source grade 1 C'")
        changes = db().grade_sources(second, source=first)
    for c in changes:
        render().message(
            f"source #{c['id']} reliability: {_shown(c['before'])} → {_shown(c['after'])}"
        )


def _shown(value: object) -> str:
    return "not graded" if value is None else str(value)


def show_matrix(camps: bool, limit: int | None, fmt: Fmt) -> None:
    """``speakers --matrix``: parties against parties, counts of ✗ contradicts / ✓ supports.

    On a terminal the table keeps the most active parties that fit its width; JSON and CSV
    hold every pair (long form: one row per pair and direction) unless --limit is given.
    """
    by = "camp" if camps else "speaker"
    render().commands.matrix(db().matrix(by, limit), by, fmt.value, fit=limit is None)


def register(root: typer.Typer) -> None:
    root.command()(timeline)
    claim_app.command("grade")(grade_claim)
    source_app.command("grade")(grade_source)
