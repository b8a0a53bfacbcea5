"""What every command shares: the database handle, output formats, error mapping.

Heavy imports (sqlalchemy, rapidfuzz, rich) happen inside commands, never at start-up.
"""

import os
import sys
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from claimdb.cli.output import quiet_when_reader_stops
from claimdb.errors import ClaimdbError


class Fmt(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ReportFmt(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    html = "html"


class Bidi(StrEnum):
    auto = "auto"
    on = "on"
    off = "off"


FormatOpt = Annotated[Fmt, typer.Option("--format", "-f", help="Output format.")]

_state: dict[str, Any] = {"db": None, "handle": None, "bidi": "auto", "by": None}


def configure(db: str | None, bidi: str, by: str | None) -> None:
    _state.update(db=db, bidi=bidi, by=by, handle=None)


def db():
    """The ``Claimdb`` of this invocation (opened on first use)."""
    if _state["handle"] is None:
        from claimdb.api import Claimdb

        _state["handle"] = Claimdb(_state["db"], actor=_state["by"])
    return _state["handle"]


def render(to_file: bool = False):
    """The render module, configured for right-to-left display (``--bidi auto`` keeps a
    file, like a pipe, in logical order)."""
    from claimdb import render
    from claimdb.text import bidi

    isatty = not to_file and sys.stdout.isatty()
    reorder, shape = bidi.resolve_mode(_state["bidi"], isatty=isatty, env=os.environ)
    render.configure(reorder=reorder, shape=shape)
    return render


class Page:
    """The first ``limit`` items of a stream asked for ``limit + 1`` (0: every item);
    ``more`` tells, once they are read, whether the stream held more."""

    def __init__(self, items: Iterator[Any], limit: int) -> None:
        self.items = items
        self.limit = limit
        self.more = False

    def __iter__(self) -> Iterator[Any]:
        try:
            for n, item in enumerate(self.items):
                if self.limit and n >= self.limit:
                    self.more = True
                    return
                yield item
        finally:
            close = getattr(self.items, "close", None)
            if close is not None:
                close()  # ends the read transaction now, not when collected


def one_more(limit: int) -> int | None:
    """The limit to ask a stream for, to know whether more follow a page of ``limit``
    (0: no limit; a negative one goes on to be refused with one error line)."""
    return limit + 1 if limit > 0 else limit or None


def fail(line: str, code: int = 1) -> typer.Exit:
    from claimdb.masking import scrub
    from claimdb.text.inert import visible

    typer.echo(f"error: {visible(scrub(line))}", err=True)
    return typer.Exit(code)


def untyped_flags(command, help_names: list[str]) -> None:
    """Show flags in ``--help`` without a value type. Typer (0.29) labels every flag
    ``<bool>``, its own ``--help`` too, as if it took a value (``--matrix <bool>``); an
    empty metavar is the declaration that says "no value". Walks the command tree."""
    ctx = typer.Context(command, help_option_names=help_names)
    _untyped(command.get_params(ctx))
    for sub in getattr(command, "commands", {}).values():
        untyped_flags(sub, help_names)


def _untyped(params: list[Any]) -> list[Any]:
    for param in params:
        if getattr(param, "is_flag", False) and not param.metavar:
            param.metavar = ""
    return params


def _saved() -> bool:
    """True once this command committed a change (an output failure must say so)."""
    handle = _state.get("handle")
    return handle is not None and handle.store.commits > 0


class Group(TyperGroup):
    """Maps the claimdb error family to one stderr line and an exit code, in one place;
    flags are shown without a value type (``untyped_flags``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        untyped_flags(self, self.context_settings.get("help_option_names", ["--help"]))

    def get_params(self, ctx: typer.Context) -> list[Any]:
        return _untyped(super().get_params(ctx))  # Typer adds completion options later

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            with quiet_when_reader_stops(saved=_saved):  # `claimdb ... | head`: one place
                return super().invoke(ctx)
        except ClaimdbError as e:
            raise fail(str(e), e.exit_code) from None
        except KeyboardInterrupt:
            raise fail("interrupted; nothing was written", 130) from None
        except (OSError, UnicodeEncodeError) as e:  # a file, the output, or bad text
            from claimdb.cli.output import failure

            line, code = failure(e, saved=_saved())
            raise (fail(line, code) if line else typer.Exit(code)) from None
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except Exception as e:  # a bug: still one line, never a traceback
            if os.environ.get("CLAIMDB_DEBUG"):
                raise
            raise fail(
                f"unexpected {type(e).__name__}: {e} (set CLAIMDB_DEBUG=1 for details)"
            ) from None
        finally:
            handle = _state.get("handle")
            if handle is not None and ctx.parent is None:
                handle.close()
                _state["handle"] = None
