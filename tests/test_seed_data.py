"""Checks on the bundled seed data set, read with tomllib only (no claimdb code)."""

from __future__ import annotations

import hashlib
import tomllib
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

SEEDS = Path(__file__).parent.parent / "seeds"
SEED_FILE = SEEDS / "rt-arabic-2015-10-02.toml"

KINDS = {
    "person",
    "ministry",
    "government",
    "state",
    "organisation",
    "coalition",
    "armed_group",
    "group",
    "media",
    "place",
}
ACTS = {"asserts", "denies", "demands", "concern", "accuses"}
RELATIONS = {"contradicts", "supports"}
KEYED_RECORDS = ("source", "entity", "claim")
ISO_DATE_LENGTH = len("2015-10-02")

Data = dict[str, Any]


@pytest.fixture(scope="module")
def data() -> Data:
    with SEED_FILE.open("rb") as handle:
        return tomllib.load(handle)


@pytest.fixture(scope="module")
def article(data: Data) -> str:
    (source,) = data["source"]
    return (SEEDS / source["text_file"]).read_text(encoding="utf-8")


def by_key(data: Data, record_type: str) -> dict[str, Data]:
    return {record["key"]: record for record in data[record_type]}


def camp(entities: dict[str, Data], key: str) -> str:
    """The outermost ancestor of an entity (its camp); fails on a parent cycle."""
    seen = {key}
    while "parent" in entities[key]:
        key = entities[key]["parent"]
        assert key not in seen, f"parent cycle through {key}"
        seen.add(key)
    return key


def claims_where(data: Data, **wanted: Any) -> set[str]:
    """Keys of the claims whose fields hold the given values (a set means any of them)."""

    def matches(claim: Data, field: str, value: Any) -> bool:
        return claim.get(field) in value if isinstance(value, set) else claim.get(field) == value

    return {
        claim["key"]
        for claim in data["claim"]
        if all(matches(claim, field, value) for field, value in wanted.items())
    }


def linked(data: Data, relation: str, side_a: set[str], side_b: set[str]) -> bool:
    """Whether some link of this relation joins a claim in side_a to one in side_b."""
    return any(
        link["relation"] == relation
        and (
            (link["a"] in side_a and link["b"] in side_b)
            or (link["b"] in side_a and link["a"] in side_b)
        )
        for link in data["link"]
    )


def assert_iso_date(value: Any, where: str) -> None:
    assert isinstance(value, str) and len(value) == ISO_DATE_LENGTH, f"{where}: {value!r}"
    date.fromisoformat(value)


def test_dataset_header(data: Data) -> None:
    assert data["dataset"]["name"] == "rt-arabic-2015-10-02"
    assert data["dataset"]["description"].strip()


def test_source_matches_the_article(data: Data, article: str) -> None:
    (source,) = data["source"]
    raw = (SEEDS / source["text_file"]).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == source["sha256"]
    assert source["title"] in article
    assert source["publisher"] == "RT Arabic"
    assert source["published"] == "2015-10-02"
    assert source["lang"] == "ar"
    assert "url" not in source


@pytest.mark.parametrize("record_type", KEYED_RECORDS)
def test_keys_unique_per_record_type(data: Data, record_type: str) -> None:
    keys = Counter(record["key"] for record in data[record_type])
    assert not [key for key, count in keys.items() if count > 1]


def test_keys_are_short_ascii_slugs(data: Data) -> None:
    for record_type in KEYED_RECORDS:
        for record in data[record_type]:
            key = record["key"]
            assert key.isascii() and key == key.lower() and " " not in key and len(key) <= 40


def test_entity_kinds_and_references(data: Data) -> None:
    entities = by_key(data, "entity")
    for entity in entities.values():
        assert entity["kind"] in KINDS, entity["key"]
        assert entity["name"].strip() and entity["name"].isascii(), entity["key"]
        assert entity.get("parent", entity["key"]) in entities, entity["key"]
        assert entity.get("parent") != entity["key"]
        members = entity.get("members", [])
        assert not members or entity["kind"] == "coalition", entity["key"]
        assert set(members) <= entities.keys() and entity["key"] not in members
        camp(entities, entity["key"])


def test_names_and_aliases_unique_after_casefold(data: Data) -> None:
    owners: dict[str, set[str]] = {}
    for entity in data["entity"]:
        names = [entity["name"], *entity["aliases"]]
        assert len({name.casefold() for name in names}) == len(names), entity["key"]
        for name in names:
            assert name == name.strip() and name, entity["key"]
            owners.setdefault(name.casefold(), set()).add(entity["key"])
    assert {name: keys for name, keys in owners.items() if len(keys) > 1} == {}


def test_claim_fields_and_references(data: Data) -> None:
    entities = by_key(data, "entity")
    sources = by_key(data, "source")
    for claim in data["claim"]:
        where = claim["key"]
        assert claim["speaker"] in entities and claim["target"] in entities, where
        assert claim["source"] in sources, where
        assert claim["act"] in ACTS, where
        assert claim["lang"] == "ar", where
        assert_iso_date(claim["said_on"], where)
        for field in ("text", "quote", "translation", "topic", "location"):
            assert claim[field].strip(), f"{where}: empty {field}"
        assert claim["topic"].isascii() and " " not in claim["topic"], where
        via = claim.get("via", [])
        assert set(via) <= entities.keys() and claim["speaker"] not in via, where


def test_enough_claims(data: Data) -> None:
    assert len(data["claim"]) >= 14


def test_every_quote_is_in_the_article(data: Data, article: str) -> None:
    missing = [claim["key"] for claim in data["claim"] if claim["quote"] not in article]
    assert missing == []


def test_every_text_is_the_article_wording(data: Data, article: str) -> None:
    """Texts may balance a quotation mark the quote cuts off, but are otherwise verbatim."""
    plain_article = article.replace('"', "")
    reworded = [
        claim["key"]
        for claim in data["claim"]
        if claim["text"].replace('"', "") not in plain_article
    ]
    assert reworded == []


def test_quotes_are_clauses_not_paragraphs(data: Data) -> None:
    for claim in data["claim"]:
        assert "\n" not in claim["quote"], claim["key"]
        assert len(claim["quote"]) < 300, claim["key"]


def test_dates_follow_the_article(data: Data) -> None:
    lavrov = claims_where(data, speaker="lavrov")
    assert lavrov
    for claim in data["claim"]:
        expected = "2015-10-01" if claim["key"] in lavrov else "2015-10-02"
        assert claim["said_on"] == expected, claim["key"]


def test_joint_statement_reached_us_via_turkish_mfa(data: Data) -> None:
    entities = by_key(data, "entity")
    coalition = entities["seven-states"]
    assert coalition["kind"] == "coalition"
    assert len(coalition["members"]) == 7
    joint = claims_where(data, speaker="seven-states")
    assert len(joint) >= 3
    for claim in data["claim"]:
        if claim["key"] in joint:
            assert claim["via"] == ["turkish-mfa"], claim["key"]


def test_camps(data: Data) -> None:
    entities = by_key(data, "entity")
    assert camp(entities, "konashenkov") == camp(entities, "lavrov") == "russia"
    assert camp(entities, "ray") == camp(entities, "mogherini") == "eu"
    assert "parent" not in entities["activists"]


def test_links_resolve_and_are_well_formed(data: Data) -> None:
    claims = by_key(data, "claim")
    pairs = Counter(frozenset((link["a"], link["b"])) for link in data["link"])
    assert [pair for pair, count in pairs.items() if count > 1] == []
    for link in data["link"]:
        assert link["a"] in claims and link["b"] in claims, link
        assert link["a"] != link["b"], link
        assert link["relation"] in RELATIONS, link
        assert link["note"].strip(), link


def test_required_link_mod_targets_against_joint_statement(data: Data) -> None:
    russian_mod = claims_where(data, speaker={"russian-mod", "konashenkov"}, topic="targets")
    joint = claims_where(data, speaker="seven-states", topic="targets", act="accuses")
    assert linked(data, "contradicts", russian_mod, joint)


def test_required_link_eu_civilians_against_precision(data: Data) -> None:
    entities = by_key(data, "entity")
    eu_camp = {key for key in entities if camp(entities, key) == "eu"}
    eu_concern = claims_where(data, speaker=eu_camp, topic="civilians", act="concern")
    precision = claims_where(data, speaker={"russian-mod", "konashenkov"}, topic="precision")
    assert eu_concern and precision
    assert linked(data, "contradicts", eu_concern, precision)


def test_required_link_inside_the_russian_camp(data: Data) -> None:
    entities = by_key(data, "entity")
    lavrov = claims_where(data, speaker="lavrov", topic="targets", target="nusra")
    russian_mod = claims_where(data, speaker={"russian-mod", "konashenkov"}, topic="targets")
    assert linked(data, "contradicts", lavrov, russian_mod)
    assert camp(entities, "lavrov") == camp(entities, "konashenkov")


def test_required_link_activists_support_raqqa_strike(data: Data) -> None:
    activists = claims_where(data, speaker="activists", topic="raqqa-strike")
    russian_mod = claims_where(data, speaker={"russian-mod", "konashenkov"}, topic="raqqa-strike")
    assert linked(data, "supports", activists, russian_mod)


def test_linked_helper_ignores_direction_and_can_fail(data: Data) -> None:
    """Guards the helper the required-link tests rely on."""
    link = data["link"][0]
    assert linked(data, link["relation"], {link["b"]}, {link["a"]})
    assert not linked(data, link["relation"], {link["a"]}, {link["a"]})
    assert not linked(data, link["relation"], {"no-such-claim"}, {link["b"]})
