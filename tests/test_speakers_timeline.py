"""``speakers --matrix [--camps] [--limit N]`` and ``timeline`` on the seed data set."""

from __future__ import annotations

import csv
import io
import json

from tests.conftest import Cli

KONASHENKOV, JOINT = "Igor Konashenkov", "Joint statement of seven states"


def matrix(cli: Cli, *args: str) -> dict[tuple[str, str], tuple[int, int]]:
    rows = json.loads(cli("speakers", "--matrix", "-f", "json", *args).stdout)
    key = "camp" if "--camps" in args else "speaker"
    return {(r[key], r["with"]): (r["contradicts"], r["supports"]) for r in rows}


def test_matrix_counts_links_between_speakers_both_ways(seeded: Cli) -> None:
    got = matrix(seeded)
    assert got[KONASHENKOV, JOINT] == got[JOINT, KONASHENKOV] == (3, 0)
    assert got["Sergei Lavrov", KONASHENKOV] == (1, 0)
    assert got["Activists", KONASHENKOV] == (0, 1)
    assert got[KONASHENKOV, KONASHENKOV] == (0, 1)  # #4 supports #3: the same speaker
    assert all(got[b, a] == n for (a, b), n in got.items())
    assert sum(c + s for (a, b), (c, s) in got.items() if a <= b) == 12  # every seed link


def test_matrix_by_camp_shows_the_contradiction_inside_russia(seeded: Cli) -> None:
    got = matrix(seeded, "--camps")
    assert got["Russia", "Russia"] == (1, 2)  # Lavrov vs the MoD; two supports inside
    assert got["Russia", JOINT] == (4, 0)
    assert got["Russia", "European Union"] == (2, 0)
    assert got[JOINT, "European Union"] == (0, 2)
    assert got["Russia", "Activists"] == (0, 1)


def test_matrix_leaves_out_retracted_claims(seeded: Cli) -> None:
    seeded("claim", "retract", "18", "--reason", "test")
    assert matrix(seeded)[KONASHENKOV, JOINT] == (2, 0)


def test_matrix_limit_keeps_the_most_active(seeded: Cli) -> None:
    got = matrix(seeded, "--limit", "2")
    assert set(got) == {(KONASHENKOV, KONASHENKOV), (KONASHENKOV, JOINT), (JOINT, KONASHENKOV)}
    table = seeded("speakers", "--matrix", "--limit", "2").stdout
    assert "top 2 of 7 speakers" in table and "Sergei Lavrov" not in table
    assert "3✗" in table and "1✓" in table


def test_matrix_table_fits_the_terminal(seeded: Cli) -> None:
    for width in (60, 80, 120):
        out = seeded("speakers", "--matrix", env={"COLUMNS": str(width)}).stdout
        assert max(len(line) for line in out.splitlines()) <= width, out
    narrow = seeded("speakers", "--matrix", env={"COLUMNS": "80"}).stdout
    assert "of 7 speakers" in narrow  # not all seven fit in 80 columns
    wide = seeded("speakers", "--camps", env={"COLUMNS": "160"}).stdout
    assert "all camps" in wide and "Activists" in wide


def test_matrix_csv(seeded: Cli) -> None:
    rows = list(csv.DictReader(io.StringIO(seeded("speakers", "--camps", "-f", "csv").stdout)))
    assert list(rows[0]) == ["camp", "with", "contradicts", "supports"]
    assert {"camp": "Russia", "with": JOINT, "contradicts": "4", "supports": "0"} in rows


def test_speakers_without_matrix_is_unchanged(seeded: Cli) -> None:
    rows = json.loads(seeded("speakers", "-f", "json").stdout)
    assert {"speaker", "camp", "claims", "contradicts", "supports"} <= set(rows[0])


def timeline(cli: Cli, *args: str) -> list[dict]:
    return json.loads(cli("timeline", "-f", "json", *args).stdout)


def test_timeline_orders_claims_as_they_were_made(seeded: Cli) -> None:
    rows = timeline(seeded)
    ids = [r["id"] for r in rows]
    # Lavrov spoke on Thursday 1 October; then the MoD, Konashenkov ... and the joint
    # statement on the 2nd, in the order they were recorded.
    assert ids == [21, 22, 23, 24, *range(1, 21)]
    assert [r["said_on"] for r in rows] == sorted(r["said_on"] for r in rows)
    assert ids.index(5) < ids.index(18)
    by_id = {r["id"]: r for r in rows}
    assert by_id[5]["contradicts"] == [18, 20, 21] and by_id[5]["supports"] == []
    assert by_id[5]["standing"] == "contested"
    assert by_id[21]["standing"] == "disputed-within-camp"
    assert by_id[4]["supports"] == [3, 12] and by_id[4]["standing"] == "corroborated"
    assert by_id[5]["suggested_credibility"] == 4


def test_timeline_filters(seeded: Cli) -> None:
    assert [r["id"] for r in timeline(seeded, "--topic", "targets")] == [21, 22, 5, 13, 18, 20]
    assert [r["id"] for r in timeline(seeded, "--speaker", "لافروف")] == [21, 22, 23, 24]
    assert {r["id"] for r in timeline(seeded, "--target", "Russia")} == {6, 18, 19, 20, 13}
    assert timeline(seeded, "--topic", "no such topic") == []
    assert "error:" in seeded.fails("timeline", "--speaker", "Nobody At All")


def test_timeline_retracted_claims_only_on_request(seeded: Cli) -> None:
    seeded("claim", "retract", "18", "--reason", "test")
    rows = {r["id"]: r for r in timeline(seeded)}
    assert 18 not in rows and rows[5]["contradicts"] == [20, 21]
    rows = {r["id"]: r for r in timeline(seeded, "--include-retracted")}
    assert rows[18]["standing"] == "retracted" and rows[5]["contradicts"] == [18, 20, 21]


def test_timeline_table_and_csv(seeded: Cli) -> None:
    table = seeded("timeline", "--topic", "targets").stdout
    assert "Timeline" in table and "disputed-within-camp" in table and "✗ #18 #20 #21" in table
    rows = list(csv.DictReader(io.StringIO(seeded("timeline", "-f", "csv").stdout)))
    assert rows[0]["id"] == "21" and rows[0]["contradicts"] == "5"
