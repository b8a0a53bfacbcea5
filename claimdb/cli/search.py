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


def suggest(limit: Limit = 20, fmt: FormatOpt = Fmt.table) -> None:
    """Likely contradictions and duplicate claims not yet linked, with the command to act."""
    render().commands.suggestions(db().suggest(limit), fmt.value)


def register(root: typer.Typer) -> None:
    root.command()(search)
    root.command()(suggest)
