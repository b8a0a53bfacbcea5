"""Revision history, retraction, the event log and the actor, through the real CLI.

Seed claims used: #5 Konashenkov "exclusively ISIS", #18 joint "not aimed at ISIS",
#21 Lavrov "Nusra and other groups", #4 MoD Raqqa command centre, #12 activists Raqqa.
"""

from __future__ import annotations

import csv
import getpass
import io
import json
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimdb.api import Claimdb
from claimdb.errors import InvalidInput
from claimdb.records import claims, history
from claimdb.validate import has_word
from tests.conftest import Cli, dump


def events(cli: Cli, record: str | None = None, row_id: int | None = None) -> list[dict]:
    """The event log as the CLI gives it (JSON), optionally for one record."""
    rows = json.loads(cli("log", "-f", "json").stdout)
    return [
        e
        for e in rows
        if (record is None or e["record"] == record) and (row_id is None or e["row_id"] == row_id)
    ]


def service(cli: Cli) -> Claimdb:
    return Claimdb(str(cli.db))


def claim_row(cli: Cli, claim_id: int) -> dict:
    """The stored claim row, through the service (any backend)."""
    db = service(cli)
    try:
        with db.store.read() as conn:
            return claims.get(conn, claim_id)
    finally:
        db.close()


def event_count(cli: Cli) -> int:
    db = service(cli)
    try:
        return db.counts()["events"]
    finally:
        db.close()


def fts_ids(db: Path, word: str) -> list[int]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT rowid FROM claim_fts WHERE claim_fts MATCH ?", (word,))
        return sorted(r for (r,) in rows)
    finally:
        conn.close()


def shown(cli: Cli, claim_id: int) -> dict:
    return json.loads(cli("claim", "show", str(claim_id), "-f", "json").stdout)


# -- edit -------------------------------------------------------------------------------------


def test_edit_keeps_every_version_with_who_and_what(seeded: Cli):
    seeded("--by", "alice", "claim", "edit", "5", "--topic", "strike targets")
    seeded("--by", "bob", "claim", "edit", "#5", "--said-on", "2015-10-03", "--speaker", "Lavrov")
    now = shown(seeded, 5)
    assert (now["topic"], now["said_on"], now["speaker"]) == (
        "strike targets",
        "2015-10-03",
        "Sergei Lavrov",
    )
    versions = json.loads(seeded("claim", "history", "5", "-f", "json").stdout)
    claim_versions = [v for v in versions if v["version"] is not None]
    assert [(v["version"], v["by"], v["op"]) for v in claim_versions] == [
        (1, getpass.getuser(), "add"),
        (2, "alice", "edit"),
        (3, "bob", "edit"),
    ]
    assert claim_versions[1]["changes"] == [
        {"field": "topic", "old": "targets", "new": "strike targets"}
    ]
    changes = {c["field"]: (c["old"], c["new"]) for c in claim_versions[2]["changes"]}
    assert set(changes) == {"said_on", "speaker"}
    assert changes["said_on"] == ("2015-10-02", "2015-10-03")
    old, new = changes["speaker"]
    assert old.startswith("Igor Konashenkov (#") and new.startswith("Sergei Lavrov (#")
    assert [v["at"] for v in versions] == sorted(v["at"] for v in versions)
    # the link events of the claim are part of its history
    assert [v["changes"][0]["new"].split(":")[0] for v in versions if v["op"] == "link"] == [
        "contradicts #18",
        "contradicts #20",
        "contradicts #21",
    ]


def test_edit_logs_full_records_with_the_keys_of_add(seeded: Cli):
    seeded("claim", "edit", "21", "--translation", "Russia targets Nusra, ISIS and others")
    add, edit = events(seeded, "claim", 21)
    assert (add["op"], edit["op"]) == ("add", "edit")
    added, before, after = add["after"], edit["before"], edit["after"]
    assert set(before) == set(after) == set(added)
    assert "via" in after and "search_key" not in after
    assert {k for k in after if before[k] != after[k]} == {"translation", "updated_at"}
    assert before == added  # nothing changed in between: 'before' is the added record
    row = claim_row(seeded, 21)
    assert after == claims.logged(row, after["via"])


@pytest.mark.sqlite_only
def test_edit_text_keeps_the_full_text_index_and_keys_in_step(seeded: Cli):
    before = claim_row(seeded, 21)
    assert fts_ids(seeded.db, "zanzibar") == []
    seeded("claim", "edit", "21", "--text", "Zanzibar is the target", "--quote", "")
    row = claim_row(seeded, 21)
    assert row["text"] == "Zanzibar is the target" and row["quote"] is None
    assert row["content_key"] != before["content_key"]
    assert row["search_key"] != before["search_key"]
    assert row["created_at"] == before["created_at"] and row["updated_at"] > before["updated_at"]
    assert fts_ids(seeded.db, "zanzibar") == [21]
    assert seeded("check").exit_code == 0  # includes FTS5's own integrity-check


def test_edit_to_the_same_values_changes_nothing(seeded: Cli):
    before = dump(seeded.db)
    result = seeded("claim", "edit", "5", "--topic", "targets", "--act", "asserts")
    assert "unchanged" in result.stderr
    assert dump(seeded.db) == before


def test_edit_clears_optional_fields_and_checks_quotes(seeded: Cli):
    seeded("claim", "edit", "4", "--location", "", "--credibility", "2")
    row = claim_row(seeded, 4)
    assert row["location"] is None and row["credibility"] == 2
    # a new quote that is in the source's text is accepted (normalised match)
    seeded("claim", "edit", "4", "--quote", "الطيران الحربي الروسي")
    assert claim_row(seeded, 4)["quote"] == "الطيران الحربي الروسي"


# -- retract ----------------------------------------------------------------------------------


def test_retract_hides_marks_and_keeps_links(seeded: Cli):
    links_before = json.loads(seeded("claim", "show", "12", "-f", "json").stdout)["links"]
    seeded("--by", "carol", "claim", "retract", "12", "--reason", "activists unverifiable")

    listed = json.loads(seeded("claim", "list", "-f", "json").stdout)
    assert 12 not in {c["id"] for c in listed}
    every = json.loads(seeded("claim", "list", "--include-retracted", "-f", "json").stdout)
    (twelve,) = [c for c in every if c["id"] == 12]
    assert twelve["retracted"] is True and twelve["standing"] == "retracted"
    assert "retracted" in seeded("claim", "list", "--include-retracted").stdout

    report = seeded("report", "-f", "json").stdout
    assert '"id": 12,' not in report
    marked = json.loads(seeded("report", "--include-retracted", "-f", "json").stdout)
    ids = {c["id"]: c for d in marked["disputes"] for s in d["sides"] for c in s["claims"]}
    assert ids[12]["retracted"] is True
    assert "RETRACTED: activists unverifiable" in seeded("report", "--include-retracted").stdout
    markdown = seeded("report", "--include-retracted", "-f", "markdown").stdout
    assert "**retracted**: activists unverifiable" in markdown

    detail = json.loads(seeded("claim", "show", "12", "-f", "json").stdout)
    assert detail["retracted"] is True and detail["links"] == links_before

    (event,) = [e for e in events(seeded) if e["op"] == "retract"]
    assert (event["actor"], event["row_id"]) == ("carol", 12)
    assert event["after"]["retraction_reason"] == "activists unverifiable"
    versions = json.loads(seeded("claim", "history", "12", "-f", "json").stdout)
    assert versions[-1]["op"] == "retract" and versions[-1]["by"] == "carol"


# -- links and the actor ----------------------------------------------------------------------


def test_unlink_records_who_and_when_and_relinking_keeps_the_old_row(seeded: Cli):
    seeded("--by", "dana", "unlink", "18", "5")
    seeded("--by", "erin", "support", "5", "18", "--note", "on reflection")
    link_events = [e for e in events(seeded, "link") if e["op"] in ("link", "unlink")]
    removed, added = link_events[-2:]
    assert (removed["op"], removed["actor"], removed["before"]["relation"]) == (
        "unlink",
        "dana",
        "contradicts",
    )
    assert removed["after"]["removed_by"] == "dana" and removed["after"]["removed_at"]
    assert (added["actor"], added["after"]["relation"]) == ("erin", "supports")
    assert added["row_id"] != removed["row_id"]  # a new row; the removed one is kept
    changes = [
        (v["op"], v["by"], v["changes"][0])
        for v in json.loads(seeded("claim", "history", "18", "-f", "json").stdout)
        if v["op"] in ("unlink", "link") and "#5" in str(v["changes"])
    ]
    assert [(op, by) for op, by, _ in changes] == [
        ("link", getpass.getuser()),
        ("unlink", "dana"),
        ("link", "erin"),
    ]
    assert changes[1][2]["old"].startswith("contradicts #5") and changes[1][2]["new"] is None


def test_actor_from_env_and_default_os_user(cli: Cli):
    cli("entity", "add", "A")
    cli("entity", "add", "B", env={"CLAIMDB_ACTOR": "env-analyst"})
    cli("--by", "flag-analyst", "entity", "add", "C", env={"CLAIMDB_ACTOR": "env-analyst"})
    assert [e["actor"] for e in events(cli)] == [
        getpass.getuser(),
        "env-analyst",
        "flag-analyst",
    ]


def test_every_write_logs_one_event_in_its_transaction(cli: Cli, tmp_path: Path):
    article = tmp_path / "a.txt"
    article.write_text("They said: we strike ISIS only.", encoding="utf-8")
    steps = [
        (("entity", "add", "Russian MoD"), "add", "entity"),
        (("entity", "add", "ISIS"), "add", "entity"),
        (("entity", "alias", "ISIS", "Daesh"), "alias", "entity"),
        (("source", "add", "An article", "--text-file", str(article)), "add", "source"),
        (("claim", "add", "x", "--speaker", "Russian MoD", "--target", "ISIS"), "add", "claim"),
        (("claim", "add", "y", "--speaker", "ISIS", "--target", "Daesh"), "add", "claim"),
        (("contradict", "1", "2"), "link", "link"),
        (("unlink", "1", "2"), "unlink", "link"),
        (("claim", "edit", "1", "--text", "z"), "edit", "claim"),
        (("claim", "retract", "2", "--reason", "wrong"), "retract", "claim"),
    ]
    for args, op, record in steps:
        count = len(events(cli))
        cli(*args)
        new = events(cli)[count:]
        assert [(e["op"], e["record"]) for e in new] == [(op, record)], args


# -- the event log ----------------------------------------------------------------------------


def test_log_lists_every_change_in_every_format(seeded: Cli):
    seeded("--by", "alice", "claim", "edit", "5", "--topic", "strike targets")
    seeded("claim", "retract", "12", "--reason", "unverified")
    rows = json.loads(seeded("log", "-f", "json").stdout)
    assert len(rows) == event_count(seeded)
    assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)
    edit = rows[-2]
    assert (edit["op"], edit["actor"], edit["record"], edit["row_id"]) == (
        "edit",
        "alice",
        "claim",
        5,
    )
    assert edit["before"]["topic"] == "targets" and edit["after"]["topic"] == "strike targets"
    table = seeded("log").stdout
    assert "topic: targets → strike targets" in table and "retract" in table
    parsed = list(csv.DictReader(io.StringIO(seeded("log", "-f", "csv").stdout)))
    assert len(parsed) == len(rows)
    assert json.loads(parsed[-1]["after"])["retraction_reason"] == "unverified"


def test_log_since(seeded: Cli):
    every = json.loads(seeded("log", "-f", "json").stdout)
    assert json.loads(seeded("log", "--since", "2999-01-01", "-f", "json").stdout) == []
    assert json.loads(seeded("log", "--since", "2000-01-01", "-f", "json").stdout) == every
    seeded("claim", "edit", "5", "--topic", "later")
    last = json.loads(seeded("log", "-f", "json").stdout)[-1]["at"]
    since = json.loads(seeded("log", "--since", last, "-f", "json").stdout)
    assert [e["op"] for e in since] == ["edit"]
    # a time with an offset is turned into UTC before comparing
    shifted = last[:19] + "+01:00"
    assert json.loads(seeded("log", "--since", shifted, "-f", "json").stdout) == every + since


@pytest.mark.parametrize(
    ("given_", "stored"),
    [
        ("2015-10-02", "2015-10-02"),
        ("2015-10-02T10:00", "2015-10-02T10:00:00.000000Z"),
        ("2015-10-02 10:00:05Z", "2015-10-02T10:00:05.000000Z"),
        ("2015-10-02T12:00:00+02:00", "2015-10-02T10:00:00.000000Z"),
        ("2015-10-02T10:00:00.5", "2015-10-02T10:00:00.500000Z"),
    ],
)
def test_parse_since(given_, stored):
    assert history.parse_since(given_) == stored


@pytest.mark.parametrize(
    "bad", ["yesterday", "02/10/2015", "2015-13-01", "20151002", "2015-10-02T25:00"]
)
def test_parse_since_refuses(bad):
    with pytest.raises(InvalidInput, match="expected a date"):
        history.parse_since(bad)


# -- property: the log replays to the current record --------------------------------------------

FIELDS = st.sampled_from(["text", "translation", "topic", "location", "said_on", "act"])
VALUES = {
    "text": st.text(min_size=1, max_size=30).filter(lambda s: has_word(s) and "\x00" not in s),
    "translation": st.one_of(st.just(""), st.text(max_size=30).filter(lambda s: "\x00" not in s)),
    "topic": st.one_of(st.just(""), st.sampled_from(["targets", "civilians", "raqqa"])),
    "location": st.one_of(st.just(""), st.sampled_from(["Syria", "Raqqa", "الرقة"])),
    "said_on": st.dates().map(lambda d: d.isoformat()).filter(lambda s: len(s) == 10),
    "act": st.sampled_from(["asserts", "denies", "demands", "concern", "accuses"]),
}
EDITS = st.lists(FIELDS.flatmap(lambda f: st.tuples(st.just(f), VALUES[f])), max_size=6)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EDITS)
def test_replaying_the_log_gives_the_current_claim(edits):
    with tempfile.TemporaryDirectory() as tmp:
        db = Claimdb(str(Path(tmp) / "p.db"), actor="prop")
        try:
            db.add_entity("Speaker")
            db.add_entity("Target")
            claim_id = db.add_claim("first text", "Speaker", "Target", said_on="2015-10-02")
            for field, value in edits:
                db.edit_claim(claim_id, {field: value})
            state: dict = {}
            for e in db.event_log():
                if e["record"] == "claim" and e["row_id"] == claim_id:
                    if e["op"] == "edit":
                        assert e["before"] == state  # each edit starts where the last ended
                    state.update(e["after"])
            with db.store.read() as conn:
                row = claims.get(conn, claim_id)
            assert state == claims.logged(row, [])
            assert db.check().findings == []
        finally:
            db.close()


@pytest.mark.sqlite_only
def test_history_of_a_claim_added_without_an_add_event(seeded: Cli):
    """A bulk import logs one event for the file, not one per claim: the first version
    is then rebuilt from the row (rewinding later edits) and dated when it was created."""
    seeded("claim", "edit", "21", "--topic", "groups")
    seeded.sql("DELETE FROM event WHERE record = 'claim' AND row_id = 21 AND op = 'add'")
    versions = json.loads(seeded("claim", "history", "21", "-f", "json").stdout)
    first, edit = [v for v in versions if v["version"] is not None]
    assert (first["version"], first["op"], first["by"]) == (1, "created", None)
    assert first["at"] == claim_row(seeded, 21)["created_at"]
    assert {"field": "topic", "old": None, "new": "targets"} in first["changes"]
    assert (edit["version"], edit["op"]) == (2, "edit")
