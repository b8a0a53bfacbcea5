"""ingest (propose claims from an article, review them), open (a quote in its source), and
the questions ``claim add`` asks when it is run on a terminal without its text.

Interactive when stdin and stdout are both terminals; ``--review`` (ingest) or the
environment variable CLAIMDB_INTERACTIVE=1 (ingest and claim add) forces it, e.g. in tests
that answer through stdin. Questions go to stderr; data (JSON, ids, tables) to stdout.
"""

import os
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer

from claimdb.cli.common import db, render
from claimdb.errors import ClaimdbError

ENV_INTERACTIVE = "CLAIMDB_INTERACTIVE"
CHOICES = {"a": "accept", "s": "speaker", "t": "target", "c": "act", "k": "skip", "q": "quit"}
MENU = "(a)ccept (s)peaker (t)arget a(c)t s(k)ip (q)uit"


class IngestFmt(StrEnum):
    table = "table"
    json = "json"


def interactive(force: bool = False) -> bool:
    """Ask questions? On a terminal (stdin and stdout), or when forced."""
    if force or os.environ.get(ENV_INTERACTIVE, "") not in ("", "0"):
        return True
    return sys.stdin.isatty() and sys.stdout.isatty()


def ask(question: str, default: str | None = None) -> str:
    """One answer, read from stdin; the question on stderr."""
    shown = default if default else None
    return typer.prompt(question, default=shown or "", show_default=bool(shown), err=True)


def say(line: str) -> None:
    render().message(line)


def ask_entity(
    role: str, default: str | None = None, new_ok: bool = False
) -> tuple[int | None, str]:
    """An entity by name, alias or #id, asked again until it resolves ("did you mean").

    With ``new_ok``, '+NAME' answers a new entity: (None, NAME), created when written.
    """
    hint = "name, alias or #id" + (", or +NAME for a new one" if new_ok else "")
    while True:
        answer = ask(f"{role} ({hint})", default).strip()
        if new_ok and answer.startswith("+") and answer[1:].strip():
            return None, answer[1:].strip()
        try:
            return db().find_entity(answer, role)
        except ClaimdbError as e:
            say(f"error: {e}")
            default = None


def ask_act(default: str) -> str:
    from claimdb.models import ACTS

    while (answer := ask(f"act ({', '.join(ACTS)})", default).strip()) not in ACTS:
        say(f"error: act {answer!r}: expected one of {', '.join(ACTS)}")
    return answer


def ask_checked(question: str, check, default: str | None = None) -> str | None:
    """An optional answer that ``check`` accepts (it raises ClaimdbError otherwise)."""
    while True:
        answer = ask(question, default).strip() or None
        try:
            check(answer)
            return answer
        except ClaimdbError as e:
            say(f"error: {e}")
            default = None


# -- ingest ------------------------------------------------------------------------------


def ingest(
    file: Annotated[
        str,
        typer.Argument(metavar="FILE|-", help="UTF-8 text or a saved web page; - reads stdin."),
    ],
    source: Annotated[
        str | None, typer.Option(help="An existing source id (its text is used to check).")
    ] = None,
    title: Annotated[str | None, typer.Option(help="Create a source with this title.")] = None,
    publisher: Annotated[str | None, typer.Option(help="The new source's publisher.")] = None,
    url: Annotated[str | None, typer.Option(help="The new source's URL.")] = None,
    published: Annotated[
        str | None, typer.Option(help="The new source's date YYYY-MM-DD (the claims' date).")
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(help="ar or en for all the text (default: detected per paragraph)."),
    ] = None,
    fmt: Annotated[IngestFmt, typer.Option("--format", "-f", help="Output format.")] = (
        IngestFmt.table
    ),
    accept_all: Annotated[
        bool,
        typer.Option("--accept-all", help="Write the proposals with a known speaker and a target."),
    ] = False,
    create_entities: Annotated[
        bool, typer.Option("--create-entities", help="With --accept-all: create new speakers.")
    ] = False,
    review: Annotated[
        bool,
        typer.Option("--review", help="Review one by one even off a terminal (answers on stdin)."),
    ] = False,
) -> None:
    """Propose claims from a news text (Arabic or English) and review them one by one.

    On a terminal each proposal is shown to accept, correct or skip; the accepted ones are
    written in one transaction at the end. Otherwise (or with --format json) the proposals
    are printed as JSON, and written only with --accept-all.
    """
    from claimdb.api import NewSource, auto_accept
    from claimdb.io.article import read_article

    if source is not None and title is not None:
        raise typer.BadParameter("give --source or --title, not both", param_hint="'--source'")
    reviewing = fmt is IngestFmt.table and not accept_all and interactive(review)
    if reviewing and file == "-":
        raise typer.BadParameter(
            "stdin cannot hold both the text and the answers", param_hint="FILE"
        )
    article = read_article(file)  # a web page names itself: title, site, URL and date
    if source is None:
        title, publisher = title or article.title, publisher or article.publisher
        url, published = url or article.url, published or article.published
    if (reviewing or accept_all) and source is None and not title:
        raise typer.BadParameter(
            "say where the text was published: --source ID, or --title T for a new source",
            param_hint="'--source' / '--title'",
        )
    text = article.text
    target: NewSource | int = 0
    said_on = published
    if source is not None:
        target, _, said_on = db().source_info(source)
    elif title:
        target = NewSource(title, publisher, url, published, lang)
    items = db().ingest_plan(text, lang)
    if reviewing:
        chosen = _review(items)
        written = db().ingest_write(chosen, text, target, said_on) if chosen else None
        for claim_id in written.claims if written else []:
            typer.echo(claim_id)
    elif accept_all:
        chosen, skipped = auto_accept(items, create_entities)
        for reason, count in skipped.items():
            say(f"skipped {count}: {reason}")
        written = db().ingest_write(chosen, text, target, said_on) if chosen else None
        _print_proposals(items, fmt, written)
    else:
        _print_proposals(items, fmt)
        return
    _report(written)


def _print_proposals(items, fmt: IngestFmt, written=None) -> None:
    """The proposals as JSON or a table; "claim" is the id written (--accept-all), or null."""
    rows = [item.as_json() for item in items]
    for row in rows:
        row["claim"] = written.by_index.get(row["index"]) if written else None
    r = render()
    if fmt is IngestFmt.json or not sys.stdout.isatty():
        r.emit_json(rows)
    else:
        columns = ("index", "claim", "speaker", "new_name", "act", "target", "quote")
        r.listing(rows, columns, "table", title="Proposed claims", wide=("quote",))


def _review(items: list) -> list:
    """One proposal at a time: accept, correct speaker, target or act, skip, or quit."""
    accepted: list = []
    for number, item in enumerate(items, 1):
        while True:
            _show(item, number, len(items))
            choice = ask(MENU, "a").strip().lower()
            choice = CHOICES.get(choice, choice)
            if choice == "accept":
                if item.target_id is None:
                    item.target_id, item.target = ask_entity("target")
                accepted.append(item)
                break
            if choice == "skip":
                break
            if choice == "quit":
                return _confirm(accepted)
            if choice == "speaker":
                now = item.speaker or (f"+{item.new_name}" if item.new_name else None)
                entity_id, name = ask_entity("speaker", now, new_ok=True)
                item.speaker_id, item.speaker = entity_id, name if entity_id else None
                item.new_name, item.suggestion = (None if entity_id else name), None
            elif choice == "target":
                item.target_id, item.target = ask_entity("target", item.target)
            elif choice == "act":
                item.act = ask_act(item.act)
            else:
                say(f"error: {choice!r}: answer one of {', '.join(CHOICES)}")
    return _confirm(accepted)


def _show(item, number: int, total: int) -> None:
    p = item.proposal
    speaker = item.speaker or f"NEW: {item.new_name}"
    if item.speaker is None and p.title:
        speaker += f" ({p.title})"
    if item.speaker is None and item.suggestion:
        speaker += f" (did you mean '{item.suggestion}'?)"
    data = {
        "sentence": p.sentence,
        "quote": p.quote,
        "claim": p.claim or p.quote,
        "said by": p.speaker_phrase + (f"  [camp: {p.camp_phrase}]" if p.camp_phrase else ""),
        "speaker": speaker,
        "act": f"{item.act} ({p.verb})",
        "target": item.target or "none found: you will be asked",
    }
    render().record(data, "table", title=f"Proposal {number} of {total}")


def _confirm(accepted: list) -> list:
    if not accepted:
        return []
    new = sorted({i.new_name for i in accepted if i.speaker_id is None and i.new_name})
    extra = f", creating {len(new)} new entities: {', '.join(new)}" if new else ""
    if typer.confirm(f"Write {len(accepted)} claims{extra}?", default=True, err=True):
        return accepted
    raise typer.Exit(1)


def _report(written) -> None:
    """What was written, on stderr."""
    r = render()
    if written is None:
        r.message("nothing to write")
        return
    where = f"source #{written.source_id}" + (" (new)" if written.source_created else "")
    n = len(written.claims)
    r.message(f"wrote {n} claim{'' if n == 1 else 's'} from {where}")
    if written.existing:
        ids = ", ".join(f"#{i}" for i in written.existing)
        r.message(f"{len(written.existing)} already recorded: {ids}")
    if written.entities:
        r.message("new entities: " + ", ".join(written.entities))
    for reason, count in written.skipped.items():
        r.message(f"skipped {count}: {reason}")


# -- open --------------------------------------------------------------------------------


def open_(
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="Claim id, e.g. 12 or #12.")],
    context: Annotated[
        int, typer.Option(help="Characters of the source shown on each side of the quote.")
    ] = 300,
    whole: Annotated[bool, typer.Option("--all", help="Show the whole source text.")] = False,
) -> None:
    """Show a claim's quote highlighted in the text of its source."""
    found = db().passage(claim_id, None if whole else max(0, context))
    render().passage(found.before, found.quote, found.after, found.title)


# -- claim add without its text ----------------------------------------------------------


def add_interactively(**given: Any) -> None:
    """``claim add`` with TEXT, --speaker or --target missing: ask for them on a terminal."""
    missing = [name for name in ("text", "speaker", "target") if not given.get(name)]
    if not interactive():
        hint = {"text": "'TEXT'", "speaker": "'--speaker'", "target": "'--target'"}[missing[0]]
        raise typer.BadParameter(
            "missing (give it, or run 'claim add' on a terminal to be asked)", param_hint=hint
        )
    from claimdb import validate

    every = given.get("text") is None  # no text: ask for every field
    claim = dict(given, via=given.get("via") or [])
    while not (claim["text"] or "").strip():
        claim["text"] = ask("text (what was said, in its original language)")
    new, names = False, {}
    for role in ("speaker", "target"):
        if every or not claim[role]:
            entity_id, names[role] = ask_entity(role, claim[role], new_ok=True)
            claim[role], new = (f"#{entity_id}" if entity_id else names[role]), new or not entity_id
    if every:
        claim["act"] = ask_act(claim["act"])
        claim["said_on"] = ask_checked(
            "said on (YYYY-MM-DD)", lambda v: validate.iso_date(v, "date"), claim["said_on"]
        )
        claim["source"] = ask_checked(
            "source id", lambda v: v and db().source_info(v), claim["source"]
        )
        if not claim["lang"]:
            from claimdb.ingest import detect_lang

            claim["lang"] = detect_lang(claim["text"])
        for name in ("quote", "lang", "translation", "topic", "location"):
            claim[name] = ask(name, claim[name]).strip() or None
        via = ask("via (names separated by ';', outermost first)", "; ".join(claim["via"]))
        claim["via"] = [v.strip() for v in via.split(";") if v.strip()]
    shown = {k: names.get(k, v) for k, v in claim.items() if v and k != "create_entities"}
    render().record(shown, "table", title="New claim")
    if not typer.confirm("Save this claim?", default=True, err=True):
        raise typer.Exit(1)
    claim["create_entities"] = claim["create_entities"] or new
    text = claim.pop("text")
    typer.echo(db().add_claim(text, claim.pop("speaker"), claim.pop("target"), **claim))


def register(root: typer.Typer) -> None:
    root.command("ingest")(ingest)
    root.command("open")(open_)
