"""Contradiction evidence (pure): each kind with a pair that must and one that must not
trigger it, in Arabic and in English; same-subject gating; supports and duplicates."""

from __future__ import annotations

import pytest

from claimdb.analysis.contradiction import Candidate, suggest
from claimdb.analysis.evidence import features

DAY = "2018-05-01"


def claim(i: int, text: str, act: str = "asserts", camp: int | None = None, **kw) -> Candidate:
    camp = i if camp is None else camp
    fields = dict(topic=None, location=None, said_on=DAY, translation=None, target_id=1)
    fields.update(kw)
    return Candidate(
        i,
        i,
        camp,
        frozenset({camp}),
        fields["target_id"],
        fields["topic"],
        fields["location"],
        fields["said_on"],
        act,
        text,
        fields["translation"],
    )


# Filler claims give the index word frequencies, as a real database has: a word every
# claim uses is not a subject.
FILLER = [
    "وزير الخارجية يزور العاصمة لبحث العلاقات الثنائية",
    "المنتخب الوطني يستعد لمباراة الأسبوع المقبل",
    "The central bank kept its interest rate unchanged on Tuesday",
    "Heavy rain floods roads in the north of the country",
    "مهرجان السينما يفتتح دورته الجديدة بحضور النجوم",
    "The football club signed a new coach for the season",
]


def evidence(a: str, b: str, act_a: str = "asserts", act_b: str = "asserts") -> dict[str, str]:
    """The kinds of evidence (with their words) suggest finds between two claims."""
    claims = [claim(1, a, act_a), claim(2, b, act_b)]
    claims += [claim(10 + n, t) for n, t in enumerate(FILLER)]
    found = [s for s in suggest(claims, set(), 50) if (s.a, s.b) == (1, 2)]
    if not found or found[0].kind != "contradiction":
        return {}
    return {e.kind: e.words for e in found[0].evidence}


def kind_of(a: str, b: str) -> str | None:
    claims = [claim(1, a), claim(2, b)] + [claim(10 + n, t) for n, t in enumerate(FILLER)]
    found = [s for s in suggest(claims, set(), 50) if (s.a, s.b) == (1, 2)]
    return found[0].kind if found else None


# --- negation and denial -------------------------------------------------------------


def test_negation_in_one_claim_only_arabic() -> None:
    got = evidence("الجيش السوري شارك في معركة حلب", "الجيش السوري لم يشارك في معركة حلب")
    assert "لم" in got["negation"] and "(#2)" in got["negation"]


def test_negation_in_both_claims_is_no_evidence() -> None:
    got = evidence("الجيش السوري لم يشارك في معركة حلب", "الجيش السوري لم يشارك بعد في معركة حلب")
    assert "negation" not in got


def test_ghair_before_an_adjective_is_not_a_negation() -> None:
    assert not features("ارتفاع غير مسبوق في أسعار الذهب").cues["negation"]
    got = evidence("ارتفاع غير مسبوق في أسعار الذهب اليوم", "ارتفاع في أسعار الذهب اليوم")
    assert "negation" not in got
    assert features("الخبر غير صحيح").cues["denial"] == ("غير صحيح",)


def test_negation_english_with_contractions() -> None:
    got = evidence(
        "Apple will hold a launch event in February", "Apple won't hold a launch event in February"
    )
    assert "'not' (#2)" in got["negation"]
    assert "negation" not in evidence(
        "Apple will not hold a launch event in February",
        "Apple isn't holding a launch event in February",
    )


def test_denial_english_and_arabic() -> None:
    assert "denial" in evidence(
        "A bird pooped on Vladimir Putin during a speech",
        "Video of a bird pooping on Vladimir Putin during a speech is a hoax",
    )
    assert "denial" in evidence(
        "انسحاب القوات التركية من مدينة عفرين", "الجيش التركي ينفي انسحاب القوات من مدينة عفرين"
    )
    assert "denial" not in evidence(
        "انسحاب القوات التركية من مدينة عفرين", "بدء انسحاب القوات التركية من مدينة عفرين"
    )


# --- exclusivity ---------------------------------------------------------------------


def test_exclusivity_against_addition() -> None:
    got = evidence(
        "الطيران الروسي يستهدف تنظيم داعش وحده في سوريا",
        "الطيران الروسي يستهدف تنظيم داعش وتنظيمات أخرى في سوريا",
    )
    assert "وحده" in got["exclusivity"] and "addition" in got["exclusivity"]
    got = evidence(
        "Russian jets strike only ISIS in Syria", "Russian jets strike ISIS and others in Syria"
    )
    assert "'only' (#1)" in got["exclusivity"]


def test_unity_is_not_alone() -> None:
    """ة → ه folding must not turn وحدة (unity) into the cue وحده (alone)."""
    assert not features("حكومة الوحدة الوطنية في ليبيا").cues["exclusive"]
    assert features("الحكومة وحدها في ليبيا").cues["exclusive"] == ("وحدها",)
    got = evidence(
        "حكومة الوحدة الوطنية تسيطر على طرابلس", "حكومة الوحدة الوطنية لا تسيطر على طرابلس"
    )
    assert "exclusivity" not in got and "negation" in got


def test_a_headline_tag_exclusive_is_not_exclusivity() -> None:
    assert not features("Christian Bale in talks to play Steve Jobs Exclusive").cues["exclusive"]


# --- antonyms ------------------------------------------------------------------------


def test_antonyms_arabic_and_english() -> None:
    got = evidence(
        "ارتفاع أسعار النفط في الأسواق العالمية", "انخفاض أسعار النفط في الأسواق العالمية"
    )
    assert got["antonym"] == "'ارتفاع' (#1) vs 'انخفاض' (#2)"
    got = evidence("Oil prices rise on global markets", "Oil prices fell on global markets")
    assert got["antonym"] == "'rise' (#1) vs 'fell' (#2)"
    got = evidence(
        "The parliament accepted the budget plan", "The parliament rejected the budget plan"
    )
    assert "antonym" in got


def test_the_same_direction_is_no_antonym() -> None:
    assert "antonym" not in evidence(
        "ارتفاع أسعار النفط في الأسواق العالمية", "ارتفاع كبير لأسعار النفط في الأسواق العالمية"
    )
    assert "antonym" not in evidence("Oil prices rise on markets", "Oil prices rising on markets")


# --- numbers -------------------------------------------------------------------------


def test_a_different_number_for_the_same_quantity() -> None:
    got = evidence(
        "Air strikes near Raqqa killed 12 ISIS members",
        "Air strikes near Raqqa killed 30 ISIS members",
    )
    assert got["number"] == "'12' (#1) vs '30' (#2)"
    got = evidence(
        "الصليب الأحمر يسحب 71 عامل إغاثة من اليمن", "الصليب الأحمر يسحب ١٧ عامل إغاثة من اليمن"
    )
    assert "number" in got
    # digits of any script and number words are one value
    assert "number" not in evidence(
        "الصليب الأحمر يسحب 71 عامل إغاثة من اليمن", "الصليب الأحمر يسحب ٧١ عامل إغاثة من اليمن"
    )
    assert "number" not in evidence(
        "السجن المؤبد لستة صحفيين في تركيا", "السجن المؤبد لـ 6 صحفيين في تركيا"
    )


# --- one word swapped ----------------------------------------------------------------


def test_one_name_swapped() -> None:
    got = evidence(
        "ملياردير أميركي مدمن على شراء أسهم أبل", "ملياردير أميركي مدمن على شراء أسهم تسلا"
    )
    assert got["swap"] == "'ابل' (#1) vs 'تسلا' (#2)"
    assert "swap" in evidence(
        "Protesters gathered in Cairo on Friday", "Protesters gathered in Alexandria on Friday"
    )


def test_an_inflected_word_is_not_a_swap() -> None:
    assert "swap" not in evidence(
        "ملياردير أميركي مدمن على شراء أسهم أبل", "ملياردير أميركي يدمن شراء أسهم أبل"
    )
    assert kind_of(
        "Protesters gathered in Cairo on Friday", "Protesters gather in Cairo on Friday"
    ) != ("contradiction")


# --- acts ----------------------------------------------------------------------------


def test_asserts_against_denies_on_the_same_subject() -> None:
    got = evidence(
        "Russian jets struck a hospital in Idlib",
        "Russian jets struck a hospital in Idlib",
        "asserts",
        "denies",
    )
    assert got == {"act": "asserts (#1) vs denies (#2)"}
    assert (
        evidence(
            "Russian jets struck a hospital in Idlib",
            "Russian jets struck a hospital in Idlib",
            "asserts",
            "asserts",
        )
        == {}
    )


# --- gating, supports, duplicates ----------------------------------------------------


def test_unrelated_claims_are_never_paired() -> None:
    """Both claims carry a cue word; nothing else is shared."""
    assert (
        kind_of("لم يحضر الوزير اجتماع مجلس الأمن", "مهرجان السينما يفتتح دورته الجديدة فقط")
        is None
    )
    assert (
        kind_of("The minister did not attend the meeting", "Only the football club signed a coach")
        is None
    )


def test_a_paraphrase_without_conflict_is_a_support() -> None:
    assert kind_of(
        "نيكاي يرتفع لأعلى مستوى منذ 1991", "ارتفاع قياسي لمؤشر نيكاي لأعلى مستوى منذ ١٩٩١"
    ) in (
        "support",
        None,
    )
    assert (
        kind_of(
            "Missing Libyan jetliners raise fears of terror attacks on 9/11",
            "Missing Libyan jetliners raise fears of new terror attacks on 9/11",
        )
        == "support"
    )


def test_scores_spread_and_sort() -> None:
    claims = [
        claim(1, "Air strikes near Raqqa killed 12 ISIS members"),
        claim(2, "Air strikes near Raqqa killed 30 ISIS members"),
        claim(3, "Air strikes near Raqqa did not kill ISIS members"),
        claim(4, "Air strikes near Raqqa killed only ISIS members", "denies"),
        claim(5, "Air strikes near Raqqa killed 12 ISIS members and civilians"),
    ] + [claim(10 + n, t) for n, t in enumerate(FILLER)]
    found = suggest(claims, set(), 50)
    scores = [s.score for s in found]
    assert scores == sorted(scores, reverse=True)
    assert len(set(scores)) >= 4 and max(scores) - min(scores) > 0.3
    assert all(0 < s <= 1 for s in scores)


@pytest.mark.parametrize("translation", [True, False])
def test_cross_language_pairs_meet_through_the_translation(translation: bool) -> None:
    ar = claim(
        1,
        "الطيران الروسي يستهدف تنظيم داعش حصرا",
        translation="Russian aviation targets ISIS exclusively" if translation else None,
    )
    en = claim(2, "Russian aviation targets ISIS and other groups")
    filler = [claim(10 + n, t) for n, t in enumerate(FILLER)]
    found = [s for s in suggest([ar, en, *filler], set(), 10) if (s.a, s.b) == (1, 2)]
    assert bool(found) == translation


def test_named_entities_join_names_through_their_aliases() -> None:
    """داعش, الدولة الإسلامية, ISIS and "Islamic State" are one entity's name and aliases."""
    from claimdb.analysis.evidence import features, overlap
    from claimdb.analysis.term_index import Mentions
    from claimdb.text.normalize import normalize

    names = ("ISIS", "داعش", "الدولة الإسلامية", "Islamic State")
    isis = Mentions([(normalize(n), 7) for n in names])
    pairs = [
        (
            "Russian jets strike ISIS exclusively",
            "Russian jets strike the Islamic State and others",
        ),
        ("الطيران الروسي يستهدف داعش حصرا", "الطيران الروسي يستهدف الدولة الإسلامية وغيرها"),
    ]
    for a, b in pairs:
        plain = overlap(features(a), features(b), lambda t: 1.0)[0]
        named = overlap(features(a, None, isis), features(b, None, isis), lambda t: 1.0)[0]
        assert named > plain, (a, b)
        claims = [claim(1, a), claim(2, b)] + [claim(10 + n, t) for n, t in enumerate(FILLER)]
        (hit,) = [s for s in suggest(claims, set(), 10, mentions=isis) if (s.a, s.b) == (1, 2)]
        assert hit.kind == "contradiction" and "exclusivity" in {e.kind for e in hit.evidence}
