"""Standing, independence, the reported-speech chain and Admiralty grading, through the CLI
on the seed data set (#5 Konashenkov "exclusively ISIS", #18 joint "not aimed at ISIS",
#21 Lavrov "Nusra and other groups", #4 Konashenkov Raqqa command centre, #12 activists)."""

from __future__ import annotations

import json

import pytest

from claimdb.analysis import grading
from claimdb.errors import InvalidInput
from tests.conftest import Cli, dump


def standings(cli: Cli, *args: str) -> dict[int, str]:
    rows = json.loads(cli("claim", "list", "-f", "json", *args).stdout)
    return {r["id"]: r["standing"] for r in rows}


def show(cli: Cli, claim_id: int, *args: str) -> dict:
    return json.loads(cli("claim", "show", str(claim_id), "-f", "json", *args).stdout)


def report(cli: Cli, *args: str) -> dict:
    return json.loads(cli("report", "-f", "json", *args).stdout)


def side_of(data: dict, claim_id: int) -> dict:
    (side,) = [
        s
        for d in data["disputes"]
        for s in d["sides"]
        if claim_id in [c["id"] for c in s["claims"]]
    ]
    return side


def add_claim(cli: Cli, text: str, speaker: str) -> str:
    return cli(
        "claim", "add", text, "--speaker", speaker, "--target", "Russia", "--said-on", "2015-10-03"
    ).stdout.strip()


# --- the done-when checks -------------------------------------------------------------


def test_exclusively_isis_is_contested(seeded: Cli) -> None:
    assert standings(seeded)[5] == "contested"
    assert show(seeded, 5)["standing"] == "contested"


def test_lavrov_against_the_ministry_is_disputed_within_camp(seeded: Cli) -> None:
    got = show(seeded, 21)
    assert got["standing"] == "disputed-within-camp"
    assert [(x["relation"], x["claim"]) for x in got["links"]] == [
        ("contradicts", 5),
        ("supports", 22),
    ]
    dispute = next(d for d in report(seeded)["disputes"] if 21 in _ids(d))
    assert dispute["within_camp"]


def _ids(dispute: dict) -> set[int]:
    return {c["id"] for s in dispute["sides"] for c in s["claims"]}


def test_the_joint_statement_counts_as_one_voice(seeded: Cli) -> None:
    side = side_of(report(seeded), 18)
    speakers = [c["speaker"] for c in side["claims"]]
    assert speakers.count("Joint statement of seven states") == 2
    # European Union, the joint statement (two claims), Lavrov (two claims): three voices.
    assert side["voices"] == 3 == len(set(speakers))


def test_a_member_repeating_the_coalition_is_not_independent(seeded: Cli) -> None:
    before = side_of(report(seeded), 19)["voices"]
    france = add_claim(seeded, "Russian strikes killed civilians", "France")
    seeded("support", france, "19")
    assert side_of(report(seeded), 19)["voices"] == before
    assert standings(seeded)[int(france)] == "uncorroborated"
    seeded("entity", "add", "Syrian Observatory", "--kind", "organisation")
    observer = add_claim(seeded, "Civilians were killed in the strikes", "Syrian Observatory")
    seeded("support", observer, france)
    assert side_of(report(seeded), 19)["voices"] == before + 1
    assert standings(seeded)[int(france)] == "corroborated"


def test_activists_corroborate_the_raqqa_strike_as_an_independent_voice(seeded: Cli) -> None:
    got = standings(seeded)
    # #4 shares a dispute with contested claims (it supports #3) but is not contradicted.
    assert got[4] == got[12] == "corroborated"
    assert show(seeded, 4)["suggested_credibility"] == 2
    seeded("unlink", "4", "12")
    got = standings(seeded)
    assert got[4] == "uncorroborated"  # its other ally, #3, is Konashenkov again: one voice
    assert got[12] == "uncorroborated"


def test_reported_speech_chains(seeded: Cli) -> None:
    assert show(seeded, 18)["chain"] == [
        "RT Arabic",
        "Turkish Ministry of Foreign Affairs",
        "Joint statement of seven states",
    ]
    assert show(seeded, 5)["chain"] == [
        "RT Arabic",
        "Igor Konashenkov",
        "Russian Ministry of Defence",
        "Russia",
    ]
    table = seeded("claim", "show", "5").stdout
    assert "RT Arabic → Igor Konashenkov → Russian Ministry of Defence" in table
    assert (
        "RT Arabic → Turkish Ministry of Foreign Affairs →" in seeded("claim", "show", "18").stdout
    )


def test_a_claim_without_source_or_parent_chains_to_its_speaker(cli: Cli) -> None:
    cli("entity", "add", "Activists", "--kind", "group")
    cli("entity", "add", "ISIS")
    claim_id = cli("claim", "add", "12 killed", "--speaker", "Activists", "--target", "ISIS")
    assert show(cli, int(claim_id.stdout))["chain"] == ["Activists"]


# --- standing in claim list --------------------------------------------------------------


def test_every_claim_has_a_standing_and_the_filter_keeps_only_it(seeded: Cli) -> None:
    everything = standings(seeded)
    assert len(everything) == 24 and all(everything.values())
    for name in ("contested", "disputed-within-camp", "corroborated", "uncorroborated"):
        wanted = {i for i, s in everything.items() if s == name}
        assert set(standings(seeded, "--standing", name)) == wanted, name
    assert set(standings(seeded, "--standing", "contested")) == {2, 3, 5, 17, 18, 19, 20}
    assert list(standings(seeded, "--standing", "contested", "--limit", "2")) == [2, 3]
    assert "contested" in seeded("claim", "list", "--standing", "contested").stdout


def test_standing_retracted_lists_retracted_claims(seeded: Cli) -> None:
    seeded("claim", "retract", "18", "--reason", "test")
    assert standings(seeded, "--standing", "retracted") == {18: "retracted"}
    assert 18 not in standings(seeded)
    assert standings(seeded)[5] == "contested"  # still: #20 contradicts it too


def test_unknown_standing_is_one_error_line(seeded: Cli) -> None:
    line = seeded.fails("claim", "list", "--standing", "confirmed")
    assert "standing 'confirmed'" in line and "disputed-within-camp" in line


# --- grading -----------------------------------------------------------------------------


def events(cli: Cli, op: str) -> list[tuple]:
    logged = json.loads(cli("log", "-f", "json").stdout)
    return [(e["record"], e["row_id"], e["before"], e["after"]) for e in logged if e["op"] == op]


def test_grades_show_as_admiralty_codes_and_are_logged(seeded: Cli) -> None:
    assert show(seeded, 5)["grade"] is None
    seeded("claim", "grade", "5", "3")
    assert show(seeded, 5)["grade"] == "?3"  # the source is not graded yet
    seeded("source", "grade", "1", "c")
    assert show(seeded, 5)["grade"] == "C3"
    assert show(seeded, 18)["grade"] == "C?"
    rows = json.loads(seeded("claim", "list", "-f", "json").stdout)
    assert {r["id"]: r["grade"] for r in rows}[5] == "C3"
    assert "C3" in seeded("report").stdout
    logged = events(seeded, "grade")
    assert [(r, i) for r, i, _, _ in logged] == [("claim", 5), ("source", 1)]
    assert logged[0][2]["credibility"] is None and logged[0][3]["credibility"] == 3
    assert logged[1][2:] == ({"reliability": None}, {"reliability": "C"})
    seeded("claim", "grade", "#5", "none")
    assert show(seeded, 5)["grade"] == "C?"


def test_suggestion_never_overwrites_the_analyst(seeded: Cli) -> None:
    seeded("claim", "grade", "4", "5")
    got = show(seeded, 4)
    assert got["grade"] == "?5"
    assert got["suggested_credibility"] == 2  # corroborated, but the analyst says 5
    assert show(seeded, 21)["suggested_credibility"] == 4  # disputed within its camp


def test_grading_a_publisher_grades_all_its_sources(seeded: Cli) -> None:
    seeded("source", "add", "Another RT piece", "--publisher", "RT Arabic")
    result = seeded("source", "grade", "--publisher", "rt arabic", "B")
    assert "source #1 reliability: not graded → B" in result.stderr
    assert "source #2 reliability: not graded → B" in result.stderr
    assert len(events(seeded, "grade")) == 2
    seeded("source", "grade", "--publisher", "RT Arabic", "B")  # the same again
    assert len(events(seeded, "grade")) == 2


@pytest.mark.parametrize(
    "args",
    [
        ("claim", "grade", "5", "7"),
        ("claim", "grade", "5", "high"),
        ("claim", "grade", "99", "2"),
        ("source", "grade", "1", "Z"),
        ("source", "grade", "1"),
        ("source", "grade", "9", "A"),
        ("source", "grade", "--publisher", "Nobody", "A"),
        ("source", "grade", "1", "A", "--publisher", "RT Arabic"),
        ("report", "--min-grade", "G9"),
        ("report", "--sort", "speaker"),
    ],
)
def test_bad_grades_are_one_error_line_and_change_nothing(seeded: Cli, args) -> None:
    before = dump(seeded.db)
    seeded.fails(*args)
    assert dump(seeded.db) == before


def test_report_min_grade_keeps_only_well_graded_claims(seeded: Cli) -> None:
    assert report(seeded, "--min-grade", "B")["disputes"] == []  # nothing graded yet
    seeded("source", "grade", "1", "B")
    assert _all_ids(report(seeded, "--min-grade", "B")) == _all_ids(report(seeded))
    seeded("claim", "grade", "5", "2")
    seeded("claim", "grade", "18", "3")
    seeded("claim", "grade", "21", "4")
    got = report(seeded, "--min-grade", "B3")
    assert _all_ids(got) == {5, 18}
    (dispute,) = got["disputes"]
    assert [s["voices"] for s in dispute["sides"]] == [1, 1]
    assert _all_ids(report(seeded, "--min-grade", "4")) == {5, 18, 21}
    assert report(seeded, "--min-grade", "A")["disputes"] == []


def _all_ids(data: dict) -> set[int]:
    return {i for d in data["disputes"] for i in _ids(d)}


def test_report_sort_by_grade_puts_the_best_graded_first(seeded: Cli) -> None:
    default = [_ids(d) for d in report(seeded)["disputes"]]
    assert 21 in default[1]
    seeded("claim", "grade", "21", "1")
    seeded("claim", "grade", "18", "2")
    data = report(seeded, "--sort", "grade")
    assert 21 in _ids(data["disputes"][0])
    claims = [c["id"] for c in side_of(data, 21)["claims"]]
    assert claims[:2] == [21, 18]


@pytest.mark.parametrize(
    ("grade", "minimum", "ok"),
    [
        ("B2", "B3", True),
        ("B3", "B3", True),
        ("C2", "B3", False),
        ("B4", "B3", False),
        ("B?", "B", True),
        ("B?", "B3", False),
        ("?1", "3", True),
        ("?1", "A", False),
        (None, "6", False),
    ],
)
def test_meets(grade, minimum, ok) -> None:
    assert grading.meets(grade, grading.parse_min_grade(minimum)) is ok


@pytest.mark.parametrize("bad", ["", "AA", "B7", "3B", "G", "0"])
def test_min_grade_refuses(bad: str) -> None:
    with pytest.raises(InvalidInput):
        grading.parse_min_grade(bad)


def test_many_ids_take_one_scan_with_the_same_result(seeded: Cli, monkeypatch) -> None:
    from claimdb.analysis import standing

    expected = standings(seeded, "--include-retracted")
    monkeypatch.setattr(standing, "BIG", 3)
    assert standings(seeded, "--include-retracted") == expected
