"""entity merge, search and suggest: names, full-text search and suggested links."""

from typing import Annotated

import typer

from claimdb.cli.common import Fmt, FormatOpt, db, render
from claimdb.cli.entities import app as entity_app

SEARCH_COLUMNS = ("id", "said_on", "speaker", "snippet", "score")
SUGGEST_COLUMNS = ("score", "kind", "claims", "reason and command")
SUGGEST_FIELDS = (
    "kind",
    "score",
    "a",
    "b",
    "speaker_a",
    "speaker_b",
    "text_a",
    "text_b",
    "reason",
    "command",
    "evidence",
)
FUZZY_NOTICE = "no exact match; showing fuzzy matches"

Name = Annotated[str | None, typer.Option(help="Name, alias or #id.", show_default=False)]
Limit = Annotated[int, typer.Option("--limit", "-n", help="At most this many.", min=1)]


@entity_app.command("merge")
def merge(
    source: Annotated[str, typer.Argument(metavar="FROM", help="Entity to merge away.")],
    into: Annotated[str, typer.Argument(metavar="INTO", help="Entity that keeps everything.")],
) -> None:
    """Merge FROM into INTO: aliases, claims, parents and memberships move; FROM goes."""
    from claimdb.records.merge import merge_entities

    result = merge_entities(db(), source, into)
    typer.echo(result.into_id)
    render().message(result.summary())


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
    from claimdb.records.search import search_claims

    result = search_claims(
        db(),
        query,
        speaker=speaker,
        target=target,
        lang=lang,
        since=since,
        include_retracted=include_retracted,
        limit=limit,
    )
    r = render()
    if result.fuzzy and result.hits:
        r.message(FUZZY_NOTICE)
    elif not result.hits:
        r.message(f"no claim matches {query!r}")
    if fmt.value == "table":
        if result.hits:
            rows = [
                {**r.claim_dict(h.claim), "snippet": h.snippet, "score": f"{h.score:.2f}"}
                for h in result.hits
            ]
            r.listing(rows, SEARCH_COLUMNS, "table", title=f"Search: {query}", wide=("snippet",))
        return
    rows = [
        {**r.claim_dict(h.claim), "snippet": h.snippet, "score": h.score, "match": h.match}
        for h in result.hits
    ]
    r.listing(rows, (*r.CLAIM_FIELDS, "snippet", "score", "match"), fmt.value)


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
    from dataclasses import asdict

    found = db().suggest(
        limit,
        kind=kind,
        speaker=speaker,
        target=target,
        topic=topic,
        since=since,
        min_score=min_score,
    )
    r = render()
    if not found:
        r.message("no suggestions: every likely pair is linked or dismissed, or none was found")
    if fmt.value == "table":
        rows = [
            {
                "score": f"{s.score:.2f}",
                "kind": s.kind,
                "claims": f"#{s.a} {s.speaker_a}\n#{s.b} {s.speaker_b}",
                "reason and command": f"{_explained(s) if explain else s.reason}\n→ {s.command}",
            }
            for s in found
        ]
        r.listing(
            rows, SUGGEST_COLUMNS, "table", title="Suggested links", wide=(SUGGEST_COLUMNS[-1],)
        )
        return
    rows = [asdict(s) for s in found]
    if fmt.value != "json":  # one cell: "kind: words; kind: words"
        for row in rows:
            row["evidence"] = "; ".join(f"{e['kind']}: {e['words']}" for e in row["evidence"])
    r.listing(rows, SUGGEST_FIELDS, fmt.value)


def _explained(s) -> str:
    head = s.reason.split("; ")[0]
    lines = [f"• {e['kind']} ({e['weight']:.2f}): {e['words']}" for e in s.evidence]
    return "\n".join([head, *lines])


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
    """``entity merge`` registers itself on import; ``search`` and ``suggest`` here."""
    root.command()(search)
    root.add_typer(suggest_app, name="suggest")
