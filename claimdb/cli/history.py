"""claim edit | history | retract, and the event log: ``claimdb log``."""

from typing import Annotated

import typer

from claimdb.cli.claims import app as claim_app
from claimdb.cli.common import Fmt, FormatOpt, db, render

ClaimId = Annotated[str, typer.Argument(metavar="ID", help="Claim id, e.g. 12 or #12.")]
Text = Annotated[str | None, typer.Option(show_default=False, help="New value ('' clears it).")]


def edit(
    claim_id: ClaimId,
    text: Annotated[str | None, typer.Option(show_default=False, help="New text.")] = None,
    quote: Text = None,
    translation: Text = None,
    act: Annotated[
        str | None, typer.Option(show_default=False, help="asserts, denies, demands, ...")
    ] = None,
    said_on: Annotated[
        str | None, typer.Option(show_default=False, help="Date said, YYYY-MM-DD ('' clears).")
    ] = None,
    speaker: Annotated[
        str | None, typer.Option(show_default=False, help="Name, alias or #id.")
    ] = None,
    target: Annotated[
        str | None, typer.Option(show_default=False, help="Name, alias or #id.")
    ] = None,
    source: Annotated[
        str | None, typer.Option(show_default=False, help="Source id ('' clears).")
    ] = None,
    topic: Text = None,
    location: Text = None,
    lang: Text = None,
    credibility: Annotated[
        str | None, typer.Option(show_default=False, help="Admiralty 1-6 ('' clears).")
    ] = None,
) -> None:
    """Change a claim; the earlier version is kept in its history."""
    changes = {
        "text": text,
        "quote": quote,
        "translation": translation,
        "act": act,
        "said_on": said_on,
        "speaker": speaker,
        "target": target,
        "source": source,
        "topic": topic,
        "location": location,
        "lang": lang,
        "credibility": credibility,
    }
    number, changed = db().edit_claim(claim_id, changes)
    if changed:
        fields = ", ".join(c.removesuffix("_id") for c in changed)
        render().message(f"claim #{number} edited: {fields}")
    else:
        render().message(f"claim #{number} unchanged: those are its current values")


def retract(
    claim_id: ClaimId,
    reason: Annotated[str, typer.Option(help="Why it is retracted (required).")],
) -> None:
    """Mark a claim retracted: hidden from lists and reports, never deleted, links kept."""
    number = db().retract_claim(claim_id, reason)
    render().message(f"claim #{number} retracted")


def show_history(claim_id: ClaimId, fmt: FormatOpt = Fmt.table) -> None:
    """Every version of a claim: when, by whom, what changed (field: old → new)."""
    versions = db().claim_history(claim_id)
    title = f"History of claim {claim_id.strip().lstrip('#')}"
    render().commands.claim_history(versions, fmt.value, title)


def log(
    since: Annotated[
        str | None,
        typer.Option(show_default=False, help="From this date or UTC time (YYYY-MM-DD[THH:MM])."),
    ] = None,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """The append-only event log of every change: when, who, what, before and after."""
    render().commands.event_log(db().event_log(since), fmt.value)


def register(app: typer.Typer) -> None:
    claim_app.command("edit")(edit)
    claim_app.command("history")(show_history)
    claim_app.command("retract")(retract)
    app.command("log")(log)
