"""The bad-input catalogue: one table, every case through the real CLI on a real file.

Each case asserts the exit code, exactly one ``error:`` line on stderr that names the
problem, no traceback, and the database logically identical before and after (a dump,
not a timestamp). The base database is the seed data set plus: claim #24 retracted,
'Moscow' also an alias of the Russian MFA (so it is ambiguous), and two claims by ISIS
(#25 'clash one', #26 'clash two') for the content-key clash.

Cases that need a command another change adds (``claimdb import``, ``entity merge``)
are skipped, with that reason, until the command exists.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

import pytest

from claimdb.db import migrations
from tests.conftest import SEED, Cli, dump

pytestmark = pytest.mark.sqlite_only

HOSTILE = "[bold red]x[/] [/] \x1b[31mred\x1b]52;c;ZXZpbA==\x07 \u202eevil\u202c"
HOSTILE_SHOWN = "[bold red]x[/] [/] \\x1b[31mred\\x1b]52;c;ZXZpbA==\\x07 <U+202E>evil<U+202C>"
BAD_FILES = {
    "notjson.jsonl": b'{"type": "entity", "name": "Imported One"}\nthis is not JSON\n',
    "missing.jsonl": b'{"type": "claim", "speaker": "ISIS", "target": "ISIS"}\n',
    "unknown.jsonl": b'{"type": "claim", "speaker": "Nobody Known Here", "target": "ISIS", '
    b'"text": "x"}\n',
    "baddate.jsonl": b'{"type": "claim", "speaker": "ISIS", "target": "ISIS", "text": "x", '
    b'"said_on": "2015-13-01"}\n',
    "latin1.jsonl": b'{"type": "claim", "speaker": "ISIS", "target": "ISIS", "text": "caf\xe9"}\n',
    "empty.jsonl": b"",
    "wrong.csv": b"who,what,when\nISIS,x,2015-10-02\n",
}


def has_command(*path: str) -> bool:
    import typer.main

    from claimdb.cli import app

    command = typer.main.get_command(app)
    for name in path:
        command = getattr(command, "commands", {}).get(name)
        if command is None:
            return False
    return True


def needs(*path: str):
    return pytest.mark.skipif(
        not has_command(*path),
        reason=f"'claimdb {' '.join(path)}' has not landed yet (another change adds it)",
    )


@dataclass(frozen=True)
class Case:
    args: tuple[str, ...]  # "{tmp}" stands for the case's directory
    expect: tuple[str, ...]  # each must be in the error line
    db: str = "base"  # base | text | dir | readonly | newer | truncated | url
    code: int = 1


def case(id_: str, *args: str, expect: str | tuple[str, ...], db: str = "base", marks=()):
    expect = (expect,) if isinstance(expect, str) else expect
    return pytest.param(Case(args, expect, db), id=id_, marks=marks)


ADD = ("claim", "add")
ISIS = ("--speaker", "ISIS", "--target", "ISIS")

CATALOGUE = [
    # names
    case("unknown name", *ADD, "x", "--speaker", "Lavrof", "--target", "ISIS",
         expect=("unknown speaker 'Lavrof'", "did you mean", "Lavrov")),
    case("ambiguous name", *ADD, "x", "--speaker", "Moscow", "--target", "ISIS",
         expect=("speaker 'Moscow' is ambiguous", "Russia", "Russian Ministry of Foreign")),
    case("empty name", *ADD, "x", "--speaker", "", "--target", "ISIS",
         expect="speaker: empty name"),
    case("blank name", *ADD, "x", "--speaker", "ISIS", "--target", "   ",
         expect="target: empty name"),
    case("unknown entity id", "claim", "list", "--speaker", "#999",
         expect="speaker #999: no entity with that id"),
    case("unknown parent", "entity", "add", "X", "--parent", "Nowhere Land",
         expect="unknown parent 'Nowhere Land'"),
    case("unknown name in edit", "claim", "edit", "5", "--speaker", "Nobody Known Here",
         expect="unknown speaker 'Nobody Known Here'"),
    case("existing entity", "entity", "add", "ISIS", expect="exists already"),
    case("merge into itself", "entity", "merge", "ISIS", "داعش", expect="itself",
         marks=needs("entity", "merge")),
    # texts
    case("empty text", *ADD, "", *ISIS, expect="claim text: empty text"),
    case("blank text", *ADD, " \t ", *ISIS, expect="claim text: empty text"),
    case("NUL byte", *ADD, "a\x00b", *ISIS, expect="claim text: contains a NUL byte"),
    case("1 MB text", *ADD, "x" * 1_000_000, *ISIS,
         expect="claim text: 1,000,000 characters; the limit is 100,000"),
    case("1 MB translation in edit", "claim", "edit", "5", "--translation", "y" * 1_000_000,
         expect="translation: 1,000,000 characters; the limit is 100,000"),
    case("edit to empty text", "claim", "edit", "5", "--text", "", expect="empty text"),
    case("NUL byte in edit", "claim", "edit", "5", "--topic", "a\x00", expect="NUL byte"),
    case("empty entity name", "entity", "add", " ", expect="entity name: empty text"),
    case("blank retraction reason", "claim", "retract", "5", "--reason", "  ",
         expect="retraction reason: empty text"),
    case("markup and escapes are inert", *ADD, "x", "--speaker", HOSTILE, "--target", "ISIS",
         expect=f"unknown speaker '{HOSTILE_SHOWN}'"),
    # dates
    case("month 13", *ADD, "x", *ISIS, "--said-on", "2015-13-01",
         expect=("said-on date '2015-13-01'", "YYYY-MM-DD")),
    case("yesterday", *ADD, "x", *ISIS, "--said-on", "yesterday",
         expect=("'yesterday'", "YYYY-MM-DD")),
    case("day first", *ADD, "x", *ISIS, "--said-on", "02/10/2015",
         expect=("'02/10/2015'", "YYYY-MM-DD")),
    case("report since day first", "report", "--since", "02/10/2015", expect="YYYY-MM-DD"),
    case("edit to 30 February", "claim", "edit", "5", "--said-on", "2015-02-30",
         expect="'2015-02-30'"),
    case("log since yesterday", "log", "--since", "yesterday",
         expect=("--since 'yesterday'", "YYYY-MM-DD")),
    case("published month 13", "source", "add", "T", "--published", "2015-13-01",
         expect="published date '2015-13-01'"),
    # claim ids
    case("non-integer id", "claim", "show", "abc", expect="claim id 'abc': expected a number"),
    case("fractional id", "claim", "retract", "1.5", "--reason", "r",
         expect="claim id '1.5': expected a number"),
    case("unknown id", "claim", "show", "999", expect="claim #999: no such claim"),
    case("edit unknown id", "claim", "edit", "999", "--topic", "x", expect="claim #999"),
    case("history of unknown id", "claim", "history", "#999", expect="claim #999"),
    case("link non-integer id", "contradict", "5", "five", expect="'five': expected a number"),
    case("unlink unknown id", "unlink", "5", "999", expect="claim #999"),
    case("unknown source id", *ADD, "x", *ISIS, "--source", "99", expect="source #99"),
    # links
    case("self-link", "contradict", "5", "5", expect="cannot be linked to itself"),
    case("self-link with hash", "support", "#5", "5", expect="cannot be linked to itself"),
    case("duplicate link", "contradict", "5", "18", expect="already linked: contradicts"),
    case("duplicate link reversed", "contradict", "18", "5", expect="already linked"),
    case("contradict then support", "support", "5", "18",
         expect="already linked the other way (contradicts)"),
    case("unlink a pair not linked", "unlink", "1", "24", expect="are not linked"),
    # history and retraction
    case("retract twice", "claim", "retract", "24", "--reason", "again",
         expect="claim #24 was already retracted"),
    case("edit a retracted claim", "claim", "edit", "24", "--topic", "x",
         expect="claim #24 is retracted"),
    case("edit with nothing to change", "claim", "edit", "5", expect="nothing to change"),
    case("edit into another claim", "claim", "edit", "26", "--text", "clash one",
         expect="claim #25 already says this"),
    case("edit a quote not in the source", "claim", "edit", "5", "--quote", "never said",
         expect="not found in the text of source #1"),
    case("edit to a bad act", "claim", "edit", "5", "--act", "shouts", expect="act 'shouts'"),
    case("edit to credibility 9", "claim", "edit", "5", "--credibility", "9",
         expect="credibility '9'"),
    # imports
    *[
        case(id_, "import", "{tmp}/" + name, expect=expect, marks=needs("import"))
        for id_, name, expect in [
            ("import line not JSON", "notjson.jsonl", ("notjson.jsonl:2", "JSON")),
            ("import missing field", "missing.jsonl", ("missing.jsonl:1", "text")),
            ("import unknown speaker", "unknown.jsonl", ("unknown.jsonl:1", "Nobody Known")),
            ("import bad date", "baddate.jsonl", ("baddate.jsonl:1", "YYYY-MM-DD")),
            ("import not UTF-8", "latin1.jsonl", ("latin1.jsonl:1", "UTF-8")),
            ("import CSV wrong header", "wrong.csv", ("wrong.csv:1", "header")),
        ]
    ],
    case("import empty file", "import", "{tmp}/empty.jsonl", expect=("empty.jsonl", "empty"),
         marks=needs("import")),
    # the database itself
    case("db is a text file", "claim", "list", expect="not a SQLite database", db="text"),
    case("db is a directory", "claim", "list", expect="is a directory", db="dir"),
    case("db read-only: write", "entity", "add", "New", expect="read-only", db="readonly"),
    case("db newer version", "claim", "list",
         expect=("version 99 is newer", f"supports ({migrations.CURRENT})"), db="newer"),
    case("db truncated", "claim", "list", expect="damaged", db="truncated"),
    case("db URL password", "claim", "list", expect="u:***@127.0.0.1:1", db="url"),
    case("backup onto a file", "backup", "{tmp}/existing.txt", expect="exists already"),
]  # fmt: skip


# -- the databases --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base database, made once; each case works on a copy."""
    path = tmp_path_factory.mktemp("base") / "base.db"
    cli = Cli(path)
    cli("load", str(SEED))
    cli("claim", "retract", "24", "--reason", "retracted for the catalogue")
    cli("entity", "alias", "Russian MFA", "Moscow")
    cli("claim", "add", "clash one", *ISIS, "--said-on", "2015-10-02")
    cli("claim", "add", "clash two", *ISIS, "--said-on", "2015-10-02")
    assert not path.with_name("base.db-wal").exists()
    return path


@contextmanager
def read_only(*paths: Path) -> Iterator[None]:
    """Make files and directories read-only for this process, root included.

    Root ignores permission bits, so as root the paths also get the immutable attribute
    (``chattr +i``); where that is not possible the test is skipped, saying why.
    """
    modes = {p: p.stat().st_mode & 0o7777 for p in paths}
    for p in paths:
        p.chmod(modes[p] & ~0o222)
    root = os.geteuid() == 0
    try:
        if root:
            done = shutil.which("chattr") and subprocess.run(
                ["chattr", "+i", *map(str, paths)], capture_output=True
            )
            if not done or done.returncode:
                pytest.skip("root ignores file permissions and 'chattr +i' is unavailable here")
        yield
    finally:
        if root:
            subprocess.run(["chattr", "-i", *map(str, paths)], capture_output=True)
        for p, mode in modes.items():
            p.chmod(mode)


def make_db(kind: str, base: Path, tmp: Path) -> Path | str:
    if kind == "url":
        return "postgresql+psycopg://u:secret@127.0.0.1:1/db"
    if kind == "dir":
        return tmp
    if kind == "text":
        path = tmp / "notes.txt"
        path.write_text("hello, not a database\n" * 10)
        return path
    if kind == "readonly":
        (tmp / "ro").mkdir()
        path = tmp / "ro" / "claims.db"
        shutil.copy(base, path)
        return path
    path = tmp / "claims.db"
    shutil.copy(base, path)
    if kind == "newer":
        conn = sqlite3.connect(path)
        conn.execute("INSERT INTO schema_version VALUES (99, '2099-01-01T00:00:00Z')")
        conn.commit()
        conn.close()
    elif kind == "truncated":
        with path.open("r+b") as f:
            f.truncate(path.stat().st_size // 2)
    return path


def state(db: Path | str) -> object:
    """What 'unchanged' means here: a logical dump, else the bytes or the listing."""
    if isinstance(db, str):
        return None
    if db.is_dir():
        return sorted(p.name for p in db.iterdir())
    try:
        return dump(db)
    except sqlite3.DatabaseError:  # not a database, or a damaged one
        return db.read_bytes()


# -- the catalogue --------------------------------------------------------------------------------


def test_the_catalogue_is_big_enough():
    assert len(CATALOGUE) >= 30


@pytest.mark.parametrize("c", CATALOGUE)
def test_bad_input(c: Case, base: Path, tmp_path: Path):
    for name, content in BAD_FILES.items():
        (tmp_path / name).write_bytes(content)
    db = make_db(c.db, base, tmp_path)
    (tmp_path / "existing.txt").write_text("keep me\n")
    before = state(db)
    args = [a.replace("{tmp}", str(tmp_path)) for a in c.args]

    with read_only(db, db.parent) if c.db == "readonly" else nullcontext():
        result = Cli(db)(*args, ok=False)

    assert result.exit_code == c.code, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for expected in c.expect:
        assert expected in lines[0], lines[0]
    assert "Traceback" not in result.stderr + result.stdout
    assert "\x1b" not in result.stderr and "secret" not in result.stderr
    assert state(db) == before
    assert (tmp_path / "existing.txt").read_text() == "keep me\n"


# -- around the catalogue: what must still work -------------------------------------------------


@pytest.mark.parametrize("directory", ["read-only directory", "writable directory"])
def test_read_only_file_reads_work(base: Path, tmp_path: Path, directory: str):
    """A read-only file: listing, report and check work; a write fails in one line.
    In a read-only directory SQLite cannot add its WAL files, so claimdb opens the file
    as immutable; in a writable one, with mode=ro."""
    db = make_db("readonly", base, tmp_path)
    cli, before = Cli(db), dump(db)
    locked = (db, db.parent) if directory == "read-only directory" else (db,)
    with read_only(*locked):
        listed = cli("claim", "list", "-f", "json")
        assert '"id": 23' in listed.stdout
        assert '"disputes"' in cli("report", "-f", "json").stdout
        checked = cli("check")
        assert "skipped: full-text index (the database is read-only)" in checked.stderr
        line = cli.fails("claim", "retract", "5", "--reason", "r")
        assert line == f"error: {db}: database is read-only; cannot write"
    assert dump(db) == before


def test_hostile_text_is_shown_inert_in_tables(base: Path, tmp_path: Path):
    db = tmp_path / "claims.db"
    shutil.copy(base, db)
    cli = Cli(db)
    claim = cli("claim", "add", HOSTILE, *ISIS, "--topic", HOSTILE).stdout.strip()
    cli("contradict", claim, "25", "--note", HOSTILE)
    cli("claim", "edit", claim, "--translation", HOSTILE)
    for args in (
        ("claim", "list"),
        ("claim", "show", claim),
        ("report",),
        ("claim", "history", claim),
        ("log",),
    ):
        out = cli(*args).stdout
        assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out, args
        assert "[bold red]x[/]" in out and "\\x1b[31m" in out, args
    # machine formats keep the text exactly as stored
    shown = cli("claim", "show", claim, "-f", "json").stdout
    assert '"text": "[bold red]x[/] [/] \\u001b[31m' in shown
