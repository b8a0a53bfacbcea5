"""The bundled seed data set, the demo and the report on it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import SEED, Cli, dump


def _report(cli: Cli) -> dict:
    return json.loads(cli("report", "--format", "json").stdout)


def _pairs(report: dict) -> set[tuple[str, str]]:
    return {(p["a"], p["b"]) for p in report["summary"] if p["contradicts"]}


def test_demo_loads_once_and_shows_the_three_conflicts(cli: Cli):
    first = cli("demo")
    assert "Dispute 1" in first.stdout
    once = dump(cli.db)
    again = cli("demo")
    assert "0 claims" in again.stderr  # nothing new
    assert [line for line in dump(cli.db) if 'INSERT INTO "event"' not in line] == [
        line for line in once if 'INSERT INTO "event"' not in line
    ]
    report = _report(cli)
    speakers = {c["speaker"] for d in report["disputes"] for s in d["sides"] for c in s["claims"]}
    assert len(speakers) >= 5
    pairs = {frozenset(p) for p in _pairs(report)}
    assert frozenset({"Igor Konashenkov", "Joint statement of seven states"}) in pairs
    assert frozenset({"Igor Konashenkov", "Sergei Lavrov"}) in pairs
    assert frozenset({"Russian Ministry of Defence", "Catherine Ray"}) in pairs


def test_each_conflict_has_both_sides_and_lavrov_is_inside_the_russian_camp(seeded: Cli):
    report = _report(seeded)
    for dispute in report["disputes"]:
        side_of = {c["id"]: i for i, s in enumerate(dispute["sides"]) for c in s["claims"]}
        for link in dispute["links"]:
            same = side_of[link["a"]] == side_of[link["b"]]
            assert same == (link["relation"] == "supports")
    (lavrov,) = [
        d
        for d in report["disputes"]
        if any(c["speaker"] == "Sergei Lavrov" for s in d["sides"] for c in s["claims"])
    ]
    assert lavrov["within_camp"] is True
    camps = {c["speaker"]: c["camp"] for s in lavrov["sides"] for c in s["claims"]}
    assert camps["Sergei Lavrov"] == camps["Igor Konashenkov"] == "Russia"
    assert "contradiction inside one camp" in seeded("report").stdout


def test_report_filters(seeded: Cli):
    by_topic = json.loads(seeded("report", "--topic", "targets", "-f", "json").stdout)
    assert len(by_topic["disputes"]) == 1
    by_speaker = json.loads(seeded("report", "--speaker", "لافروف", "-f", "json").stdout)
    assert len(by_speaker["disputes"]) == 1
    later = json.loads(seeded("report", "--since", "2016-01-01", "-f", "json").stdout)
    assert later["disputes"] == []
    markdown = seeded("report", "--format", "markdown").stdout
    assert markdown.startswith("# Contradiction report") and "## Dispute 2" in markdown
    rows = seeded("report", "--format", "csv").stdout.splitlines()
    assert rows[0].startswith("dispute,side,voices,id,speaker")


def test_report_to_file(seeded: Cli, tmp_path):
    out = tmp_path / "r.md"
    seeded("report", "--format", "markdown", "--output", str(out))
    assert "Sergei Lavrov" in out.read_text(encoding="utf-8")


def test_seed_load_is_all_or_nothing_with_file_and_line(cli: Cli, tmp_path):
    broken = tmp_path / "broken.toml"
    text = SEED.read_text(encoding="utf-8").replace('speaker = "lavrov"', 'speaker = "lavrof"', 1)
    broken.write_text(text, encoding="utf-8")
    (tmp_path / "rt-arabic-2015-10-02-russian-strikes-syria.txt").write_bytes(
        (SEED.parent / "rt-arabic-2015-10-02-russian-strikes-syria.txt").read_bytes()
    )
    cli("init")
    before = dump(cli.db)
    line = cli.fails("load", str(broken))
    number = next(i for i, row in enumerate(text.splitlines(), 1) if '"lavrof"' in row)
    header = max(i for i, row in enumerate(text.splitlines()[:number], 1) if row == "[[claim]]")
    assert f"{broken}:{header}:" in line and "lavrof" in line
    assert dump(cli.db) == before
    bad_quote = tmp_path / "bad_quote.toml"
    bad_quote.write_text(
        text.replace('"lavrof"', '"lavrov"').replace(
            "quote = '", "quote = 'NOT IN THE ARTICLE ", 1
        ),
        encoding="utf-8",
    )
    assert "not found in the text" in cli.fails("load", str(bad_quote))
    not_toml = tmp_path / "x.toml"
    not_toml.write_text("[[claim]]\nkey = \n", encoding="utf-8")
    assert f"{not_toml}:2:" in cli.fails("load", str(not_toml))
    assert dump(cli.db) == before


def test_demo_in_a_real_process(tmp_path):
    env = {**os.environ, "CLAIMDB_DB": str(tmp_path / "p.db"), "COLUMNS": "120"}
    done = subprocess.run(
        [sys.executable, "-m", "claimdb", "demo"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Sergei Lavrov" in done.stdout and "Who contradicts whom" in done.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "claimdb", "claim", "show", "4242"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 1 and bad.stderr.strip() == "error: claim #4242: no such claim"
