"""Normalisation, FTS query safety, name resolution and fuzzy text search (pure)."""

from __future__ import annotations

import sqlite3
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimdb.text.matching import (
    NAME_CUTOFF,
    Label,
    NameIndex,
    NearName,
    best_text_matches,
)
from claimdb.text.normalize import fts_query, normalize, tokens

ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
EASTERN_ARABIC_INDIC = "۰۱۲۳۴۵۶۷۸۹"
# Arabic letters that normalisation leaves as they are (not alef forms, ة, ى, tatweel).
ARABIC_LETTERS = "ءابتثجحخدذرزسشصضطظعغفقكلمنهوي"
FTS_SYNTAX = ['"', "*", "NEAR", "NEAR(", "-", ":", "^", "(", ")", "AND", "OR", "NOT", "+", "'"]

any_char = st.one_of(
    st.characters(exclude_categories=()),  # every category, controls included
    st.characters(categories=["Cs"]),  # lone surrogates
    st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),  # the Arabic block
    st.characters(min_codepoint=0x00C0, max_codepoint=0x024F),  # accented Latin
    st.sampled_from("\u0301\u0308\u064e\u0651\u0640 _-\n\t"),
)
any_text = st.text(any_char, max_size=40)
query_text = st.lists(st.one_of(any_text, st.sampled_from(FTS_SYNTAX)), max_size=6).map(" ".join)


# --- normalize -----------------------------------------------------------------------


@given(any_text)
def test_normalize_is_idempotent_and_never_raises(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@given(any_text)
def test_normalize_gives_single_spaced_words_without_surrogates(text: str) -> None:
    key = normalize(text)
    assert key == " ".join(key.split())
    assert not any(
        unicodedata.category(char) in ("Cs", "Cc", "Cf", "Zs") for char in key if char != " "
    )
    key.encode("utf-8")  # storable in SQLite as is


@given(st.text(st.sampled_from(ARABIC_INDIC + EASTERN_ARABIC_INDIC + "0123456789"), min_size=1))
def test_digits_of_both_arabic_scripts_become_ascii(digits: str) -> None:
    expected = "".join(str(unicodedata.digit(char)) for char in digits)
    assert normalize(digits) == expected


@given(st.lists(st.text(st.sampled_from(ARABIC_LETTERS), min_size=1), min_size=1))
def test_arabic_letters_are_kept(words: list[str]) -> None:
    assert tokens(" ".join(words)) == words


@given(st.lists(st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789"), min_size=1)))
def test_latin_letters_and_digits_are_kept(words: list[str]) -> None:
    assert tokens(" ".join(word.upper() for word in words)) == words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("١٢", "12"),
        ("۱۲ ۳", "12 3"),
        ("كُوناشِينْكُوف", "كوناشينكوف"),  # harakat
        ("الرقـــة", "الرقه"),  # tatweel, taa marbuta
        ("أحمد إبراهيم آمنة ٱلله", "احمد ابراهيم امنه الله"),  # alef forms
        ("مؤتمر شاطئ", "مءتمر شاطء"),  # hamza on waw and on yeh: a bare hamza
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("ﻛﻮﻧﺎﺷﻴﻨﻜﻮﻑ", "كوناشينكوف"),  # presentation forms (shaped text)
        ("Café CRÈME, ﬁnal!", "cafe creme final"),
        ("Łódź — Straße", "lodz strasse"),
        ("Сергей Лавров, Ёлка", "сергей лавров елка"),
        ("Йошкар-Ола", "йошкар ола"),  # й is a letter, not и with a breve
        ("«داعش» (ISIS)", "داعش isis"),
        ("Su-34", "su 34"),
        ("snake_case", "snake case"),
        ("a\u200fb\u00adc", "abc"),  # bidi mark and soft hyphen vanish inside a word
        ("هندی کتاب", "هندي كتاب"),  # Persian yeh and keheh
        ("שָׁלוֹם", "שלום"),  # Hebrew points
        ("   ", ""),
    ],
)
def test_normalize_examples(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_normalize_keeps_marks_inside_words_of_other_scripts() -> None:
    assert normalize("हिन्दी भाषा") == "हिन्दी भाषा"


# --- fts_query -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def fts() -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE doc USING fts5 (search_key)")
    connection.execute(
        "INSERT INTO doc (rowid, search_key) VALUES (1, ?)",
        (normalize("أعلنت وزارة الدفاع الروسية أن مقاتلاتها نفذت 18 طلعة جوية"),),
    )
    return connection


@settings(max_examples=300)
@given(query_text)
def test_fts_query_never_breaks_fts5_syntax(fts: sqlite3.Connection, query: str) -> None:
    expression = fts_query(query)
    if expression is None:
        assert normalize(query) == ""
        return
    fts.execute("SELECT rowid FROM doc WHERE doc MATCH ?", (expression,)).fetchall()


@given(query_text)
def test_fts_query_finds_its_own_normalised_text(query: str) -> None:
    expression = fts_query(query)
    if expression is None:
        return
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE doc USING fts5 (search_key)")
    connection.execute("INSERT INTO doc (rowid, search_key) VALUES (7, ?)", (normalize(query),))
    found = connection.execute("SELECT rowid FROM doc WHERE doc MATCH ?", (expression,))
    assert found.fetchall() == [(7,)]


@pytest.mark.parametrize(
    "query",
    ['"unbalanced', "NEAR(a b)", "a OR b", "NOT x", "-x", "col:x", "^x", "x*", "(a", "a AND"],
)
def test_fts_operators_are_text(fts: sqlite3.Connection, query: str) -> None:
    expression = fts_query(query)
    assert expression is not None
    assert fts.execute("SELECT rowid FROM doc WHERE doc MATCH ?", (expression,)).fetchall() == []


def test_fts_query_ands_quoted_normalised_words(fts: sqlite3.Connection) -> None:
    expression = fts_query("وزارة الدفاع (18)")
    assert expression == '"وزاره" "الدفاع" "18"'
    assert fts.execute("SELECT rowid FROM doc WHERE doc MATCH ?", (expression,)).fetchall() == [
        (1,)
    ]
    assert fts_query(" -*^:() ") is None


# --- names ---------------------------------------------------------------------------

SEED = {
    1: ("Igor Konashenkov", ["كوناشينكوف", "إيغور كوناشينكوف"]),
    2: ("Sergei Lavrov", ["لافروف"]),
    3: ("Russian Ministry of Defence", ["Russian MoD", "وزارة الدفاع الروسية"]),
}


@pytest.fixture(scope="module")
def index() -> NameIndex:
    return NameIndex(
        Label(entity_id, name, text)
        for entity_id, (name, aliases) in SEED.items()
        for text in (name, *aliases)
    )


@pytest.mark.parametrize(
    ("query", "entity_id", "text"),
    [
        ("وزارة الدفاع الروسيه", 3, "وزارة الدفاع الروسية"),
        ("russian ministry of defence", 3, "Russian Ministry of Defence"),
        ("RUSSIAN MOD", 3, "Russian MoD"),
        ("كُونَاشِينْكُوف", 1, "كوناشينكوف"),
        ("  Sergei   LAVROV ", 2, "Sergei Lavrov"),
    ],
)
def test_exact_matches(index: NameIndex, query: str, entity_id: int, text: str) -> None:
    assert [(label.entity_id, label.text) for label in index.exact(query)] == [(entity_id, text)]


def test_exact_gives_one_label_per_entity_preferring_the_name() -> None:
    labels = [Label(5, "Raqqa", "الرقة"), Label(5, "Raqqa", "Raqqa"), Label(5, "Raqqa", "raqqa")]
    labels += [Label(6, "Raqqa province", "Raqqa")]
    found = NameIndex(labels).exact("RAQQA")
    assert [(label.entity_id, label.text) for label in found] == [(5, "Raqqa"), (6, "Raqqa")]


def test_near_miss_in_arabic_is_suggested(index: NameIndex) -> None:
    assert index.exact("كوناشنكوف") == []
    suggestions = index.suggest("كوناشنكوف")
    assert [s.label.text for s in suggestions] == ["كوناشينكوف"]
    assert str(suggestions[0]) == "كوناشينكوف (alias of Igor Konashenkov)"
    assert NAME_CUTOFF <= suggestions[0].score < 100


def test_misspelt_surname_suggests_the_person(index: NameIndex) -> None:
    suggestions = index.suggest("Lavrof")
    assert [(s.label.entity_id, str(s)) for s in suggestions] == [(2, "Sergei Lavrov")]


@pytest.mark.parametrize("query", ["Konashenkof", "Konashenkov Igor", "Igor Konashenkof"])
def test_latin_typos_and_word_order(index: NameIndex, query: str) -> None:
    assert [s.label.entity_id for s in index.suggest(query)] == [1]


@pytest.mark.parametrize(
    "query", ["Zanzibar Weather Office", "Federica Mogherini", "Free Syrian Army", "xyz", ""]
)
def test_unrelated_names_get_no_suggestion(index: NameIndex, query: str) -> None:
    assert index.suggest(query) == []


def test_suggestions_are_one_per_entity_best_first() -> None:
    labels = [Label(1, "Hama", "Hamah"), Label(1, "Hama", "Hama"), Label(2, "Homs", "Homs")]
    labels += [Label(3, "Hamas", "Hamas"), Label(4, "Idlib", "Idlib")]
    suggestions = NameIndex(labels).suggest("Hamaz", limit=5)
    assert [s.label.entity_id for s in suggestions] == [1, 3]
    assert suggestions[0].label.text == "Hama"  # the entity's best label, not its first
    assert suggestions[0].score > suggestions[1].score
    assert NameIndex(labels).suggest("Hamaz", limit=1) == suggestions[:1]


def test_suggestion_text() -> None:
    label = Label(1, "Sergei Lavrov", "Sergei Lavrov")
    assert str(NearName(label, 90.0)) == "Sergei Lavrov"
    alias = Label(1, "Sergei Lavrov", "لافروف")
    assert str(NearName(alias, 90.0)) == "لافروف (alias of Sergei Lavrov)"


label_lists = st.lists(st.builds(Label, st.integers(0, 5), st.just("Name"), any_text), max_size=12)


@given(label_lists, any_text, st.integers(0, 4))
def test_suggest_is_bounded_unique_and_above_cutoff(
    labels: list[Label], query: str, limit: int
) -> None:
    suggestions = NameIndex(labels).suggest(query, limit=limit)
    assert len(suggestions) <= limit
    assert len({s.label.entity_id for s in suggestions}) == len(suggestions)
    assert all(s.score >= NAME_CUTOFF for s in suggestions)
    assert [s.score for s in suggestions] == sorted((s.score for s in suggestions), reverse=True)


@given(label_lists)
def test_every_label_is_found_exactly_by_its_own_text(labels: list[Label]) -> None:
    index = NameIndex(labels)
    for label in labels:
        if normalize(label.text):
            assert label.entity_id in {found.entity_id for found in index.exact(label.text)}


# --- fuzzy search over claim texts ---------------------------------------------------

CLAIMS = [
    (1, "وقال المتحدث باسم وزارة الدفاع الروسية الجنرال إيغور كوناشينكوف"),
    (2, "أفاد ناشطون بأن الضربات الروسية قرب الرقة أدت إلى مقتل 12 من عناصر داعش"),
    (3, "Konashenkov said the strikes hit only ISIS infrastructure"),
    (4, "الاتحاد الأوروبي يعرب عن قلقه من سقوط مدنيين في حماة وحمص وإدلب"),
]
TEXTS = [(claim_id, normalize(text)) for claim_id, text in CLAIMS]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Konashenkof", [3]),
        ("كوناشنكوف", [1]),
        ("الرقه", [2]),
        ("الرقة داعش", [2]),
        ("ادلب حماه", [4]),
    ],
)
def test_text_matches_survive_typos(query: str, expected: list[int]) -> None:
    assert [claim_id for claim_id, _ in best_text_matches(query, TEXTS)] == expected


@pytest.mark.parametrize("query", ["Zanzibar weather", "Mogherini", "الرقة Zanzibar", "", "!!"])
def test_unrelated_text_query_finds_nothing(query: str) -> None:
    assert best_text_matches(query, TEXTS) == []


def test_text_matches_are_ranked_and_limited() -> None:
    found = best_text_matches("الروسيه", TEXTS)
    assert {claim_id for claim_id, _ in found} == {1, 2}
    assert [score for _, score in found] == sorted((score for _, score in found), reverse=True)
    assert len(best_text_matches("الروسيه", TEXTS, limit=1)) == 1


@given(any_text, st.lists(st.tuples(st.integers(), any_text.map(normalize)), max_size=5))
def test_text_matches_never_raise(query: str, texts: list[tuple[int, str]]) -> None:
    ids = {text_id for text_id, _ in texts}
    for text_id, score in best_text_matches(query, texts):
        assert text_id in ids
        assert 0 <= score <= 100
