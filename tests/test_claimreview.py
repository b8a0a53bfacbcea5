"""ClaimReview out (schema.org JSON-LD): any selection, validated against the vocabulary
and Google's fields; standing kept apart from the rating."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from claimdb.analysis.disputes import STANDINGS
from claimdb.io.claimreview import CREDIBILITY, NOT_RATED, short_text
from tests.conftest import Cli, dump
from tests.schemaorg import google_problems, problems
from tests.test_import_export import SMALL, write

DESK = ("--review-url", "https://desk.example/r", "--review-author", "Fact desk")


def export(cli: Cli, *args: str) -> list[dict]:
    return json.loads(cli("export", "-f", "claimreview", *DESK, *args).stdout)


def test_every_live_claim_is_reviewed_not_only_disputed_ones(seeded: Cli, tmp_path: Path):
    seeded("import", str(write(tmp_path / "s.jsonl", *SMALL)))
    items = export(seeded)
    live = json.loads(seeded("claim", "list", "-f", "json").stdout)
    assert sorted(int(i["url"].rsplit("-", 1)[1]) for i in items) == sorted(c["id"] for c in live)
    assert len(items) == 24 + 2  # the seed and SMALL's two live claims; not the retracted one
    assert export(seeded, "--all") == items
    assert "--all exports every claim" in seeded.fails(
        "export", "-f", "claimreview", *DESK, "--all", "--topic", "x"
    )
    lavrov = json.loads(seeded("claim", "list", "--speaker", "Sergei Lavrov", "-f", "json").stdout)
    assert len(export(seeded, "--speaker", "Sergei Lavrov")) == len(lavrov) == 4


def test_the_export_validates_against_schema_org_and_google(seeded: Cli, tmp_path: Path):
    seeded("import", str(write(tmp_path / "s.jsonl", *SMALL)))
    for short in (False, True):
        items = export(seeded, *(["--short"] if short else []))
        for item in items:
            assert item["@context"] == "https://schema.org" and item["@type"] == "ClaimReview"
            assert problems(item) == [], item
            assert google_problems(item, short=short) == [], item


def test_the_validators_catch_what_they_are_for():
    bad = {
        "@type": "ClaimReview",
        "claimReviewed": "x" * 80,
        "alternateName": "contested",  # a Thing property: allowed, but see the rating below
        "appearance": {"@type": "CreativeWork"},  # a Claim property, not a ClaimReview one
        "reviewRating": {"@type": "Rating", "ratingValue": "high", "standing": "contested"},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Rating"}},
        "url": "not a url",
    }
    found = problems(bad)
    assert "$.appearance: not a property of ClaimReview" in found
    assert any(p.startswith("$.reviewRating.standing: not a schema.org property") for p in found)
    assert any(p.startswith("$.itemReviewed.author: a Rating is not one of") for p in found)
    assert any(p.startswith("$.url: 'not a url'") for p in found)
    google = google_problems(bad, short=True)
    assert "$.reviewRating.alternateName: required by Google" in google
    assert "$.author.url: recommended by Google" in google
    assert "$.claimReviewed: longer than the recommended 75 characters" in google
    assert "$.reviewRating: ratingValue, bestRating and worstRating go together" in google


def test_the_rating_is_the_analysts_credibility_and_standing_stands_apart(
    seeded: Cli, tmp_path: Path
):
    seeded("import", str(write(tmp_path / "s.jsonl", *SMALL)))
    by_text = {i["claimReviewed"]: i for i in export(seeded)}
    mine = by_text["الضربات دقيقة"]  # credibility 2, contradicted by its own speaker
    assert mine["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 4,
        "bestRating": 5,
        "worstRating": 1,
        "name": "Probably true",
        "alternateName": "Probably true",
        "ratingExplanation": "Admiralty credibility 2: probably true, as the analyst graded it.",
    }
    status = mine["itemReviewed"]["creativeWorkStatus"]
    assert status["@type"] == "DefinedTerm" and status["name"] == "disputed-within-camp"
    assert status["inDefinedTermSet"]["name"] == "claimdb standing"
    assert re.fullmatch(
        r"contradicted by #\d+ \(Speaker A\): precise vs missed", status["description"]
    )
    for item in by_text.values():
        rating = item["reviewRating"]
        assert rating["alternateName"] not in STANDINGS  # never the standing
        assert rating["alternateName"] in {NOT_RATED, *(n for n, _ in CREDIBILITY.values())}
        standing = item["itemReviewed"].get("creativeWorkStatus", {"name": "uncorroborated"})
        assert standing["name"] in STANDINGS


def test_appearance_and_author_carry_urls(seeded: Cli, tmp_path: Path):
    seeded("import", str(write(tmp_path / "s.jsonl", *SMALL)))
    by_text = {i["claimReviewed"]: i for i in export(seeded)}
    mine = by_text["الضربات دقيقة"]
    assert mine["author"] == {
        "@type": "Organization", "name": "Fact desk", "url": "https://desk.example/"
    }  # fmt: skip
    reviewed = mine["itemReviewed"]
    assert reviewed["author"] == {"@type": "Person", "name": "Speaker A"}
    assert reviewed["appearance"] == {
        "@type": "CreativeWork", "url": "https://example.org/a", "name": "Article"
    }  # fmt: skip
    assert reviewed["datePublished"] == "2015-10-02"
    rt = by_text[next(t for t in by_text if t.startswith("مقاتلاتها"))]["itemReviewed"]
    assert rt["appearance"]["publisher"] == {"@type": "Organization", "name": "RT Arabic"}
    other = export(seeded, "--review-author-url", "https://desk.example/about")[0]
    assert other["author"]["url"] == "https://desk.example/about"


def test_short_claim_reviewed_is_cut_at_a_word(seeded: Cli):
    items = export(seeded, "--short")
    longer = [i for i in items if "text" in i["itemReviewed"]]
    assert len(longer) >= 9  # the seed's Arabic claims are mostly long
    for item in items:
        short, full = item["claimReviewed"], item["itemReviewed"].get("text", item["claimReviewed"])
        assert len(short) <= 75
        if short != full:
            assert short.endswith("…") and full.startswith(short[:-1].rstrip())
            assert full[len(short) - 1] in " ،,.;:" or not full[len(short) - 1].isalnum()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("short enough", "short enough"),
        ("word " * 20, "word " * 14 + "word…"),
        ("word " * 13 + "wordy " * 3, "word " * 13 + "wordy…"),
        ("x" * 100, "x" * 74 + "…"),
        ("  spaces\n and\tlines  ", "spaces and lines"),
        ("a" * 70 + " tail, of it", "a" * 70 + "…"),
    ],
)
def test_short_text(text: str, expected: str):
    assert short_text(text) == expected
    assert len(short_text(text)) <= 75


def test_an_empty_selection_is_one_error_and_writes_nothing(seeded: Cli, tmp_path: Path):
    out = tmp_path / "reviews.json"
    error = seeded.fails(
        "export", "-f", "claimreview", *DESK, "--topic", "none such", "-o", str(out)
    )
    assert error == "error: no claims to export: no live claim matches the filters"
    assert not out.exists() and not list(tmp_path.glob(".reviews.json*"))
    result = seeded("export", "-f", "claimreview", *DESK, "--topic", "none such", ok=False)
    assert result.exit_code == 1 and result.stdout == ""


def test_an_empty_database_is_told_so(cli: Cli):
    cli("init")
    before = dump(cli.db)
    error = cli.fails("export", "-f", "claimreview", *DESK)
    assert error == "error: no claims to export: the database has none"
    assert dump(cli.db) == before


def test_claimreview_needs_its_options_and_they_need_it(seeded: Cli):
    error = seeded.fails("export", "-f", "claimreview", "--review-url", "https://x.example")
    assert "needs --review-url and --review-author" in error
    assert "apply to --format claimreview only" in seeded.fails("export", "--short")
