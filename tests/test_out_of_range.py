"""Ids past what a database holds and malformed files: one ``error:`` line naming the
argument (or file:line), exit 1, the database unchanged; never the catch-all line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Cli, dump

TOO_BIG = str(2**63)  # one past the largest 64-bit id
HUGE = "9" * 60
CLAIMDB = Path(sys.executable).with_name("claimdb")

COMMANDS = {
    "claim show": ("claim", "show", "{id}"),
    "claim show #id": ("claim", "show", "#{id}"),
    "claim edit": ("claim", "edit", "{id}", "--text", "changed"),
    "claim retract": ("claim", "retract", "{id}", "--reason", "wrong"),
    "claim history": ("claim", "history", "{id}"),
    "contradict": ("contradict", "5", "{id}"),
    "support": ("support", "{id}", "5"),
    "unlink": ("unlink", "5", "{id}"),
    "entity show": ("entity", "show", "#{id}"),
    "entity alias": ("entity", "alias", "#{id}", "Another name"),
    "entity merge": ("entity", "merge", "#{id}", "Russia"),
    "claim add --speaker": ("claim", "add", "--speaker", "#{id}", "--target", "ISIS", "words"),
    "claim add --source": (
        *("claim", "add", "--speaker", "Russia", "--target", "ISIS"),
        *("--source", "{id}", "words"),
    ),
    "claim list --speaker": ("claim", "list", "--speaker", "#{id}"),
}


@pytest.mark.parametrize("number", [TOO_BIG, HUGE])
@pytest.mark.parametrize("command", COMMANDS)
def test_an_id_out_of_range_is_one_line(seeded: Cli, command: str, number: str):
    before = dump(seeded.db)
    args = [a.replace("{id}", number) for a in COMMANDS[command]]
    line = seeded.fails(*args)
    assert "out of range" in line and "unexpected" not in line, line
    assert number[:20] in line  # it names the value given
    assert dump(seeded.db) == before


@pytest.mark.parametrize("command", [("claim", "list", "--limit"), ("search", "Raqqa", "--limit")])
def test_a_limit_past_any_count_is_no_limit(seeded: Cli, command):
    everything = seeded(*command[:-1], "-f", "json").stdout
    assert seeded(*command, TOO_BIG, "-f", "json").stdout == everything


def test_the_largest_id_is_accepted_and_not_found(seeded: Cli):
    line = seeded.fails("claim", "show", str(2**63 - 1))
    if isinstance(seeded.db, Path):
        assert line == f"error: claim #{2**63 - 1}: no such claim"
    else:  # PostgreSQL's id columns are 32-bit integers: one line that says so
        assert line.endswith(": a number given is out of range: ids go up to 2147483647")
        assert seeded.fails("claim", "show", str(2**31 - 1)).endswith("no such claim")


# -- import files --------------------------------------------------------------------------

ENTITY = '{"type":"entity","name":"Somebody","kind":"group"}\n'
JSONL = {
    "link a": ('{"type":"link","a":"#' + TOO_BIG + '","b":"#5","relation":"supports"}', "a "),
    "link b": ('{"type":"link","a":"#5","b":"#' + HUGE + '","relation":"supports"}', "b "),
    "source": (
        '{"type":"claim","speaker":"Russia","target":"ISIS","text":"x","source":"#'
        + TOO_BIG
        + '"}',
        "source ",
    ),
    "speaker": ('{"type":"claim","speaker":"#' + TOO_BIG + '","target":"ISIS","text":"x"}', ""),
    "parent": ('{"type":"entity","name":"New","kind":"group","parent":"#' + TOO_BIG + '"}', ""),
}


@pytest.mark.parametrize("field", JSONL)
def test_an_id_out_of_range_in_an_import_names_file_and_line(seeded: Cli, tmp_path, field: str):
    record, _ = JSONL[field]
    path = tmp_path / "in.jsonl"
    path.write_text(ENTITY + record + "\n", encoding="utf-8")
    before = dump(seeded.db)
    line = seeded.fails("import", str(path))
    assert line.startswith(f"error: {path}:2: ") and "out of range" in line, line
    assert dump(seeded.db) == before


def test_an_id_out_of_range_in_csv_and_toml(seeded: Cli, tmp_path: Path):
    csv = tmp_path / "in.csv"
    csv.write_text(f"speaker,target,text,source\nRussia,ISIS,words,{TOO_BIG}\n", encoding="utf-8")
    assert seeded.fails("import", str(csv)).startswith(f"error: {csv}:2: ")
    toml = tmp_path / "in.toml"
    toml.write_text(
        f'[dataset]\nname = "x"\n\n[[link]]\na = "#{TOO_BIG}"\nb = "#5"\nrelation = "supports"\n',
        encoding="utf-8",
    )
    line = seeded.fails("load", str(toml))
    assert line.startswith(f"error: {toml}:4: ") and "out of range" in line, line


MALFORMED = {
    "nested 200,000 deep": ("[" * 200_000 + "]" * 200_000, "nested too deeply"),
    "object nested deep": ('{"a":' * 200_000 + "1" + "}" * 200_000, "nested too deeply"),
    "4,300+ digits": ('{"type":"claim","credibility":' + "9" * 4301 + "}", "a number too long"),
    "lone surrogate": ('{"type":"entity","name":"B\\ud800","kind":"group"}', "name: a \\u"),
    "lone low surrogate in a list": (
        '{"type":"entity","name":"C","kind":"group","aliases":["ok","\\uDC00x"]}',
        "aliases: a \\u",
    ),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_jsonl_is_one_line_with_file_and_line(seeded: Cli, tmp_path, case: str):
    body, says = MALFORMED[case]
    path = tmp_path / "in.jsonl"
    path.write_text(ENTITY + body + "\n", encoding="utf-8")
    before = dump(seeded.db)
    line = seeded.fails("import", str(path))
    assert line.startswith(f"error: {path}:2: ") and says in line, line
    assert dump(seeded.db) == before


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("a = " + "[" * 200_000 + "]" * 200_000, "nested too deeply"),
        ("[[claim]]\nkey = 'k'\ncredibility = " + "9" * 4301, "a number too long"),
    ],
)
def test_malformed_toml_is_one_line_with_file_and_line(seeded: Cli, tmp_path, body, says):
    path = tmp_path / "in.toml"
    path.write_text('[dataset]\nname = "x"\n' + body + "\n", encoding="utf-8")
    line = seeded.fails("load", str(path))
    assert line.startswith(f"error: {path}:") and says in line, line


@pytest.mark.parametrize(
    ("record", "says"),
    [
        ('"aliases":"Daesh"', "aliases: expected a list of names, not text"),
        ('"aliases":[1]', "aliases: expected a list of names, not a list"),
        ('"aliases":3', "aliases: expected a list of names, not a number"),
        ('"kind":true', "kind: expected text, not true/false"),
        ('"kind":null,"parent":{}', "parent: expected text, not an object"),
    ],
)
def test_import_errors_name_the_type_given(cli: Cli, tmp_path: Path, record: str, says: str):
    path = tmp_path / "in.jsonl"
    path.write_text('{"type":"entity","name":"X",' + record + "}\n", encoding="utf-8")
    line = cli.fails("import", str(path))
    assert says in line, line


# -- text the command line cannot carry ----------------------------------------------------


def run(*args: str | bytes, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    import os

    return subprocess.run(
        [str(CLAIMDB), *args], capture_output=True, env={**os.environ, **(env or {})}
    )


def test_an_argument_that_is_not_utf8_is_one_line(seeded: Cli):
    before = dump(seeded.db)
    for args, says in (
        (
            ("claim", "add", "--speaker", "Russia", "--target", "ISIS", b"bad \xff text"),
            "error: claim text: not valid Unicode text (a byte that is not UTF-8?)",
        ),
        (
            ("entity", "add", "Newcomer", "--kind", "group", "--alias", b"X\xff"),
            "error: alias: not valid Unicode text (a byte that is not UTF-8?)",
        ),
        (
            ("claim", "list", "--topic", b"t\xff"),
            "error: text that is not valid Unicode (a byte that is not UTF-8 in an argument?)",
        ),
    ):
        done = run("--db", str(seeded.db), *args)
        assert done.returncode == 1
        assert done.stderr.decode().splitlines() == [says]
    assert dump(seeded.db) == before


@pytest.mark.parametrize("command", [("report",), ("claim", "show", "5"), ("claim", "list")])
def test_an_ascii_terminal_gets_one_clear_line(seeded: Cli, command):
    done = run("--db", str(seeded.db), *command, env={"PYTHONIOENCODING": "ascii"})
    lines = done.stderr.decode().splitlines()
    assert done.returncode == 1 and len(lines) == 1, lines
    assert lines[0].startswith("error: the output encoding (ascii) cannot show ")
    assert "PYTHONIOENCODING=utf-8" in lines[0]
