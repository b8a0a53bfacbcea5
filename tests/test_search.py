"""claimdb search: full text over normalised claim text, fuzzy fallback, snippets."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimdb.records.snippets import MARK_CLOSE, MARK_OPEN, snippet
from claimdb.text.normalize import normalize
from tests.conftest import Cli, dump


def found(cli: Cli, *args: str) -> list[dict]:
    return json.loads(cli("search", *args, "-f", "json").stdout)


def ids(cli: Cli, *args: str) -> list[int]:
    return [hit["id"] for hit in found(cli, *args)]


def test_arabic_spelling_variants_find_the_same_claims(seeded: Cli):
    raqqa = ids(seeded, "الرقة")
    assert {1, 4, 12} <= set(raqqa)
    assert ids(seeded, "الرقه") == raqqa  # final ة typed as ه
    assert ids(seeded, "الرَّقَّة") == raqqa  # with harakat
    isis = ids(seeded, "داعش")
    assert {4, 5, 12} <= set(isis)
    assert ids(seeded, "دَاعِشٌ") == isis == ids(seeded, "داعـــش")  # harakat, tatweel
    terrorists = ids(seeded, "الإرهابيين")  # hamza below alef, as in claim #1
    assert 1 in terrorists
    assert ids(seeded, "الارهابيين") == terrorists == ids(seeded, "الأرهابيين")


def test_hits_rank_by_bm25_and_show_a_snippet_of_the_stored_text(seeded: Cli):
    hits = found(seeded, "الرقه")  # ه for ة: every hit holds the word once folded
    assert [h["match"] for h in hits] == ["folded"] * len(hits)
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0
    claim12 = next(h for h in hits if h["id"] == 12)
    # the snippet is plain text of the stored words, the hit as written (ة, not ه)
    assert f"{MARK_OPEN}الرقة{MARK_CLOSE}" in claim12["snippet"]
    assert claim12["snippet"].replace(MARK_OPEN, "").replace(MARK_CLOSE, "") == claim12["text"]
    table = seeded("search", "الرقه").stdout
    assert f"{MARK_OPEN}الرقة{MARK_CLOSE}" in table and "Activists" in table


def test_translation_and_quote_are_searched(seeded: Cli):
    hits = found(seeded, "EXCLUSIVELY")
    assert [h["id"] for h in hits] == [5]
    assert f"{MARK_OPEN}exclusively{MARK_CLOSE}" in hits[0]["snippet"]
    assert 4 in ids(seeded, "وأشار")  # only in the quote of claim #4


@pytest.mark.parametrize(
    "query", ['"داعش', "داعش*", "NEAR(داعش الرقة)", "-داعش", "داعش:", "^الرقة", "AND OR NOT"]
)
def test_fts_syntax_is_plain_text(seeded: Cli, query: str):
    result = seeded("search", "-f", "json", "--", query)  # "--": a query may start with "-"
    assert isinstance(json.loads(result.stdout), list)


def test_filters(seeded: Cli):
    everyone = set(ids(seeded, "داعش"))
    konashenkov = set(ids(seeded, "داعش", "--speaker", "كوناشينكوف"))
    assert konashenkov and konashenkov < everyone
    assert 12 not in konashenkov
    about_russia = ids(seeded, "داعش", "--target", "Russia")
    assert about_russia and all(
        h["target"] == "Russia" for h in found(seeded, "داعش", "--target", "روسيا")
    )
    assert ids(seeded, "داعش", "--lang", "ar") == ids(seeded, "داعش")
    assert ids(seeded, "داعش", "--lang", "en") == []
    assert ids(seeded, "داعش", "--since", "2015-10-03") == []
    assert len(ids(seeded, "داعش", "--limit", "2")) == 2
    assert "did you mean" in seeded.fails("search", "داعش", "--speaker", "Lavrof")
    assert "YYYY-MM-DD" in seeded.fails("search", "داعش", "--since", "yesterday")


def test_typo_falls_back_to_fuzzy_and_says_so(seeded: Cli):
    result = seeded("search", "كوناشنكوف", "-f", "json")
    assert "no exact match; showing fuzzy matches" in result.stderr
    hits = json.loads(result.stdout)
    assert {4, 9, 11} <= {h["id"] for h in hits}
    assert {h["match"] for h in hits} == {"fuzzy"}
    assert f"{MARK_OPEN}كوناشينكوف{MARK_CLOSE}" in hits[0]["snippet"]
    assert 5 in ids(seeded, "exclusivly")


def test_nothing_found_and_empty_query(seeded: Cli):
    result = seeded("search", "qwxzv", "-f", "json")
    assert json.loads(result.stdout) == []
    assert "no claim matches" in result.stderr
    before = dump(seeded.db)
    assert "no letters or digits" in seeded.fails("search", " *** ")
    assert dump(seeded.db) == before


def test_index_follows_new_and_retracted_claims(seeded: Cli):
    new = seeded(
        "claim", "add", "قصفت الطائرات جسر الرستن", "--speaker", "Activists",
        "--target", "Russia", "--said-on", "2015-10-03",
    ).stdout.strip()  # fmt: skip
    assert ids(seeded, "جسر الرستن") == [int(new)]
    seeded("claim", "retract", "12", "--reason", "activists withdrew the figure")
    assert 12 not in ids(seeded, "الرقة")
    assert 12 in ids(seeded, "الرقة", "--include-retracted")


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(["الرقة", "داعش", "Raqqa", "(ISIS)", "«x»", "12", 'لـ"داعش"']), max_size=40
    ),
    st.sets(st.sampled_from(["الرقه", "داعش", "raqqa", "isis", "12"])),
)
def test_snippet_is_a_marked_stretch_of_the_text(words: list[str], wanted: set[str]):
    text = " ".join(words)
    shown = snippet([text], wanted)
    plain = shown.removeprefix("… ").removesuffix(" …")
    marks = re.findall(f"{MARK_OPEN}([^{MARK_CLOSE}]*){MARK_CLOSE}", plain)
    if MARK_OPEN not in text:  # (a text with the markers in it is only never an error)
        assert plain.replace(MARK_OPEN, "").replace(MARK_CLOSE, "") in text
        assert all(normalize(m) in wanted for m in marks)
        assert bool(marks) == bool(set(normalize(text).split()) & wanted)


def test_narrow_filters_rank_the_few_claims_they_leave_alike(seeded: Cli):
    import claimdb.records.search

    for args in (("--speaker", "Konashenkov"), ("--target", "Russia"), ("--since", "2015-10-02")):
        few = found(seeded, "داعش", *args)  # read from the claim side (a speaker's claims)
        kept, claimdb.records.search.SUBSET_MAX = claimdb.records.search.SUBSET_MAX, 0
        try:
            indexed = found(seeded, "داعش", *args)  # through the full-text index
        finally:
            claimdb.records.search.SUBSET_MAX = kept
        assert few and {h["id"] for h in few} == {h["id"] for h in indexed}, args
        scores = [h["score"] for h in few]
        assert scores == sorted(scores, reverse=True) and scores[-1] > 0


def test_hits_carry_what_claim_show_shows(seeded: Cli):
    hits = found(seeded, "داعش")
    assert any(h["standing"] for h in hits)  # the seed data has disputes on داعش
    for hit in hits:
        shown = json.loads(seeded("claim", "show", str(hit["id"]), "-f", "json").stdout)
        assert {k: hit[k] for k in shown} == shown
