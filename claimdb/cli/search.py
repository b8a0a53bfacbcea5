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
        {
            **r.claim_dict(h.claim),
            **{"chain": h.claim.chain, "links": h.links},
            **{"snippet": h.snippet, "score": h.score, "match": h.match},
        }
        for h in result.hits
    ]
    r.listing(rows, (*r.CLAIM_FIELDS, "chain", "links", "snippet", "score", "match"), fmt.value)


def suggest(limit: Limit = 20, fmt: FormatOpt = Fmt.table) -> None:
    """Likely contradictions and duplicate claims not yet linked, with the command to act."""
    from dataclasses import asdict

    from claimdb.analysis.suggest import suggest_links

    found = suggest_links(db(), limit)
    r = render()
    if not found:
        r.message("no suggestions: every likely pair is linked already, or none was found")
    if fmt.value == "table":
        rows = [
            {
                "score": f"{s.score:.2f}",
                "kind": s.kind,
                "claims": f"#{s.a} {s.speaker_a}\n#{s.b} {s.speaker_b}",
                "reason and command": f"{s.reason}\n→ {s.command}",
            }
            for s in found
        ]
        r.listing(
            rows, SUGGEST_COLUMNS, "table", title="Suggested links", wide=(SUGGEST_COLUMNS[-1],)
        )
        return
    r.listing([asdict(s) for s in found], SUGGEST_FIELDS, fmt.value)


def register(root: typer.Typer) -> None:
    """``entity merge`` registers itself on import; ``search`` and ``suggest`` here."""
    root.command()(search)
    root.command()(suggest)
