"""ClaimReview in: JSON-LD and Fact Check Tools JSON become claims with verdicts, all or
nothing; a real fact check round-trips; verdicts show in every view, apart from standing."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from claimdb.db import migrations
from tests.conftest import Cli, dump, query
from tests.schemaorg import google_problems, problems

FIXTURE = Path(__file__).parent / "fixtures" / "claimreview-politifact-schemaorg.json"
VERDICTS_FROM = 4  # the schema version that added the verdict table
DESK = ("--review-url", "https://desk.example/r", "--review-author", "Fact desk")

# The shape of the Google Fact Check Tools API (claims:search); values made up.
FACT_CHECK_TOOLS = {
    "claims": [
        {
            "text": "Strikes hit only ISIS positions",
            "claimant": "Igor Konashenkov",
            "claimDate": "2015-10-02T00:00:00Z",
            "claimReview": [
                {
                    "publisher": {"name": "Desk One", "site": "one.example"},
                    "url": "https://one.example/check/1",
                    "title": "Did the strikes hit only ISIS?",
                    "reviewDate": "2015-10-05T00:00:00Z",
                    "textualRating": "Mostly false",
                    "languageCode": "en",
                },
                {
                    "publisher": {"name": "Desk Two", "site": "two.example"},
                    "url": "https://two.example/fc/9",
                    "title": "Strikes and targets",
                    "reviewDate": "2015-10-06T00:00:00Z",
                    "textualRating": "False",
                    "languageCode": "en",
                },
            ],
        },
        {
            "text": "No Russian ground troops",
            "claimant": "Sergei Lavrov",
            "claimReview": [
                {
                    "publisher": {"name": "Desk One"},
                    "url": "https://one.example/check/2",
                    "textualRating": "Unproven",
                }
            ],
        },
    ]
}


def review(**changes) -> dict:
    """One ClaimReview object (JSON-LD), changed as given."""
    item = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://factcheck.example/a",
        "name": "Were the strikes precise?",
        "datePublished": "2015-10-04",
        "author": {"@type": "Organization", "name": "Fact Check Example"},
        "claimReviewed": "The strikes were absolutely precise",
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Igor Konashenkov"},
            "datePublished": "2015-10-02",
            "about": {"@type": "Thing", "name": "ISIS"},
            "appearance": {"@type": "CreativeWork", "url": "https://rt.example/a"},
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": "2",
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": "Mostly false",
            "ratingExplanation": "Civilian sites were hit.",
        },
    }
    for key, value in changes.items():
        *path, last = key.split(".")
        node = item
        for part in path:
            node = node[part]
        if value is None:
            node.pop(last, None)
        else:
            node[last] = value
    return item


def write_json(path: Path, data) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def records(db) -> dict[str, list[tuple]]:
    """The records a ClaimReview import writes, by content (not ids or times)."""
    return {
        "entities": sorted(query(db, "SELECT name, kind FROM entity")),
        "sources": sorted(
            query(db, "SELECT title, publisher, url, published_on, lang, reliability FROM source")
        ),
        "claims": sorted(
            query(
                db,
                "SELECT sp.name, tg.name, c.text, c.said_on, c.lang, s.url FROM claim c "
                "JOIN entity sp ON sp.id = c.speaker_id JOIN entity tg ON tg.id = c.target_id "
                "LEFT JOIN source s ON s.id = c.source_id",
            )
        ),
        "verdicts": sorted(
            query(
                db,
                "SELECT c.text, s.url, v.rating, v.rating_value, v.best_rating, v.worst_rating, "
                "v.explanation FROM verdict v JOIN claim c ON c.id = v.claim_id "
                "JOIN source s ON s.id = v.source_id",
            )
        ),
    }


def test_a_real_fact_check_round_trips(cli: Cli, tmp_path: Path, backend: str):
    result = cli("import", str(FIXTURE), "--create-entities")
    assert "added 1 entity, 1 source, 1 claim, 1 verdict" in result.stderr
    first = records(cli.db)
    assert first["verdicts"] == [
        (
            'More than 3,000 homicides were committed by "illegal aliens" over the past six years.',
            "http://www.politifact.com/texas/statements/2014/jul/23/rick-perry/"
            "rick-perry-claim-about-3000-homicides-illegal-immi/",
            "True", 1.0, 6.0, None, None,
        )
    ]  # fmt: skip
    assert first["entities"] == [("Rich Perry", "person")]
    exported = tmp_path / "out.json"
    cli("export", "-f", "claimreview", *DESK, "-o", str(exported))
    for item in json.loads(exported.read_text(encoding="utf-8")):
        assert problems(item) == []
    again = Cli(tmp_path / "again.db")
    again("import", str(exported), "--create-entities")
    assert records(again.db) == first  # import → export → import: the same records
    before = dump(cli.db)
    assert "nothing new; 3 records already present" in cli("import", str(exported)).stderr
    assert dump(cli.db) == before


def test_every_shape_comes_in(cli: Cli, tmp_path: Path):
    cli("init")
    graph = {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, review()]}
    cli("import", str(write_json(tmp_path / "graph.json", graph)), "--create-entities")
    assert len(query(cli.db, "SELECT id FROM verdict")) == 1
    other = review(url="https://factcheck.example/b", claimReviewed="Only ISIS was hit")
    shapes = {
        "one.json": other,
        "list.json": [other],
        "feed.json": {"@type": "DataFeed", "dataFeedElement": [
            {"@type": "DataFeedItem", "item": [other]}]},
    }  # fmt: skip
    for name, data in shapes.items():
        cli("import", str(write_json(tmp_path / name, data)), "--create-entities")
    assert len(query(cli.db, "SELECT id FROM verdict")) == 2  # the same review three times
    cli("check")


def test_fact_check_tools_json(seeded: Cli, tmp_path: Path):
    path = write_json(tmp_path / "fct.json", FACT_CHECK_TOOLS)
    result = seeded("import", "-f", "claimreview", "-", input=path.read_text(encoding="utf-8"))
    assert "added 3 sources, 2 claims, 3 verdicts" in result.stderr  # the speakers are known
    rows = query(
        seeded.db,
        "SELECT c.text, s.publisher, v.rating, s.published_on FROM verdict v "
        "JOIN claim c ON c.id = v.claim_id JOIN source s ON s.id = v.source_id ORDER BY v.id",
    )
    assert rows == [
        ("Strikes hit only ISIS positions", "Desk One", "Mostly false", "2015-10-05"),
        ("Strikes hit only ISIS positions", "Desk Two", "False", "2015-10-06"),
        ("No Russian ground troops", "Desk One", "Unproven", None),
    ]
    assert query(seeded.db, "SELECT reliability FROM source WHERE publisher = 'Desk Two'") == [
        (None,)
    ]  # the fact-checker's reliability is the analyst's to set
    assert "nothing new" in seeded("import", str(path)).stderr


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("{not json", "not valid JSON: Expecting property name enclosed in double quotes"),
        ([review(), review(claimReviewed=None)], "review 2: claimReviewed: missing"),
        (
            [review(**{"reviewRating.ratingValue": "high"})],
            "review 1: reviewRating.ratingValue: 'high' is not a number",
        ),
        (
            [review(), review(**{"itemReviewed.author": {"@type": "Person", "name": "Nobody"}})],
            "review 2: claim: unknown speaker 'Nobody'",
        ),
        (
            [review(**{"itemReviewed.author": {"@type": "Person", "name": "Konashenkof"}})],
            "did you mean",
        ),
        ([review(**{"reviewRating.alternateName": None})], "review 1: reviewRating"),
        ({"@type": "WebPage"}, "no ClaimReview found"),
    ],
)
def test_bad_input_is_one_error_naming_the_review(seeded: Cli, tmp_path: Path, data, expected):
    path = tmp_path / "bad.json"
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        write_json(path, data)
    before = dump(seeded.db)
    error = seeded.fails("import", str(path))
    assert error.startswith(f"error: {path}") and expected in error, error
    assert dump(seeded.db) == before


def test_verdicts_show_in_every_view_apart_from_standing(seeded: Cli, tmp_path: Path):
    claim_5 = query(seeded.db, "SELECT text, said_on FROM claim WHERE id = 5")[0]
    item = review(claimReviewed=claim_5[0], **{"itemReviewed.datePublished": claim_5[1]})
    seeded("import", str(write_json(tmp_path / "r.json", item)))
    label = "Fact Check Example: Mostly false (2 on 1–5), 2015-10-04"

    shown = json.loads(seeded("claim", "show", "5", "-f", "json").stdout)
    assert shown["standing"] == "contested"  # the links decide standing; a verdict does not
    assert shown["verdicts"][0]["rating"] == "Mostly false"
    assert shown["verdicts"][0]["reviewer"] == "Fact Check Example"
    assert "Fact Check Example: Mostly false" in seeded("claim", "show", "5").stdout
    ((created, judged),) = query(
        seeded.db,
        "SELECT c.created_at, v.created_at FROM claim c JOIN verdict v ON v.claim_id = c.id",
    )
    assert created < judged
    for at, count in ((created, 0), (judged, 1)):  # as of then: the verdicts recorded by then
        then = json.loads(seeded("claim", "show", "5", "--as-of", at, "-f", "json").stdout)
        assert len(then["verdicts"]) == count
    report = json.loads(seeded("report", "-f", "json").stdout)
    mine = [c for d in report["disputes"] for s in d["sides"] for c in s["claims"] if c["id"] == 5]
    assert mine[0]["verdicts"][0]["rating_value"] == 2 and mine[0]["standing"] == "contested"
    assert f"verdict of {label}" in seeded("report", "-f", "markdown").stdout
    rows = list(csv.DictReader(io.StringIO(seeded("report", "-f", "csv").stdout)))
    assert [r["verdicts"] for r in rows if r["id"] == "5"] == [label]
    rows = list(csv.DictReader(io.StringIO(seeded("export", "-f", "csv").stdout)))
    assert [r["verdicts"] for r in rows if r["verdicts"]] == [label]
    html = seeded("report", "-f", "html").stdout
    assert '<p class="verdict">verdict of <span dir="auto">Fact Check Example</span>' in html
    assert 'href="https://factcheck.example/a"' in html
    reviews = json.loads(
        seeded("export", "-f", "claimreview", *DESK, "--speaker", shown["speaker"]).stdout
    )
    theirs = [r for r in reviews if r["url"] == "https://factcheck.example/a"]
    assert theirs and theirs[0]["reviewRating"]["alternateName"] == "Mostly false"
    assert theirs[0]["itemReviewed"]["creativeWorkStatus"]["name"] == "contested"
    for r in reviews:
        assert problems(r) == [] and not [p for p in google_problems(r) if "required" in p]


def test_jsonl_keeps_verdicts(seeded: Cli, tmp_path: Path):
    seeded("import", str(write_json(tmp_path / "r.json", review())), "--create-entities")
    exported = seeded("export").stdout
    lines = [json.loads(line) for line in exported.splitlines()]
    (verdict,) = [r for r in lines if r["type"] == "verdict"]
    assert verdict["rating"] == "Mostly false" and verdict["rating_value"] == 2
    keys = {r.get("key") for r in lines}
    assert verdict["claim"] in keys and verdict["source"] in keys
    copy = Cli(tmp_path / "copy.db")
    copy("import", "-", input=exported)
    assert copy("export").stdout == exported  # lossless, verdicts included
    assert records(copy.db)["verdicts"] == records(seeded.db)["verdicts"]


@pytest.mark.sqlite_only
def test_a_database_from_before_verdicts_is_upgraded_and_takes_them(cli: Cli, tmp_path: Path):
    before = VERDICTS_FROM - 1
    cli("init")
    conn = sqlite3.connect(cli.db)
    with conn:
        conn.execute("DROP TABLE verdict")
        conn.execute(f"UPDATE schema_version SET version = {before}")
    conn.close()
    cli("import", str(FIXTURE), "--create-entities")
    assert query(cli.db, "SELECT max(version) FROM schema_version") == [(migrations.CURRENT,)]
    assert (tmp_path / f"claims.db.v{before}.bak").exists()
    assert query(cli.db, "SELECT rating FROM verdict") == [("True",)]
