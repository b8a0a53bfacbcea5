"""search and suggest: full-text search over claims, and links worth making."""

from typing import Annotated

import typer

from claimdb.cli.common import Fmt, FormatOpt, db, render

Name = Annotated[str | None, typer.Option(help="Name, alias or #id.", show_default=False)]
Limit = Annotated[int, typer.Option("--limit", "-n", help="At most this many.", min=1)]


def search(
    query: Annotated[str, typer.Argument(help="Words to find, in any script; typed as text.")],
    speaker: Name = None,
    target: Name = None,
    lang: Annotated[str | None, typer.Option(help="Only claims in this language.")] = None,
    since: Annotated[str | None, typer.Option(help="Said on or after YYYY-MM-DD.")] = None,
    include_retracted: Annotated[
        bool, typer.Option("--include-retracted", help="Search retracted claims too.")
    ] = False,
    limit: Limit = 20,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """Full-text search over claim text, quote and translation; fuzzy when nothing matches."""
    result = db().search(
        query,
        speaker=speaker,
        target=target,
        lang=lang,
        since=since,
        include_retracted=include_retracted,
        limit=limit,
    )
    render().commands.search(result, query, fmt.value)


suggest_app = typer.Typer(
    help="Likely contradictions, supports and duplicate claims not yet linked, with the "
    "command to act.",
    invoke_without_command=True,
)


@suggest_app.callback()
def suggest(
    ctx: typer.Context,
    speaker: Annotated[
        str | None, typer.Option(help="One of the two claims is this speaker's.")
    ] = None,
    target: Annotated[str | None, typer.Option(help="Both claims are about this target.")] = None,
    topic: Annotated[str | None, typer.Option(help="Both claims have this topic.")] = None,
    since: Annotated[str | None, typer.Option(help="Both said on or after YYYY-MM-DD.")] = None,
    min_score: Annotated[
        float, typer.Option("--min-score", help="Only suggestions scoring at least this (0-1).")
    ] = 0.0,
    kind: Annotated[
        str | None, typer.Option(help="Only contradiction, support or duplicate.")
    ] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="List each piece of evidence and its words.")
    ] = False,
    limit: Limit = 20,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """Likely contradictions, supports and duplicate claims not yet linked, with the command
    to act. Dismiss a wrong one with 'claimdb suggest dismiss A B'."""
    if ctx.invoked_subcommand is not None:
        return
    found = db().suggest(
        limit,
        kind=kind,
        speaker=speaker,
        target=target,
        topic=topic,
        since=since,
        min_score=min_score,
    )
    render().commands.suggestions(found, fmt.value, explain)


@suggest_app.command("dismiss")
def dismiss(
    a: Annotated[str, typer.Argument(help="Claim id.")],
    b: Annotated[str, typer.Argument(help="Claim id.")],
    note: Annotated[str | None, typer.Option(help="Why they do not contradict.")] = None,
) -> None:
    """Record that claims A and B do not contradict: they are not suggested again."""
    added = db().dismiss_suggestion(a, b, note)
    lo, hi = sorted((int(a.lstrip("#")), int(b.lstrip("#"))))
    render().message(
        f"dismissed #{lo} and #{hi}" if added else f"#{lo} and #{hi} were dismissed already"
    )


def register(root: typer.Typer) -> None:
    root.command()(search)
    root.add_typer(suggest_app, name="suggest")
