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
    from claimdb.records import history

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
    number, changed = history.edit_claim(db(), claim_id, changes)
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
    from claimdb.records import history

    number = history.retract_claim(db(), claim_id, reason)
    render().message(f"claim #{number} retracted")


def show_history(claim_id: ClaimId, fmt: FormatOpt = Fmt.table) -> None:
    """Every version of a claim: when, by whom, what changed (field: old → new)."""
    from claimdb.records import history

    versions = history.claim_history(db(), claim_id)
    r = render()
    if fmt.value == "json":
        r.emit_json(versions)
    elif fmt.value == "csv":
        rows = [
            {k: v for k, v in version.items() if k != "changes"} | change
            for version in versions
            for change in version["changes"] or [{}]
        ]
        r.emit_csv(rows, ("version", "at", "by", "op", "field", "old", "new"))
    else:
        rows = [
            v | {"at": _when(v["at"]), "changes": "\n".join(map(_change_line, v["changes"]))}
            for v in versions
        ]
        r.listing(
            rows,
            ("version", "at", "by", "op", "changes"),
            "table",
            title=f"History of claim {claim_id.strip().lstrip('#')}",
            wide=("changes",),
        )


def _when(stamp: str | None) -> str | None:
    """A stored UTC time, to the second, for tables (JSON and CSV keep it whole)."""
    return stamp[:19].replace("T", " ") + " UTC" if stamp else stamp


def _change_line(change: dict) -> str:
    def shown(value) -> str:
        if isinstance(value, list):
            return " → ".join(value)
        return "—" if value is None else str(value)

    if change["old"] is None:
        return f"{change['field']}: {shown(change['new'])}"
    return f"{change['field']}: {shown(change['old'])} → {shown(change['new'])}"


def log(
    since: Annotated[
        str | None,
        typer.Option(show_default=False, help="From this date or UTC time (YYYY-MM-DD[THH:MM])."),
    ] = None,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """The append-only event log of every change: when, who, what, before and after."""
    import json

    from claimdb.records import history

    events = history.event_log(db(), since)
    r = render()
    if fmt.value == "json":
        r.emit_json(events)
        return
    columns = ("id", "at", "actor", "op", "record", "row_id")
    if fmt.value == "csv":
        rows = [
            e
            | {
                k: None if e[k] is None else json.dumps(e[k], ensure_ascii=False)
                for k in ("before", "after")
            }
            for e in events
        ]
        r.emit_csv(rows, (*columns, "before", "after"))
    else:
        rows = [e | {"at": _when(e["at"]), "change": history.summary(e)} for e in events]
        r.listing(rows, (*columns, "change"), "table", title="Event log", wide=("change",))


def register(app: typer.Typer) -> None:
    claim_app.command("edit")(edit)
    claim_app.command("history")(show_history)
    claim_app.command("retract")(retract)
    app.command("log")(log)
