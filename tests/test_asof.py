"""``report --as-of`` and ``claim show --as-of``: what the database held at a past time,
rebuilt from the rows and the event log, checked against what the live commands printed
at that time."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimdb.analysis.asof import STAMP, parse_at
from claimdb.errors import InvalidInput
from tests.conftest import Cli

SHOWN = ("5", "18", "21")


def last_event_at(cli: Cli) -> str:
    return json.loads(cli("log", "-f", "json").stdout)[-1]["at"]


def snapshot(cli: Cli, *extra: str) -> dict:
    """What the live commands print now (or ``extra`` = ('--as-of', T): then)."""
    out = {"report": json.loads(cli("report", "-f", "json", *extra).stdout)}
    out["targets"] = json.loads(cli("report", "-f", "json", "--topic", "targets", *extra).stdout)
    for claim_id in SHOWN:
        out[claim_id] = json.loads(cli("claim", "show", claim_id, "-f", "json", *extra).stdout)
    return out


def claims_of(report: dict) -> dict[int, str]:
    return {
        c["id"]: c["standing"] for d in report["disputes"] for s in d["sides"] for c in s["claims"]
    }


def test_each_snapshot_is_what_the_database_held_then(seeded: Cli) -> None:
    seen: list[tuple[str, dict]] = [(last_event_at(seeded), snapshot(seeded))]

    def step(*commands: tuple[str, ...]) -> None:
        for command in commands:
            seeded(*command)
        seen.append((last_event_at(seeded), snapshot(seeded)))

    step(("claim", "edit", "5", "--translation", "Russian aviation aims mainly at ISIS."))
    step(("support", "1", "12", "--note", "activists saw the sorties"), ("unlink", "21", "5"))
    step(("claim", "retract", "18", "--reason", "withdrawn by the analyst"))
    step(("claim", "grade", "5", "2"), ("source", "grade", "1", "B"))
    new = seeded("claim", "add", "New", "--speaker", "Activists", "--target", "ISIS").stdout
    step(("contradict", new.strip(), "4"))

    for at, then in seen:
        assert snapshot(seeded, "--as-of", at) == then, at

    s0, s1, s2, s3, s4, s5 = [then for _, then in seen]
    # the snapshots really differ where each step says they should
    assert (
        s0["5"]["translation"] != s1["5"]["translation"] == "Russian aviation aims mainly at ISIS."
    )
    assert [x["claim"] for x in s1["5"]["links"]] == [18, 20, 21]
    assert [x["claim"] for x in s2["5"]["links"]] == [18, 20]
    assert (s1["21"]["standing"], s2["21"]["standing"]) == (
        "disputed-within-camp",
        "uncorroborated",
    )
    assert 1 not in claims_of(s1["report"]) and claims_of(s2["report"])[1] == "corroborated"
    assert (s2["18"]["retracted"], s3["18"]["retracted"]) == (False, True)
    assert s3["18"]["standing"] == "retracted"
    assert (s3["5"]["grade"], s4["5"]["grade"]) == (None, "B2")
    assert s4["report"] != s5["report"]
    seeded.fails("claim", "show", new.strip(), "--as-of", seen[4][0])


def test_before_anything_the_database_was_empty(seeded: Cli) -> None:
    assert json.loads(seeded("report", "-f", "json", "--as-of", "2000-01-01").stdout) == {
        "disputes": [],
        "summary": [],
    }
    line = seeded.fails("claim", "show", "5", "--as-of", "2000-01-01")
    assert "did not exist yet" in line


def test_a_date_means_the_end_of_that_day(seeded: Cli) -> None:
    today = last_event_at(seeded)[:10]
    assert snapshot(seeded, "--as-of", today) == snapshot(seeded)
    assert "Dispute 1" in seeded("report", "--as-of", today).stdout


@pytest.mark.parametrize("bad", ["yesterday", "2015-13-01", "2015-10-02T25:00", "02/10/2015"])
def test_bad_as_of_is_one_error_line(seeded: Cli, bad: str) -> None:
    assert "--as-of" in seeded.fails("report", "--as-of", bad)
    assert "--as-of" in seeded.fails("claim", "show", "5", "--as-of", bad)


@pytest.mark.parametrize(
    ("given_", "stored"),
    [
        ("2015-10-02", "2015-10-02T23:59:59.999999Z"),
        ("2015-10-02T14:30", "2015-10-02T14:30:00.000000Z"),
        ("2015-10-02 14:30:05Z", "2015-10-02T14:30:05.000000Z"),
        ("2015-10-02T03:00:00+03:00", "2015-10-02T00:00:00.000000Z"),
        ("2015-10-02T00:00:00.5-01:00", "2015-10-02T01:00:00.500000Z"),
    ],
)
def test_parse_at(given_: str, stored: str) -> None:
    assert parse_at(given_) == stored


ZONES = [UTC, *(timezone(timedelta(hours=h)) for h in (-11, -3, 5, 14))]


@given(st.datetimes(datetime(1900, 1, 2), datetime(2200, 1, 1), timezones=st.sampled_from(ZONES)))
def test_parse_at_round_trips_any_aware_time(when: datetime) -> None:
    assert parse_at(when.isoformat()) == when.astimezone(UTC).strftime(STAMP)


def test_parse_at_refuses_garbage() -> None:
    with pytest.raises(InvalidInput, match="--as-of"):
        parse_at("soon")
