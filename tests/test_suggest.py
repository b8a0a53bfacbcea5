"""claimdb suggest: candidate contradictions and duplicates from the database."""

from __future__ import annotations

import csv
import io
import json
import shlex

import pytest

from tests.conftest import Cli, dump


def links(cli: Cli) -> list[tuple[int, int]]:
    report = json.loads(cli("report", "-f", "json").stdout)
    return sorted({(x["a"], x["b"]) for d in report["disputes"] for x in d["links"]})


@pytest.fixture
def unlinked(seeded: Cli) -> Cli:
    """The seed data with all its links removed, through the CLI."""
    for a, b in links(seeded):
        seeded("unlink", str(a), str(b))
    assert links(seeded) == []
    return seeded


def suggestions(cli: Cli, *args: str) -> list[dict]:
    return json.loads(cli("suggest", *args, "-f", "json").stdout)


def test_exclusively_isis_vs_not_aimed_at_isis_is_in_the_top_five(unlinked: Cli):
    found = suggestions(unlinked, "--limit", "50")
    contradictions = [(s["a"], s["b"]) for s in found if s["kind"] == "contradiction"]
    assert (5, 18) in contradictions[:5]
    top = next(s for s in found if (s["a"], s["b"]) == (5, 18))
    assert "different camps" in top["reason"] and "حصرا" in top["reason"]
    assert top["command"] == 'claimdb contradict 5 18 --note "..."'
    assert top["speaker_a"] == "Igor Konashenkov"
    assert top["speaker_b"] == "Joint statement of seven states"
    scores = [s["score"] for s in found]
    assert scores == sorted(scores, reverse=True)


def test_linked_pairs_are_never_suggested(seeded: Cli):
    linked = set(links(seeded))
    assert (5, 18) in linked
    assert not {(s["a"], s["b"]) for s in suggestions(seeded, "--limit", "100")} & linked
    seeded("unlink", "5", "18")
    assert (5, 18) in {(s["a"], s["b"]) for s in suggestions(seeded, "--limit", "100")}


def test_the_printed_command_acts_on_the_suggestion(unlinked: Cli):
    (first,) = suggestions(unlinked, "--limit", "1")
    words = shlex.split(first["command"])
    assert words[0] == "claimdb"
    unlinked(*words[1:-1], "exclusively ISIS vs not aimed at ISIS")
    assert (first["a"], first["b"]) in links(unlinked)
    assert (first["a"], first["b"]) not in {
        (s["a"], s["b"]) for s in suggestions(unlinked, "--limit", "100")
    }


def test_near_duplicate_claim_is_suggested_with_a_retract_command(seeded: Cli):
    claim5 = json.loads(seeded("claim", "show", "5", "-f", "json").stdout)
    copy = seeded(
        "claim", "add", claim5["text"].replace("حصرا", "حصراً") + ".", "--speaker",
        "Russian MoD", "--target", "ISIS", "--said-on", "2015-10-03", "--lang", "ar",
    ).stdout.strip()  # fmt: skip
    found = [s for s in suggestions(seeded, "--limit", "100") if s["kind"] == "duplicate"]
    duplicate = next(s for s in found if (s["a"], s["b"]) == (5, int(copy)))
    assert "same camp" in duplicate["reason"]
    assert duplicate["command"] == f'claimdb claim retract {copy} --reason "duplicate of #5"'
    seeded(*shlex.split(duplicate["command"])[1:])
    assert int(copy) not in {s["b"] for s in suggestions(seeded, "--limit", "100")}


def test_formats_and_limits(unlinked: Cli):
    before = dump(unlinked.db)
    table = unlinked("suggest", "--limit", "3").stdout
    assert "claimdb contradict 5 18" in table and "Igor Konashenkov" in table
    rows = list(csv.DictReader(io.StringIO(unlinked("suggest", "-n", "3", "-f", "csv").stdout)))
    assert len(rows) == 3 and rows[0]["command"].startswith("claimdb ")
    assert len(suggestions(unlinked, "-n", "2")) == 2
    assert unlinked("suggest", "--limit", "0", ok=False).exit_code == 2
    assert dump(unlinked.db) == before  # suggest only reads


def test_nothing_to_suggest(cli: Cli):
    cli("init")
    result = cli("suggest", "-f", "json")
    assert json.loads(result.stdout) == [] and "no suggestions" in result.stderr
