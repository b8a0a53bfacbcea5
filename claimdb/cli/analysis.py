"""timeline, claim grade, source grade, and the speakers matrix (``speakers --matrix``)."""

import shutil
from typing import Annotated

import typer

from claimdb.cli.claims import app as claim_app
from claimdb.cli.claims import source_app
from claimdb.cli.common import Fmt, FormatOpt, db, render

Name = Annotated[str | None, typer.Option(help="Name, alias or #id.", show_default=False)]

TIMELINE_COLUMNS = ("said_on", "id", "speaker", "act", "claim", "standing", "links")


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
    from claimdb.analysis import overview

    rows = overview.timeline_of(
        db(),
        topic=topic,
        speaker=speaker,
        target=target,
        since=since,
        include_retracted=include_retracted,
    )
    r = render()
    if fmt.value == "table":  # lean: the translation where there is one, links as ✗ / ✓
        for row in rows:
            row["claim"] = row["translation"] or row["text"]
            marks = (("✗", row["contradicts"]), ("✓", row["supports"]))
            row["links"] = "  ".join(
                f"{mark} " + " ".join(f"#{i}" for i in ids) for mark, ids in marks if ids
            )
    columns = TIMELINE_COLUMNS if fmt.value == "table" else overview.TIMELINE_FIELDS
    r.listing(rows, columns, fmt.value, title="Timeline", wide=("claim",))


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
    from claimdb.analysis import grading

    change = grading.grade_claim(db(), claim_id, credibility)
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
    from claimdb.analysis import grading
    from claimdb.errors import InvalidInput

    if publisher is not None:
        if second is not None:
            raise InvalidInput("with --publisher give only the reliability, not a source id")
        changes = grading.grade_sources(db(), first, publisher=publisher)
    else:
        if second is None:
            raise InvalidInput("give a source id and a reliability A-F, e.g. 'source grade 1 C'")
        changes = grading.grade_sources(db(), second, source=first)
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
    from claimdb.analysis import overview

    by = "camp" if camps else "speaker"
    m = overview.matrix_of(db(), by, limit)
    r = render()
    if fmt != Fmt.table:
        r.listing(m.rows(), (by, "with", "contradicts", "supports"), fmt.value)
        return
    if limit is None:
        m = m.top(_fitting(m, shutil.get_terminal_size().columns))
    numbers = [str(k) for k in range(1, len(m.names) + 1)]
    rows = []
    for x, name in enumerate(m.names):
        row = {"#": x + 1, by: name, "links": m.activity[x]}
        row |= {column: _cell(m.cells.get((x, y))) for y, column in enumerate(numbers)}
        rows.append(row)
    shown = f"top {len(m.names)} of {m.parties}" if len(m.names) < m.parties else "all"
    title = f"✗ contradicts, ✓ supports: {shown} {by}s, most links first"
    r.listing(rows, ("#", by, "links", *numbers), "table", title=title)


def _cell(counts: dict[str, int] | None) -> str:
    if not counts:
        return ""
    marks = ((counts["contradicts"], "✗"), (counts["supports"], "✓"))
    return " ".join(f"{n}{mark}" for n, mark in marks if n)


def _fitting(m, width: int) -> int:
    """How many of the most active parties fit a table ``width`` columns wide (at least 2)."""
    for n in range(len(m.names), 2, -1):
        name = max(len(x) for x in m.names[:n])
        cells = [
            max(len(str(y + 1)), *(len(_cell(m.cells.get((x, y)))) for x in range(n)))
            for y in range(n)
        ]
        used = 1 + (len(str(n)) + 3) + (name + 3) + (len("links") + 3) + sum(c + 3 for c in cells)
        if used <= width:
            return n
    return min(2, len(m.names))


def register(root: typer.Typer) -> None:
    root.command()(timeline)
    claim_app.command("grade")(grade_claim)
    source_app.command("grade")(grade_source)
