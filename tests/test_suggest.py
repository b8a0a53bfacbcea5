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


# --- the three headline contradictions, evidence and filters ----------------------------

HEADLINE = [(5, 18), (16, 23), (5, 21)]


def test_the_seed_headline_contradictions_stay_in_the_top_five(unlinked: Cli):
    """Exclusively ISIS vs not aimed at ISIS; the EU's moderate opposition vs Lavrov's FSA
    "not a terrorist organisation"; exclusively ISIS vs "ISIS and other organisations"."""
    top = [(s["a"], s["b"]) for s in suggestions(unlinked, "--limit", "5")]
    assert set(HEADLINE) <= set(top), top


def test_json_and_explain_name_each_piece_of_evidence(unlinked: Cli):
    (first,) = suggestions(unlinked, "--limit", "1")
    assert {e["kind"] for e in first["evidence"]} == {"exclusivity", "negation", "act"}
    assert all(0 < e["weight"] <= 1 and e["words"] for e in first["evidence"])
    table = unlinked("suggest", "-n", "1", "--explain").stdout
    assert "exclusivity" in table and "negation" in table and "accuses" in table
    rows = list(csv.DictReader(io.StringIO(unlinked("suggest", "-n", "1", "-f", "csv").stdout)))
    assert rows[0]["evidence"].startswith("exclusivity: ")


def test_filters(unlinked: Cli):
    by_topic = suggestions(unlinked, "--topic", "Targets", "-n", "50")
    assert by_topic and all({s["a"], s["b"]} <= {5, 13, 18, 20, 21, 22} for s in by_topic), (
        by_topic
    )  # the claims whose topic is 'targets'
    by_speaker = suggestions(unlinked, "--speaker", "Sergei Lavrov", "-n", "50")
    assert by_speaker and all({s["a"], s["b"]} & {21, 22, 23, 24} for s in by_speaker)
    by_target = suggestions(unlinked, "--target", "Russia", "-n", "50")
    targets = {6, 13, 18, 19, 20}  # claims about Russia
    assert all({s["a"], s["b"]} <= targets for s in by_target)
    assert suggestions(unlinked, "--since", "2015-10-02", "-n", "50")
    assert not [
        s
        for s in suggestions(unlinked, "--since", "2015-10-02", "-n", "50")
        if 21 in (s["a"], s["b"])
    ]  # Lavrov spoke on 1 October
    strong = suggestions(unlinked, "--min-score", "0.6", "-n", "50")
    assert strong and all(s["score"] >= 0.6 for s in strong)
    only = suggestions(unlinked, "--kind", "contradiction", "-n", "50")
    assert only and {s["kind"] for s in only} == {"contradiction"}
    assert "Igor" not in unlinked.fails("suggest", "--speaker", "Nobody at all")
    unlinked.fails("suggest", "--since", "yesterday")
    unlinked.fails("suggest", "--min-score", "2")
    unlinked.fails("suggest", "--kind", "maybe")


# --- dismissals ------------------------------------------------------------------------


def test_a_dismissed_pair_is_not_suggested_again(unlinked: Cli, tmp_path):
    assert (5, 18) in [(s["a"], s["b"]) for s in suggestions(unlinked, "-n", "5")]
    out = unlinked("suggest", "dismiss", "18", "5", "--note", "different statements")
    assert "dismissed #5 and #18" in out.stderr
    assert (5, 18) not in [(s["a"], s["b"]) for s in suggestions(unlinked, "-n", "100")]
    before = dump(unlinked.db)
    again = unlinked("suggest", "dismiss", "5", "18")
    assert "already" in again.stderr and dump(unlinked.db) == before
    events = [e for e in json.loads(unlinked("log", "-f", "json").stdout) if e["op"] == "dismiss"]
    assert len(events) == 1 and events[0]["record"] == "suggestion"


def test_dismissal_bad_input_changes_nothing(unlinked: Cli):
    before = dump(unlinked.db)
    assert "#5" in unlinked.fails("suggest", "dismiss", "5", "5")
    assert "#999" in unlinked.fails("suggest", "dismiss", "5", "999")
    assert "x" in unlinked.fails("suggest", "dismiss", "x", "5")
    assert dump(unlinked.db) == before


def test_dismissals_survive_export_import_and_copy(unlinked: Cli, tmp_path):
    unlinked("suggest", "dismiss", "5", "18", "--note", "not the same strikes")
    exported = tmp_path / "out.jsonl"
    unlinked("export", "-f", "jsonl", "-o", str(exported))
    lines = [json.loads(line) for line in exported.read_text().splitlines()]
    dismissal = [r for r in lines if r["type"] == "dismissal"]
    assert dismissal == [
        {"type": "dismissal", "a": "c5", "b": "c18", "note": "not the same strikes"}
    ]
    fresh = Cli(tmp_path / "fresh.db")
    fresh("import", str(exported))
    assert (5, 18) not in [(s["a"], s["b"]) for s in suggestions(fresh, "-n", "100")]
    assert exported.read_text() == fresh("export", "-f", "jsonl").stdout
    fresh("import", str(exported))  # again: nothing added
    assert (
        len([r for r in json.loads(fresh("log", "-f", "json").stdout) if r["op"] == "dismiss"]) == 1
    )
    copied = tmp_path / "copy.db"
    unlinked("copy", "--to", str(copied))
    assert (5, 18) not in [(s["a"], s["b"]) for s in suggestions(Cli(copied), "-n", "100")]


def test_a_dismissal_record_with_bad_claims_is_refused(unlinked: Cli, tmp_path):
    before = dump(unlinked.db)
    bad = tmp_path / "bad.jsonl"
    for record in ({"a": "#5", "b": "#5"}, {"a": "#5", "b": "#999"}, {"a": "c1", "b": "#5"}):
        bad.write_text(json.dumps({"type": "dismissal", **record}) + "\n")
        assert f"error: {bad}:1: dismissal: " in unlinked.fails("import", str(bad))
    assert dump(unlinked.db) == before
