"""claim add | list | show, source add, and the links: contradict, support, unlink."""

from pathlib import Path
from typing import Annotated

import typer

from claimdb.cli.common import Fmt, FormatOpt, Page, db, one_more, render
from claimdb.cli.complete import claim_ids, entity_names

app = typer.Typer(help="Claims: who said what about whom.", no_args_is_help=True)
source_app = typer.Typer(help="Sources: where claims were published.", no_args_is_help=True)

LIST_COLUMNS = (
    "id",
    "said_on",
    "speaker",
    "act",
    "target",
    "text",
    "translation",
    "topic",
    "standing",
    "grade",
)
LIST_LIMIT = 100  # claims on a listing's first page: it stays instant at any size
Name = Annotated[
    str | None,
    typer.Option(help="Name, alias or #id.", show_default=False, autocompletion=entity_names),
]


@app.command("add")
def add(
    text: Annotated[
        str | None,
        typer.Argument(
            metavar="TEXT", help="What was said, in its original language (asked on a terminal)."
        ),
    ] = None,
    speaker: Annotated[
        str | None,
        typer.Option(help="Who said it: name, alias or #id.", autocompletion=entity_names),
    ] = None,
    target: Annotated[
        str | None, typer.Option(help="Whom or what it is about.", autocompletion=entity_names)
    ] = None,
    source: Annotated[str | None, typer.Option(help="Source id (from 'source add').")] = None,
    said_on: Annotated[str | None, typer.Option(help="Date said, YYYY-MM-DD.")] = None,
    act: Annotated[
        str, typer.Option(help="asserts, denies, demands, concern or accuses.")
    ] = "asserts",
    lang: Annotated[str | None, typer.Option(help="Language code, e.g. ar, en, ru.")] = None,
    translation: Annotated[str | None, typer.Option(help="A translation.")] = None,
    quote: Annotated[
        str | None,
        typer.Option(help="Verbatim quote; must be in the source's text when it has one."),
    ] = None,
    topic: Annotated[str | None, typer.Option(help="Topic label.")] = None,
    location: Annotated[str | None, typer.Option(help="Place the claim is about.")] = None,
    via: Annotated[
        list[str] | None,
        typer.Option(
            help="Reported through (repeatable, outermost first).", autocompletion=entity_names
        ),
    ] = None,
    create_entities: Annotated[
        bool,
        typer.Option(
            "--create-entities", help="Create a speaker, target or via that does not exist yet."
        ),
    ] = False,
) -> None:
    """Add a claim; prints its id. On a terminal, without TEXT, asks for each field."""
    if text is None or speaker is None or target is None:
        given = dict(locals())  # the arguments as given
        from claimdb.cli.ingest import add_interactively

        return add_interactively(**given)
    claim_id = db().add_claim(
        text,
        speaker,
        target,
        source=source,
        said_on=said_on,
        act=act,
        lang=lang,
        translation=translation,
        quote=quote,
        topic=topic,
        location=location,
        via=via or [],
        create_entities=create_entities,
    )
    typer.echo(claim_id)


@app.command("list")
def list_(
    speaker: Name = None,
    target: Name = None,
    topic: Annotated[str | None, typer.Option(help="Only this topic.")] = None,
    since: Annotated[str | None, typer.Option(help="Said on or after YYYY-MM-DD.")] = None,
    include_retracted: Annotated[
        bool, typer.Option("--include-retracted", help="Show retracted claims too.")
    ] = False,
    limit: Annotated[
        int,
        typer.Option("--limit", "-n", help="At most this many; 0 lists every one (streamed)."),
    ] = LIST_LIMIT,
    standing: Annotated[
        str | None,
        typer.Option(
            help="Only claims that stand so: contested, disputed-within-camp, corroborated, "
            "uncorroborated or retracted.",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """Claims in the order they were said, with their standing and grade."""
    filters = dict(
        speaker=speaker,
        target=target,
        topic=topic,
        since=since,
        include_retracted=include_retracted,
    )
    handle = db()
    page = Page(
        handle.stream_claims(**filters, standing=standing, limit=one_more(limit)),
        limit,
    )
    r = render()
    shape = r.claim_dict if fmt.value != "table" else vars  # a table reads, never changes
    shown = r.stream_listing(
        (shape(v) for v in page),
        r.CLAIM_FIELDS if fmt.value == "csv" else LIST_COLUMNS,
        fmt.value,
        title="Claims",
        wide=("text", "translation"),
    )
    if page.more:
        if standing is None:
            count = handle.count_claims(**filters)
            r.message(f"{count - shown:,} more; --limit 0 lists all {count:,}")
        else:
            r.message(f"more claims stand {standing}; --limit 0 lists them all")


@app.command("show")
def show(
    claim_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="Claim id, e.g. 12 or #12.", autocompletion=claim_ids),
    ],
    as_of: Annotated[
        str | None,
        typer.Option(
            help="As it was then: ISO date (end of day) or time, UTC.", show_default=False
        ),
    ] = None,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """One claim: standing, grade, the chain it came through, and its links."""
    view, links = db().show_claim(claim_id, as_of=as_of)
    r = render()
    data = r.claim_dict(view) | {"chain": view.chain, "links": links}
    if fmt.value != "json":
        data["verdicts"] = [str(v) for v in view.verdicts]
    if fmt.value == "table":
        data["chain"] = " → ".join(view.chain)
        data["links"] = [
            f"{x['relation']} #{x['claim']} ({x['speaker']})"
            + (f": {x['note']}" if x["note"] else "")
            for x in links
        ]
    r.record(data, fmt.value, title=f"Claim #{view.id}" + (f" as of {as_of}" if as_of else ""))


@source_app.command("add")
def source_add(
    title: Annotated[str, typer.Argument(help="Title of the article, statement or post.")],
    publisher: Annotated[str | None, typer.Option(help="Who published it.")] = None,
    url: Annotated[str | None, typer.Option(help="Where it is.")] = None,
    published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD.")] = None,
    lang: Annotated[str | None, typer.Option(help="Language code.")] = None,
    text_file: Annotated[
        Path | None,
        typer.Option(help="UTF-8 file with the full text (quotes are checked against it)."),
    ] = None,
    reliability: Annotated[
        str | None, typer.Option(help="Admiralty source reliability A-F.")
    ] = None,
) -> None:
    """Add a source; prints its id."""
    from claimdb.io.textfile import read_text

    text = read_text(text_file) if text_file else None
    typer.echo(db().add_source(title, publisher, url, published, lang, text, reliability))


Ids = Annotated[
    str, typer.Argument(metavar="ID", help="Claim id, e.g. 12 or #12.", autocompletion=claim_ids)
]
Note = Annotated[str | None, typer.Option(help="Why: the reason for the link.")]


def contradict(a: Ids, b: Ids, note: Note = None) -> None:
    """Record that two claims contradict each other."""
    typer.echo(db().link(a, b, "contradicts", note))


def support(a: Ids, b: Ids, note: Note = None) -> None:
    """Record that one claim supports the other."""
    typer.echo(db().link(a, b, "supports", note))


def unlink(a: Ids, b: Ids) -> None:
    """Remove the link between two claims (kept in the history)."""
    link_id = db().unlink(a, b)
    render().message(f"link #{link_id} removed")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="claim")
    root.add_typer(source_app, name="source")
    for command in (contradict, support, unlink):
        root.command()(command)
