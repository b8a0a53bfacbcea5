"""The query (pure): words and phrases, and how closely a claim's key and text meet it."""

from __future__ import annotations

from claimdb.text.query import AS_WRITTEN, FOLDED, STEM, UNSURE, parse
from claimdb.text.stem import search_key


def tier(query: str, text: str) -> int | None:
    q = parse(query)
    assert q is not None
    found = q.tier(search_key(text, None, None))
    return q.tier(search_key(text, None, None), (text, None, None)) if found == UNSURE else found


def test_the_key_alone_tells_exact_from_folded_when_it_can():
    q = parse("غزة")
    assert q.tier(search_key("قصف غزة", None, None)) == AS_WRITTEN
    assert q.tier(search_key("قصف غزه", None, None)) == FOLDED
    assert q.tier(search_key("قصف بغزة", None, None)) == STEM
    assert q.tier(search_key("قصف حلب", None, None)) is None


def test_a_word_written_both_ways_is_read_from_the_text():
    both = "قال علي إنه على حق"
    assert parse("علي").tier(search_key(both, None, None)) == UNSURE
    assert tier("علي", both) == AS_WRITTEN
    assert tier("علي", "سقطت القذائف على القرية") == FOLDED
    assert tier("على", "سقطت القذائف على القرية") == AS_WRITTEN


def test_phrases_and_unclosed_quotes():
    q = parse('"الجيش الإسرائيلي" غزة "قصف')
    assert q.parts == (("الجيش", "الاسراءيلي"), ("غزه",), ("قصف",))
    assert tier('"جيش اسرائيلي"', "قال للجيش الإسرائيلي") == STEM
    assert tier('"اسرائيلي جيش"', "قال للجيش الإسرائيلي") is None
    assert parse(' *** "" ') is None


def test_fts_match_quotes_every_stem():
    assert parse('والفيديو "x*"').fts_match() == 'search_key : "فيديو" AND search_key : "x"'
