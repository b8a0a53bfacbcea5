"""Search the way Arabic is read: article and proclitics, hamza seats, short words,
phrases, and the closest forms first (exact, then folded, then stem, then fuzzy)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Cli

CLAIMS = {
    "video": "نشر الناشطون الفيديو أمس",
    "and_video": "وقال المتحدث إن والفيديو مفبرك",
    "by_video": "ثبت بالفيديو أن القصف وقع",
    "bare_video": "فيديو جديد من حلب",
    "army": "قال مصدر للجيش إن الهجوم فشل",
    "in_gaza": "قتل ثلاثة مدنيين بغزة",
    "gaza": "غزة تحت القصف",
    "official_waw": "قال مسؤول في الوزارة",
    "official_yeh": "نفى مسئول في الحكومة",
    "affairs": "وزير شؤون اللاجئين",
    "ali": "قال علي إن القرية قصفت",
    "ala": "سقطت القذائف على القرية",
    "minister": "وزير الخارجية يكذب",
    "god": "قال والله لن نتراجع",
    "him": "قال له إن المدينة سقطت",
    "phrase": "الجيش الإسرائيلي قصف المدينة",
    "apart": "الجيش قصف المدينة الإسرائيلي",
    "english": "Russian jets were striking targets near Raqqa",
}


@pytest.fixture
def claims(cli: Cli) -> dict[str, int]:
    made = {}
    for name, text in CLAIMS.items():
        out = cli(
            "claim", "add", text, "--speaker", "Speaker", "--target", "Target",
            "--create-entities",
        ).stdout  # fmt: skip
        made[name] = int(out.strip())
    return made


def hits(cli: Cli, query: str) -> list[dict]:
    return json.loads(cli("search", "-f", "json", "--", query).stdout)


def names(cli: Cli, claims: dict[str, int], query: str) -> list[str]:
    by_id = {v: k for k, v in claims.items()}
    return [by_id[h["id"]] for h in hits(cli, query)]


VIDEOS = {"video", "and_video", "by_video", "bare_video"}


def test_article_and_each_proclitic_find_the_word(cli: Cli, claims):
    for typed in ("الفيديو", "فيديو", "والفيديو", "بالفيديو", "وفيديو"):
        assert set(names(cli, claims, typed)) == VIDEOS, typed
    for typed in ("الجيش", "جيش", "للجيش", "والجيش", "فالجيش", "كالجيش", "وبالجيش", "ولل" + "جيش"):
        assert set(names(cli, claims, typed)) == {"army", "phrase", "apart"}, typed
    for typed in ("غزة", "غزه"):
        assert set(names(cli, claims, typed)) == {"in_gaza", "gaza"}, typed
    # typed with ب it means "in Gaza": the claim that says so, not every word ending in غزة
    assert names(cli, claims, "بغزة") == ["in_gaza"]


def test_hamza_seats_meet(cli: Cli, claims):
    for typed, expected in (
        ("مسئول", {"official_waw", "official_yeh"}),
        ("مسؤول", {"official_waw", "official_yeh"}),
        ("شئون", {"affairs"}),
        ("شؤون", {"affairs"}),
        ("الشئون", {"affairs"}),
    ):
        assert set(names(cli, claims, typed)) == expected, typed


def test_short_words_are_not_stemmed(cli: Cli, claims):
    assert set(names(cli, claims, "وزير")) == {"minister", "affairs"}  # not و + زير
    assert "him" not in names(cli, claims, "الله")  # الله is not ال + له
    assert "god" in names(cli, claims, "الله")
    assert "god" not in names(cli, claims, "له")


def test_exact_form_ranks_first(cli: Cli, claims):
    found = hits(cli, "علي")
    by_id = {v: k for k, v in claims.items()}
    assert [by_id[h["id"]] for h in found] == ["ali", "ala"]
    assert [h["match"] for h in found] == ["exact", "folded"]
    video = names(cli, claims, "الفيديو")
    assert video[0] == "video"  # as written
    assert [h["match"] for h in hits(cli, "الفيديو")][1:] == ["stem"] * 3


def test_several_words_all_required_and_quotes_make_a_phrase(cli: Cli, claims):
    assert set(names(cli, claims, "الجيش الإسرائيلي")) == {"phrase", "apart"}
    assert names(cli, claims, '"الجيش الإسرائيلي"') == ["phrase"]
    assert names(cli, claims, '"جيش اسرائيلي"') == ["phrase"]  # a phrase meets by stems too
    assert names(cli, claims, "فيديو حلب") == ["bare_video"]


def test_english_inflections(cli: Cli, claims):
    assert names(cli, claims, "strikes") == ["english"]
    assert hits(cli, "striking")[0]["match"] == "exact"
    assert hits(cli, "strike")[0]["match"] == "stem"


def test_stem_hits_rank_above_fuzzy(cli: Cli, claims):
    assert {h["match"] for h in hits(cli, "بالفيديو")} == {"exact", "stem"}
    assert {h["match"] for h in hits(cli, "الفيدوي")} == {"fuzzy"}  # a typo: near matches
