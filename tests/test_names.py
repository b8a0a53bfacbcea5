"""Names across scripts, and merging entities, through the CLI on the seed data."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimdb.api import Claimdb
from tests.conftest import Cli, dump, query


def shown(cli: Cli, name: str) -> dict:
    return json.loads(cli("entity", "show", name, "-f", "json").stdout)


EXAMPLES = [
    ("كوناشينكوف", "Igor Konashenkov"),
    ("  konashenkov ", "Igor Konashenkov"),
    ("وزارة الدفاع الروسيه", "Russian Ministry of Defence"),  # taa marbuta typed as ha
    ("وزارة الدفاع الروسية", "Russian Ministry of Defence"),
    ("Russian MoD", "Russian Ministry of Defence"),
    ("russian ministry of defence", "Russian Ministry of Defence"),
    ("lavrov", "Sergei Lavrov"),
    ("لافروف", "Sergei Lavrov"),
    ("Сергей Лавров", "Sergei Lavrov"),
    ("دَاعِش", "ISIS"),  # with harakat
    ("الاتحاد الاوروبي", "European Union"),  # hamza on alef left out
]


def test_names_resolve_across_scripts(seeded: Cli):
    for name, entity in EXAMPLES:
        assert shown(seeded, name)["name"] == entity, name


@pytest.mark.parametrize(
    ("typo", "offered"),
    [
        ("كوناشنكوف", "كوناشينكوف (alias of Igor Konashenkov)"),
        ("Lavrof", "Lavrov (alias of Sergei Lavrov)"),
    ],
)
def test_near_name_is_offered_never_guessed(seeded: Cli, typo: str, offered: str):
    line = seeded.fails("entity", "show", typo)
    assert "did you mean" in line and offered in line
    # the same through a claim filter: no claims listed for a guess
    line = seeded.fails("claim", "list", "--speaker", typo, "-f", "json")
    assert offered in line


def test_unrelated_name_has_no_suggestion(seeded: Cli):
    line = seeded.fails("entity", "show", "Volodymyr Zelensky")
    assert "unknown entity 'Volodymyr Zelensky'" in line
    assert "did you mean" not in line


def test_shared_alias_is_ambiguous_and_hash_id_picks_one(seeded: Cli):
    seeded("entity", "alias", "Russian MoD", "MoD")
    syrian = seeded("entity", "add", "Syrian Ministry of Defence", "--alias", "MoD").stdout.strip()
    russian = str(shown(seeded, "Russian MoD")["id"])
    before = dump(seeded.db)
    line = seeded.fails("entity", "show", "mod")
    assert "ambiguous" in line and f"#{russian}" in line and f"#{syrian}" in line
    assert "Russian Ministry of Defence" in line and "Syrian Ministry of Defence" in line
    seeded.fails("claim", "list", "--speaker", "MoD")
    assert dump(seeded.db) == before
    assert shown(seeded, f"#{syrian}")["name"] == "Syrian Ministry of Defence"
    assert shown(seeded, f"#{russian}")["name"] == "Russian Ministry of Defence"
    assert seeded.fails("entity", "show", "#99999").endswith("no entity with that id")


def test_resolution_ignores_diacritics_tatweel_and_hamza(seeded: Cli):
    db = Claimdb(str(seeded.db))
    try:
        konashenkov = db.resolve("كوناشينكوف")
        marks = st.sampled_from(["\u064e", "\u064f", "\u0650", "\u0651", "\u0652", "\u0640"])

        @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(st.lists(st.tuples(st.integers(1, 9), marks), max_size=4))
        def decorated(inserts: list[tuple[int, str]]) -> None:
            name = "كوناشينكوف"
            for position, mark in sorted(inserts, reverse=True):
                name = name[:position] + mark + name[position:]
            assert db.resolve(name) == konashenkov

        decorated()
        assert db.resolve("إيغور كوناشينكوف") == db.resolve("ايغور كوناشينكوف") == konashenkov
    finally:
        db.close()


# -- entity merge ------------------------------------------------------------------------


def counts(db_path) -> dict[str, int]:
    queries = {
        "entities": "SELECT count(*) FROM entity",
        "aliases": "SELECT count(*) FROM alias",
        "claims": "SELECT count(*) FROM claim",
        "links": "SELECT count(*) FROM link WHERE removed_at IS NULL",
        "all_links": "SELECT count(*) FROM link",
    }
    return {k: query(db_path, q)[0][0] for k, q in queries.items()}


def rows(db_path, sql: str, *args) -> list[tuple]:
    return query(db_path, sql, *args)


@pytest.fixture
def duplicate(seeded: Cli) -> dict[str, int]:
    """A second Konashenkov entity, with claims, a via, a child and memberships."""
    db = Claimdb(str(seeded.db), actor="test")
    try:
        ids = {
            "dup": db.add_entity(
                "I. Konashenkov", "person", aliases=["إيغور كوناشنكوف", "Konashenkov"]
            ),
        }
        ids["aide"] = db.add_entity("Konashenkov's aide", "person", parent="I. Konashenkov")
        ids["friends"] = db.add_entity(
            "Friends of Konashenkov", "coalition", members=["I. Konashenkov", "Igor Konashenkov"]
        )
        claim5 = db.show_claim(5)[0]
        # the same words, day and speaker as claim #5, once merged: a true duplicate
        ids["copy"] = db.add_claim(
            claim5.text, "I. Konashenkov", "ISIS", said_on=claim5.said_on, lang="ar"
        )
        ids["own"] = db.add_claim(
            "الضربات ستستمر", "I. Konashenkov", "ISIS", said_on="2015-10-03", lang="ar"
        )
        ids["about"] = db.add_claim(
            "He speaks for the ministry", "Activists", "I. Konashenkov", via=["I. Konashenkov"]
        )
        ids["igor"] = db.resolve("Igor Konashenkov")
    finally:
        db.close()
    return ids


def test_merge_moves_everything_and_keeps_claims_and_links(seeded: Cli, duplicate: dict):
    before = counts(seeded.db)
    own_aliases = len(shown(seeded, f"#{duplicate['igor']}")["aliases"])
    out = seeded("entity", "merge", "I. Konashenkov", "Igor Konashenkov")
    assert out.stdout.strip() == str(duplicate["igor"])
    assert "merged #" in out.stderr
    after = counts(seeded.db)
    assert after["claims"] == before["claims"]
    assert after["links"] == before["links"] and after["all_links"] == before["all_links"]
    assert after["entities"] == before["entities"] - 1
    # 'Konashenkov' was already Igor's; the other alias and the name "I. Konashenkov" move
    assert after["aliases"] == before["aliases"] - 2 + 2
    igor = shown(seeded, "Igor Konashenkov")
    assert len(igor["aliases"]) == own_aliases + 2
    assert {"I. Konashenkov", "إيغور كوناشنكوف"} <= set(igor["aliases"])
    assert igor["children"] == ["Konashenkov's aide"]
    assert igor["member_of"] == ["Friends of Konashenkov"]
    assert shown(seeded, "I. Konashenkov")["id"] == duplicate["igor"]  # old name resolves
    seeded.fails("entity", "show", f"#{duplicate['dup']}")
    friends = shown(seeded, "Friends of Konashenkov")
    assert friends["members"] == ["Igor Konashenkov"]  # one row, not two
    speakers = {
        c["id"]: c["speaker"]
        for c in json.loads(seeded("claim", "list", "-f", "json").stdout)
        if c["id"] in (duplicate["copy"], duplicate["own"], duplicate["about"])
    }
    assert set(speakers.values()) == {"Igor Konashenkov", "Activists"}
    about = json.loads(seeded("claim", "show", str(duplicate["about"]), "-f", "json").stdout)
    assert about["target"] == "Igor Konashenkov" and about["via"] == ["Igor Konashenkov"]
    # the copy of #5 is now a duplicate: no content key, and suggest lists it
    ((copy_key,),) = rows(
        seeded.db, "SELECT content_key FROM claim WHERE id = ?", duplicate["copy"]
    )
    ((own_key,),) = rows(seeded.db, "SELECT content_key FROM claim WHERE id = ?", duplicate["own"])
    assert copy_key is None and own_key is not None
    assert f"#{duplicate['copy']}" in out.stderr
    suggestions = json.loads(seeded("suggest", "--limit", "50", "-f", "json").stdout)
    assert any(
        s["kind"] == "duplicate" and (s["a"], s["b"]) == (5, duplicate["copy"]) for s in suggestions
    )
    # the log keeps FROM's record
    (event,) = rows(seeded.db, "SELECT before, after FROM event WHERE op = 'merge'")
    record = json.loads(event[0])
    assert record["name"] == "I. Konashenkov" and record["spoken"] == [
        duplicate["copy"],
        duplicate["own"],
    ]
    assert json.loads(event[1])["into"] == duplicate["igor"]
    seeded("check")


def test_merge_keeps_the_report(seeded: Cli):
    report = json.loads(seeded("report", "-f", "json").stdout)
    links = sorted((x["a"], x["b"]) for d in report["disputes"] for x in d["links"])
    seeded("entity", "merge", "Igor Konashenkov", "Russian MoD")  # into its own parent
    after = json.loads(seeded("report", "-f", "json").stdout)
    assert sorted((x["a"], x["b"]) for d in after["disputes"] for x in d["links"]) == links
    speakers = {c["speaker"] for d in after["disputes"] for s in d["sides"] for c in s["claims"]}
    assert "Igor Konashenkov" not in speakers and "Russian Ministry of Defence" in speakers
    assert shown(seeded, "كوناشينكوف")["name"] == "Russian Ministry of Defence"
    seeded("check")


def test_merge_parent_children_and_coalitions(seeded: Cli):
    seeded("entity", "add", "Russian MoD press office", "--kind", "ministry")
    seeded("entity", "add", "Spokesman", "--kind", "person", "--parent", "Russian MoD press office")
    seeded("entity", "merge", "Russian MoD press office", "Russian Ministry of Defence")
    assert shown(seeded, "Spokesman")["chain"] == [
        "Spokesman",
        "Russian Ministry of Defence",
        "Russia",
    ]
    # INTO without a parent takes FROM's
    seeded("entity", "add", "Foreign ministry spokeswoman", "--kind", "person")
    seeded("entity", "add", "Maria Zakharova", "--kind", "person", "--parent", "Russian MFA")
    seeded("entity", "merge", "Maria Zakharova", "Foreign ministry spokeswoman")
    zakharova = shown(seeded, "Maria Zakharova")
    assert zakharova["name"] == "Foreign ministry spokeswoman" and zakharova["camp"] == "Russia"
    # a coalition merged into another: members united without duplicate rows
    seeded(
        "entity", "add", "Signatories", "--kind", "coalition", "--member", "France",
        "--member", "Germany", "--member", "Russia",
    )  # fmt: skip
    seeded("entity", "merge", "Signatories", "Joint statement of seven states")
    members = shown(seeded, "Joint statement")["members"]
    assert len(members) == len(set(members)) == 8 and "Russia" in members
    seeded("check")


@pytest.mark.parametrize(
    ("source", "into", "says"),
    [
        ("Igor Konashenkov", "Konashenkov", "into itself"),
        ("Russian MoD", "Igor Konashenkov", "one of its own descendants"),
        ("Russia", "Konashenkov", "one of its own descendants"),
        ("Lavrof", "Russia", "did you mean"),
        ("Joint statement", "France", "has members"),
    ],
)
def test_bad_merges_change_nothing(seeded: Cli, source: str, into: str, says: str):
    before = dump(seeded.db)
    assert says in seeded.fails("entity", "merge", source, into)
    assert dump(seeded.db) == before


def test_half_of_a_two_script_name_is_offered(cli: Cli):
    cli("entity", "add", "Aml Mansour - أمل منصور", "--kind", "person")
    for half in ("أمل منصور", "Aml Mansour", "امل منصور"):
        line = cli.fails("entity", "show", half)
        assert "did you mean 'Aml Mansour - أمل منصور'" in line, half


def test_did_you_mean_orders_the_closest_first(cli: Cli):
    cli("entity", "add", "donald-trump-jr", "--kind", "person")  # added first
    cli("entity", "add", "donald-trump", "--kind", "person")
    for typed in ("trump", "donald trum", "Donald Trumpp"):
        line = cli.fails("entity", "show", typed)
        assert "did you mean 'donald-trump' or 'donald-trump-jr'" in line, typed
