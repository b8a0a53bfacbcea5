"""Light stemming: Arabic article and proclitics, English inflection, guards."""

import pytest

from claimdb.text.stem import stem, terms


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
