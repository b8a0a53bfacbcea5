"""Every write path leaves a sound database: ``claimdb check`` is clean after each, and the
full-text index finds what was written (text, quote and translation alike).

One write path per record kind is the design (claimdb/records/); these tests hold every
command that writes to it, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

from tests.conftest import SEED, Cli

# A word found only in a translation (never in any text or quote of the seed).
ONLY_IN_TRANSLATION = "zanzibarish"


def assert_sound(cli: Cli) -> None:
    """``claimdb check`` passes: no finding, exit 0."""
    result = cli("check", ok=False)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "check: no problems" in result.stderr


def found(cli: Cli, word: str, *options: str) -> list[int]:
    """The ids ``claimdb search`` finds for ``word`` (exact matches only, never fuzzy)."""
    result = cli("search", word, "-f", "json", *options)
    if "fuzzy" in result.stderr:
        return []
    return [hit["id"] for hit in json.loads(result.stdout)]


def claim_ids(cli: Cli, *options: str) -> list[int]:
    return [c["id"] for c in json.loads(cli("claim", "list", "-f", "json", *options).stdout)]


def test_claim_add_entity_alias_and_source(cli: Cli) -> None:
    cli("entity", "add", "Speaker A", "--kind", "person", "--alias", "المتحدث")
    cli("entity", "add", "Ministry B", "--kind", "ministry")
    cli("entity", "alias", "Ministry B", "The Ministry")
    cli("source", "add", "Article", "--publisher", "Wire", "--reliability", "B")
    claim_id = cli(
        "claim", "add", "الضربات دقيقة", "--speaker", "المتحدث", "--target", "The Ministry",
        "--source", "1", "--translation", f"the strikes are {ONLY_IN_TRANSLATION}",
        "--quote", "دقيقة",
    ).stdout.strip()  # fmt: skip
    cli("claim", "add", "Other", "--speaker", "New one", "--target", "Ministry B",
        "--via", "Speaker A", "--create-entities")  # fmt: skip
    assert found(cli, ONLY_IN_TRANSLATION) == [int(claim_id)]
    assert found(cli, "الضربات") == [int(claim_id)]
    assert_sound(cli)


def test_load(cli: Cli) -> None:
    cli("load", str(SEED))
    cli("load", str(SEED))  # again: adds nothing
    assert found(cli, "sorties") == [1]  # a word of a translation
    assert_sound(cli)


JSONL = [
    {"type": "entity", "name": "Speaker A", "kind": "person"},
    {"type": "entity", "name": "Ministry B", "kind": "ministry"},
    {"type": "source", "key": "src", "title": "Article", "text": "He said: strikes are precise."},
    {"type": "claim", "key": "k1", "speaker": "Speaker A", "target": "Ministry B",
     "text": "الضربات دقيقة", "quote": "strikes are precise", "source": "src",
     "translation": f"the strikes are {ONLY_IN_TRANSLATION}", "via": ["Ministry B"]},
    {"type": "claim", "key": "k2", "speaker": "Ministry B", "target": "Speaker A",
     "text": "Strikes missed", "act": "denies", "retraction_reason": "misquoted"},
    {"type": "link", "a": "k1", "b": "k2", "relation": "contradicts"},
]  # fmt: skip


def test_import_jsonl_search_key_holds_text_quote_and_translation(cli: Cli, tmp_path) -> None:
    """The imported search key is the same as ``claim add`` makes: text, quote and
    translation; ``search`` finds a word of each, and ``check`` agrees."""
    path = tmp_path / "small.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in JSONL), "utf-8")
    cli("import", str(path))
    (first,) = [c for c in claim_ids(cli) if c == 1]
    assert found(cli, ONLY_IN_TRANSLATION) == [first]
    assert found(cli, "precise") == [first]  # only in the quote (and the source)
    assert found(cli, "الضربات") == [first]
    assert found(cli, "missed", "--include-retracted") == [2]
    assert_sound(cli)


def test_import_csv(seeded: Cli, tmp_path: Path) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["speaker", "target", "text", "translation", "via", "source"])
    writer.writerow(["Sergei Lavrov", "European Union", "نص جديد", ONLY_IN_TRANSLATION,
                     "Russia", "1"])  # fmt: skip
    path = tmp_path / "claims.csv"
    path.write_text(out.getvalue(), "utf-8")
    before = set(claim_ids(seeded))
    seeded("import", str(path))
    (new,) = set(claim_ids(seeded)) - before
    assert found(seeded, ONLY_IN_TRANSLATION) == [new]
    assert_sound(seeded)


def test_import_claimreview(seeded: Cli, tmp_path: Path) -> None:
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://factcheck.example/zanzibar",
        "author": {"@type": "Organization", "name": "Fact Check Example"},
        "claimReviewed": "Zanzibar strikes were precise",
        "itemReviewed": {"@type": "Claim", "author": {"name": "Sergei Lavrov"}},
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
    }
    path = tmp_path / "review.json"
    path.write_text(json.dumps(review), "utf-8")
    before = set(claim_ids(seeded))
    seeded("import", str(path))
    (new,) = set(claim_ids(seeded)) - before
    assert found(seeded, "zanzibar") == [new]
    assert_sound(seeded)


def test_claim_edit_and_retract(seeded: Cli) -> None:
    seeded("claim", "edit", "3", "--translation", f"now {ONLY_IN_TRANSLATION}", "--topic", "x")
    assert found(seeded, ONLY_IN_TRANSLATION) == [3]
    seeded("claim", "edit", "3", "--text", "قول آخر تماما", "--quote", "")
    assert found(seeded, "تماما") == [3]
    assert_sound(seeded)
    seeded("claim", "retract", "3", "--reason", "misquoted")
    assert 3 not in claim_ids(seeded)
    assert found(seeded, ONLY_IN_TRANSLATION) == []
    assert found(seeded, ONLY_IN_TRANSLATION, "--include-retracted") == [3]
    assert_sound(seeded)


def test_grades(seeded: Cli) -> None:
    seeded("claim", "grade", "2", "3")
    seeded("source", "grade", "1", "C")
    seeded("source", "grade", "--publisher", "RT Arabic", "B")
    assert_sound(seeded)


def test_entity_merge(seeded: Cli) -> None:
    seeded("entity", "merge", "Igor Konashenkov", "Russian Ministry of Defence")
    seeded("entity", "merge", "France", "Germany")
    assert_sound(seeded)


def test_link_and_unlink(seeded: Cli) -> None:
    seeded("unlink", "1", "2", ok=False)
    seeded("contradict", "1", "20", "--note", "why")
    seeded("unlink", "1", "20")
    seeded("support", "1", "20")
    assert_sound(seeded)


def test_ingest_accept_all(cli: Cli, tmp_path: Path) -> None:
    for name in ("Russian Ministry of Defence", "ISIS", "Activists", "Civilians"):
        cli("entity", "add", name)
    cli("entity", "add", "Catherine Ray", "--kind", "person", "--alias", "Ray")
    path = tmp_path / "paragraph.txt"
    path.write_text(
        "The Russian Ministry of Defence said on Friday that its jets had hit 12 ISIS sites. "
        "Activists denied that the strikes had hit ISIS. Mr Nobody Known said that the "
        "Civilians were hit.\n",
        "utf-8",
    )
    result = cli("ingest", str(path), "--accept-all", "--title", "Wire", "--create-entities")
    assert "wrote" in result.stderr
    assert found(cli, "denied")
    assert_sound(cli)


def test_copy(backend: str, seed_template: Path, tmp_path: Path) -> None:
    """A seeded SQLite file copied to the backend (SQLite file, or PostgreSQL)."""
    source = tmp_path / "source.db"
    a, b = sqlite3.connect(seed_template), sqlite3.connect(source)
    try:
        a.backup(b)
    finally:
        a.close()
        b.close()
    Cli(source)("claim", "edit", "4", "--translation", ONLY_IN_TRANSLATION)
    Cli(source)("copy", "--to", backend)
    copy = Cli(backend if "://" in backend else Path(backend))
    assert found(copy, ONLY_IN_TRANSLATION) == [4]
    assert_sound(copy)


def test_the_import_row_follows_the_claim_columns():
    """The bulk import's row tuple (``claims.row``) puts each value in its column."""
    from claimdb.records import claims

    values = {
        "text": "t",
        "speaker_id": 1,
        "target_id": 2,
        "source_id": 3,
        "said_on": "2015-10-02",
        "act": "denies",
        "lang": "ar",
        "translation": "tr",
        "quote": "q",
        "topic": "to",
        "location": "lo",
        "credibility": 4,
        "retracted_at": "ra",
        "retraction_reason": "rr",
    }
    row, key = claims.row(**values, stamp="st")
    stored = dict(zip(claims.COLUMNS, row, strict=True))
    assert stored == values | {
        "search_key": claims.search_key("t", "q", "tr"),
        "content_key": key,
        "created_at": "st",
        "updated_at": "st",
    }
    assert key == claims.content_key(1, "2015-10-02", "t")
