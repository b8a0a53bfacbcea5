"""The core contract through the real CLI on real SQLite files."""

from __future__ import annotations

import json

import pytest

from claimdb import __version__
from tests.conftest import Cli, dump


def tour(cli: Cli) -> tuple[str, str]:
    cli(
        "entity",
        "add",
        "Russian Ministry of Defence",
        "--kind",
        "ministry",
        "--alias",
        "Russian MoD",
        "--alias",
        "وزارة الدفاع الروسية",
    )
    cli(
        "entity",
        "add",
        "Igor Konashenkov",
        "--kind",
        "person",
        "--parent",
        "Russian MoD",
        "--alias",
        "كوناشينكوف",
    )
    cli("entity", "add", "France", "--kind", "state")
    cli("entity", "add", "Joint statement", "--kind", "coalition", "--member", "France")
    cli("entity", "add", "ISIS", "--alias", "داعش")
    a = cli(
        "claim",
        "add",
        "الطيران الروسي يهدف إلى تدمير البنى التحتية لتنظيم داعش حصرا",
        "--speaker",
        "كوناشينكوف",
        "--target",
        "ISIS",
        "--said-on",
        "2015-10-02",
        "--translation",
        "Russian aviation aims exclusively at ISIS infrastructure",
        "--topic",
        "targets",
    ).stdout.strip()
    b = cli(
        "claim",
        "add",
        "Russian strikes were not aimed at ISIS",
        "--speaker",
        "joint statement",
        "--target",
        "isis",
        "--act",
        "accuses",
        "--said-on",
        "2015-10-02",
        "--topic",
        "targets",
    ).stdout.strip()
    return a, b


def test_tour_add_link_report(cli: Cli):
    a, b = tour(cli)
    assert a.isdigit() and b.isdigit() and a != b
    assert cli("contradict", a, f"#{b}", "--note", "exclusively vs not").stdout.strip()
    data = json.loads(cli("report", "--format", "json").stdout)
    (dispute,) = data["disputes"]
    sides = [[c["speaker"] for c in side["claims"]] for side in dispute["sides"]]
    assert sides == [["Igor Konashenkov"], ["Joint statement"]]
    claim = dispute["sides"][0]["claims"][0]
    for key in (
        "id",
        "speaker",
        "target",
        "text",
        "quote",
        "translation",
        "lang",
        "act",
        "said_on",
        "source",
        "topic",
        "location",
    ):
        assert key in claim
    assert claim["camp"] == "Russian Ministry of Defence"
    assert dispute["links"][0]["note"] == "exclusively vs not"
    assert data["summary"] == [
        {"a": "Igor Konashenkov", "b": "Joint statement", "contradicts": 1, "supports": 0}
    ]
    table = cli("report").stdout
    assert "Igor Konashenkov" in table and "Joint statement" in table
    assert "exclusively vs not" in table
    assert "Who contradicts whom" in table


def test_claim_add_prints_id_and_show_accepts_hash(cli: Cli):
    a, _ = tour(cli)
    shown = json.loads(cli("claim", "show", f"#{a}", "--format", "json").stdout)
    assert shown["id"] == int(a) and shown["speaker"] == "Igor Konashenkov"


def test_listings_in_every_format(cli: Cli):
    tour(cli)
    rows = json.loads(cli("claim", "list", "--format", "json").stdout)
    assert [r["speaker"] for r in rows] == ["Igor Konashenkov", "Joint statement"]
    csv_out = cli("claim", "list", "--format", "csv").stdout.splitlines()
    assert csv_out[0].startswith("id,speaker") and len(csv_out) == 3
    ents = json.loads(cli("entity", "list", "--format", "json").stdout)
    assert {e["name"] for e in ents} >= {"ISIS", "Joint statement"}
    shown = json.loads(cli("entity", "show", "داعش", "--format", "json").stdout)
    assert shown["name"] == "ISIS" and shown["claims_about"] == 2
    speakers = json.loads(cli("speakers", "--format", "json").stdout)
    assert {s["speaker"] for s in speakers} == {"Igor Konashenkov", "Joint statement"}
    assert "Entities" in cli("entity", "list").stdout


def test_filters_by_speaker_name_in_any_script(cli: Cli):
    tour(cli)
    rows = json.loads(cli("claim", "list", "--speaker", "كوناشينكوف", "-f", "json").stdout)
    assert [r["speaker"] for r in rows] == ["Igor Konashenkov"]


def test_entity_alias_and_camp(cli: Cli):
    tour(cli)
    cli("entity", "alias", "Igor Konashenkov", "Konashenkov")
    shown = json.loads(cli("entity", "show", "konashenkov", "-f", "json").stdout)
    assert shown["camp"] == "Russian Ministry of Defence"
    assert "Konashenkov" in shown["aliases"]


def test_source_quote_checked_against_text(cli: Cli, tmp_path):
    tour(cli)
    text = tmp_path / "article.txt"
    text.write_text("The ministry said: we hit ISIS only. Others disagreed.", encoding="utf-8")
    source = cli(
        "source", "add", "An article", "--text-file", str(text), "--published", "2015-10-02"
    ).stdout.strip()
    ok = cli(
        "claim",
        "add",
        "we hit ISIS only",
        "--speaker",
        "Russian MoD",
        "--target",
        "ISIS",
        "--source",
        source,
        "--quote",
        "we hit ISIS only",
    )
    assert ok.stdout.strip().isdigit()
    before = dump(cli.db)
    line = cli.fails(
        "claim",
        "add",
        "we hit nobody",
        "--speaker",
        "Russian MoD",
        "--target",
        "ISIS",
        "--source",
        source,
        "--quote",
        "we hit nobody",
    )
    assert "not found in the text of source" in line
    assert dump(cli.db) == before


def test_markup_and_escapes_are_data(cli: Cli):
    tour(cli)
    cli(
        "claim",
        "add",
        "[bold red]x[/] and [/] \x1b[31mred",
        "--speaker",
        "ISIS",
        "--target",
        "ISIS",
    )
    out = cli("claim", "list").stdout
    assert "[bold red]x[/]" in out and "[/]" in out
    assert "\x1b[31m" not in out and "\\x1b[31mred" in out
    rows = json.loads(cli("claim", "list", "-f", "json").stdout)
    assert rows[-1]["text"] == "[bold red]x[/] and [/] \x1b[31mred"


def test_version_and_info(cli: Cli):
    assert cli("--version").stdout.strip() == f"claimdb {__version__}"
    tour(cli)
    info = json.loads(cli("info", "--format", "json").stdout)
    assert info["claims"] == 2 and info["entities"] == 5 and info["schema_version"] >= 1
    assert info["database"] == cli.display  # the path, or the URL with its password masked


def test_default_database_from_env_then_user_dir(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from claimdb.cli import app

    runner = CliRunner()
    target = tmp_path / "env" / "x.db"
    monkeypatch.setenv("CLAIMDB_DB", str(target))
    runner.invoke(app, ["entity", "add", "A"])
    assert target.exists()
    monkeypatch.delenv("CLAIMDB_DB")
    result = runner.invoke(app, ["info", "-f", "json"])
    where = json.loads(result.stdout)["database"]
    assert where.startswith(str(tmp_path / "xdg")) and where.endswith("claims.db")


# -- bad input: one line on stderr, exit 1, database unchanged ---------------------------


BAD = [
    (("claim", "add", "x", "--speaker", "Lavrof", "--target", "ISIS"), "unknown speaker"),
    (
        ("claim", "add", "x", "--speaker", "Nobody At All Here", "--target", "ISIS"),
        "--create-entities",
    ),
    (("claim", "add", "", "--speaker", "ISIS", "--target", "ISIS"), "empty text"),
    (("claim", "add", "   ", "--speaker", "ISIS", "--target", "ISIS"), "empty text"),
    (
        ("claim", "add", "x", "--speaker", "ISIS", "--target", "ISIS", "--said-on", "2015-13-01"),
        "YYYY-MM-DD",
    ),
    (
        ("claim", "add", "x", "--speaker", "ISIS", "--target", "ISIS", "--said-on", "yesterday"),
        "YYYY-MM-DD",
    ),
    (("claim", "add", "x", "--speaker", "ISIS", "--target", "ISIS", "--act", "shouts"), "act"),
    (("claim", "show", "999"), "#999"),
    (("claim", "show", "abc"), "expected a number"),
    (("contradict", "1", "1"), "itself"),
    (("contradict", "1", "2"), "already linked"),
    (("support", "1", "2"), "other way"),
    (("unlink", "1", "999"), "#999"),
    (("entity", "add", "ISIS"), "exists already"),
    (("entity", "add", "X", "--parent", "Nowhere Land"), "unknown parent"),
    (("report", "--since", "02/10/2015"), "YYYY-MM-DD"),
]


@pytest.mark.parametrize(("args", "expected"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input(cli: Cli, args, expected):
    a, b = tour(cli)
    assert (a, b) == ("1", "2")
    cli("contradict", "1", "2", "--note", "n")
    before = dump(cli.db)
    line = cli.fails(*args)
    assert expected in line
    assert dump(cli.db) == before


def test_near_name_is_offered_never_guessed(cli: Cli):
    tour(cli)
    line = cli.fails("claim", "add", "x", "--speaker", "Russian MoDD", "--target", "ISIS")
    assert "did you mean" in line and "Russian MoD" in line
    assert json.loads(cli("claim", "list", "-f", "json").stdout)[-1]["text"] != "x"


def test_create_entities_on_purpose(cli: Cli):
    cli(
        "claim",
        "add",
        "x",
        "--speaker",
        "New Speaker",
        "--target",
        "New Target",
        "--create-entities",
    )
    names = {e["name"] for e in json.loads(cli("entity", "list", "-f", "json").stdout)}
    assert names == {"New Speaker", "New Target"}


def test_db_that_is_not_sqlite(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello, not a database\n" * 10)
    line = Cli(text).fails("claim", "list")
    assert "not a SQLite database" in line and str(text) in line
    assert text.read_text() == "hello, not a database\n" * 10
    line = Cli(tmp_path).fails("claim", "list")
    assert "directory" in line


def test_newer_schema_is_refused(cli: Cli):
    tour(cli)
    cli.sql("INSERT INTO schema_version VALUES (999, '2030-01-01T00:00:00Z')")
    before = dump(cli.db)
    line = cli.fails("claim", "list")
    assert "999" in line and "newer" in line
    assert dump(cli.db) == before


def test_usage_error_exits_2(cli: Cli):
    result = cli("claim", "add", ok=False)
    assert result.exit_code == 2


def test_unlink_then_link_again_and_init_is_idempotent(cli: Cli):
    a, b = tour(cli)
    cli("support", a, b, "--note", "first thought")
    cli("unlink", b, a)
    assert json.loads(cli("report", "-f", "json").stdout)["disputes"] == []
    assert "No disputes" in cli("report").stdout
    cli("contradict", a, b)
    assert len(json.loads(cli("report", "-f", "json").stdout)["disputes"]) == 1
    before = dump(cli.db)
    assert "schema version" in cli("init").stderr
    assert dump(cli.db) == before
