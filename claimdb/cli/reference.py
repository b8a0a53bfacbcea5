"""The CLI reference in Markdown, generated from the commands' own help.

``mkdocs build`` writes it as the page ``cli.md`` (``docs/hooks.py``), so the reference is
never older than the code; ``python -m claimdb.cli.reference`` prints it. It walks the
Click command tree of ``claimdb.cli.app``: every command, its help text, its arguments and
options with their help, choices, defaults and environment variables.
"""

import enum
import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer
import typer.core


def command_tree() -> Any:
    """The root Click command of the ``claimdb`` CLI."""
    from claimdb.cli import app

    return typer.main.get_command(app)


def commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """(path, command) for every command that runs something, depth first, in help order."""
    subcommands = getattr(command, "commands", None)
    if not subcommands:
        yield path, command
        return
    for name, sub in subcommands.items():
        if not getattr(sub, "hidden", False):
            yield from commands(sub, (*path, name))


def is_option(param: Any) -> bool:
    return isinstance(param, typer.core.TyperOption)


def options(command: Any) -> list[Any]:
    """The options a user can give (not hidden; ``--help`` is not a parameter)."""
    return [p for p in command.params if is_option(p) and not p.hidden]


def arguments(command: Any) -> list[Any]:
    return [p for p in command.params if not is_option(p)]


def _annotation(param: Any) -> Any:
    descriptor = getattr(param, "type_descriptor", None)
    return getattr(descriptor, "annotation", None)


def _value(param: Any) -> str:
    """What an option takes: its choices, N, PATH or TEXT (nothing for a flag)."""
    if getattr(param, "is_flag", False):
        return ""
    if param.metavar:
        return param.metavar
    annotation = _annotation(param)
    if inspect.isclass(annotation) and issubclass(annotation, enum.Enum):
        return "|".join(str(member.value) for member in annotation)
    if annotation is int:
        return "N"
    if annotation is Path:
        return "PATH"
    return "TEXT"


def _argument_name(param: Any) -> str:
    name = param.metavar or param.name.upper()
    many = "..." if param.nargs == -1 else ""
    return f"{name}{many}" if param.required else f"[{name}{many}]"


def usage(path: tuple[str, ...], command: Any) -> str:
    words = ["claimdb", *path]
    if options(command):
        words.append("[OPTIONS]")
    words += [_argument_name(p) for p in arguments(command)]
    return " ".join(words)


def _default(param: Any) -> str:
    default = param.default
    if not param.show_default or default is None or default is False or default == ():
        return ""
    if isinstance(default, enum.Enum):
        default = default.value
    if getattr(param, "is_flag", False):
        return ""
    return f" (default: `{default}`)"


def _text(help_text: str | None) -> str:
    """Help text as one Markdown paragraph (help is plain text, never markup)."""
    words = " ".join((help_text or "").split())
    return words.replace("<", "&lt;").replace("*", r"\*").replace("_", r"\_")


def _option_line(param: Any) -> str:
    names = ", ".join(f"`{name}`" for name in [*param.opts, *param.secondary_opts])
    value = _value(param)
    taken = f" `{value}`" if value else ""
    repeat = " (repeatable)" if param.multiple else ""
    env = f" (env: `${param.envvar}`)" if param.envvar else ""
    return f"- {names}{taken}{repeat}: {_text(param.help)}{_default(param)}{env}"


def _section(path: tuple[str, ...], command: Any) -> list[str]:
    title = " ".join(("claimdb", *path))
    lines = [f"## `{title}`", "", _text(command.help), "", "```text", usage(path, command), "```"]
    if arguments(command):
        lines += ["", "Arguments:", ""]
        lines += [
            f"- `{_argument_name(p)}`: {_text(p.help)}{_default(p)}" for p in arguments(command)
        ]
    if options(command):
        lines += ["", "Options:", ""]
        lines += [_option_line(p) for p in options(command)]
    return [*lines, ""]


def markdown() -> str:
    """The whole reference page."""
    root = command_tree()
    found = list(commands(root))
    lines = [
        "# CLI reference",
        "",
        "Generated from the commands' own help (`claimdb COMMAND --help` says the same) each "
        "time the documentation is built. The topic pages explain what the commands do.",
        "",
        "## `claimdb`",
        "",
        _text(root.help),
        "",
        "```text",
        "claimdb [OPTIONS] COMMAND [ARGS]...",
        "```",
        "",
        "Options, given before the command:",
        "",
        *[_option_line(p) for p in options(root)],
        "",
        "| command | what it does |",
        "|---|---|",
        *[
            f"| [`{' '.join(path)}`](#claimdb-{'-'.join(path)}) | "
            f"{_text(command.get_short_help_str(limit=100)).replace('|', '&#124;')} |"
            for path, command in found
        ],
        "",
    ]
    for path, command in found:
        lines += _section(path, command)
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(), end="")
