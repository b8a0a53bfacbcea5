"""Light stemming: Arabic article and proclitics, English inflection, guards."""

import pytest

from claimdb.text.stem import index_stems, search_key, split_key, stem, terms


@pytest.mark.parametrize(
    ("written", "stemmed"),
    [
        ("والفيديو", "فيديو"),  # و + ال
        ("بالفيديو", "فيديو"),  # ب + ال
        ("الفيديو", "فيديو"),  # ال
        ("وفيديو", "فيديو"),  # و alone, four letters left
        ("للجيش", "جيش"),  # ل + ال, alef elided
        ("فيديو", "فيديو"),  # begins with ف, which is not a proclitic here
        ("وزير", "وزير"),  # و alone with three letters left: kept
        ("بيان", "بيان"),
        ("ال", "ال"),  # never shrinks to nothing
    ],
)
def test_arabic_article_and_proclitics(written, stemmed):
    assert terms(written) == [stemmed]


def test_english_inflections_meet():
    assert stem("strikes") == stem("striking") == stem("strike")
    assert terms("Claims denied") == ["claim", "deni"]


def test_short_and_other_scripts_unchanged():
    assert stem("uae") == "uae"  # three letters or fewer: left as typed
    assert stem("лавров") == "лавров"


@pytest.mark.parametrize(
    ("written", "stemmed"),
    [
        ("فالفيديو", "فيديو"),  # ف + ال
        ("كالفيديو", "فيديو"),  # ك + ال
        ("وبالفيديو", "فيديو"),  # و + ب + ال
        ("وللجيش", "جيش"),  # و + لل
        ("الله", "الله"),  # not ال + له
        ("والله", "الله"),  # the proclitic goes, the word stays
        ("الذي", "الذي"),
        ("لل", "لل"),
    ],
)
def test_more_proclitics_and_words_that_only_look_like_the_article(written, stemmed):
    assert terms(written) == [stemmed]


def test_hamza_seats_fold_to_one_form():
    assert terms("مسئول") == terms("مسؤول") == ["مسءول"]
    assert terms("الشئون") == terms("شؤون") == ["شءون"]
    assert stem("مسئول") == stem("مسؤول")  # even a word that skipped normalize


def test_a_lone_proclitic_gives_a_second_stem_only():
    assert index_stems("بغزه") == ("بغزه", "غزه")
    assert index_stems("وبغزه") == ("بغزه", "غزه")
    assert index_stems("بلد") == ("بلد",)  # two letters would be left: nothing more
    assert index_stems("بالفيديو") == ("فيديو",)  # the article was there: no guess


def test_search_key_holds_words_then_new_stems():
    key = search_key("قال المسؤول بغزة", None, "Strikes")
    # words | stems | Arabic words as written where normalising changes them
    assert key == "قال المسءول بغزه strikes | مسءول غزه strike | المسؤول بغزة"
    assert split_key(key) == (
        ["قال", "المسءول", "بغزه", "strikes"],
        ["مسءول", "غزه", "strike"],
    )
    assert search_key("قال", None, None) == "قال"  # no stem to add, no mark
    assert search_key("غزة", None, None) == "غزه |  | غزة"
